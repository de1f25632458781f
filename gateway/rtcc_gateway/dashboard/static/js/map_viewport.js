// The map's view: a local equirectangular projection (exact enough for a city) around a centre
// that the analyst moves, at a scale the analyst zooms. No tiles: nothing is fetched to draw it.

export const WIDTH = 900;
export const HEIGHT = 560;
const METRES_PER_DEGREE = 111320;
const MIN_SCALE = 0.0005; // pixels per metre: a whole state on the screen
const MAX_SCALE = 40; // a street corner
const FALLBACK_CENTRE = { lat: 41.8781, lon: -87.6298 };

export function viewport(cameras) {
  const lats = cameras.map((c) => c.location.lat);
  const lons = cameras.map((c) => c.location.lon);
  const origin = cameras.length
    ? { lat: (Math.min(...lats) + Math.max(...lats)) / 2, lon: (Math.min(...lons) + Math.max(...lons)) / 2 }
    : FALLBACK_CENTRE;
  // Metres per degree of longitude are fixed at the origin, so panning never reshapes the map.
  const perLon = METRES_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180);
  const spanX = cameras.length ? (Math.max(...lons) - Math.min(...lons)) * perLon : 0;
  const spanY = cameras.length ? (Math.max(...lats) - Math.min(...lats)) * METRES_PER_DEGREE : 0;
  const fitScale = Math.min((WIDTH * 0.8) / Math.max(spanX, 400), (HEIGHT * 0.8) / Math.max(spanY, 400));
  let centre = { ...origin };
  let scale = fitScale;

  const view = {
    get scale() {
      return scale;
    },
    toXY(lat, lon) {
      return [WIDTH / 2 + (lon - centre.lon) * perLon * scale, HEIGHT / 2 - (lat - centre.lat) * METRES_PER_DEGREE * scale];
    },
    toLatLon(x, y) {
      return [centre.lat - (y - HEIGHT / 2) / scale / METRES_PER_DEGREE, centre.lon + (x - WIDTH / 2) / scale / perLon];
    },
    // The grid is anchored to the origin, so its lines travel with the cameras when panning.
    originXY() {
      return view.toXY(origin.lat, origin.lon);
    },
    panBy(dx, dy) {
      const [lat, lon] = view.toLatLon(WIDTH / 2 - dx, HEIGHT / 2 - dy);
      centre = { lat, lon };
    },
    // Zoom by `factor`, keeping the place under (x, y) where it is on the screen.
    zoomAt(factor, x = WIDTH / 2, y = HEIGHT / 2) {
      const [lat, lon] = view.toLatLon(x, y);
      scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor));
      const [nx, ny] = view.toXY(lat, lon);
      view.panBy(x - nx, y - ny);
    },
    centreOn(lat, lon) {
      centre = { lat, lon };
    },
    contains(x, y) {
      return x >= 0 && x <= WIDTH && y >= 0 && y <= HEIGHT;
    },
    fit() {
      centre = { ...origin };
      scale = fitScale;
    },
  };
  return view;
}

export function niceStep(metres) {
  for (const step of [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000]) {
    if (step >= metres) return step;
  }
  return 500000;
}

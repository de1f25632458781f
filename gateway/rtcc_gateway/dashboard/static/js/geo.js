// Plain geometry on the map's scale (a city, not a continent): distances, circles and camera
// view cones as GeoJSON polygons, and which cameras lie inside a drawn area.

const EARTH_RADIUS_M = 6_371_000;
const toRad = (deg) => (deg * Math.PI) / 180;
const toDeg = (rad) => (rad * 180) / Math.PI;

export function distanceM(lat1, lon1, lat2, lon2) {
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

// The point `metres` from (lat, lon) towards `bearing` degrees (0 = north, clockwise).
export function destination(lat, lon, bearing, metres) {
  const d = metres / EARTH_RADIUS_M;
  const b = toRad(bearing);
  const p1 = toRad(lat);
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 = toRad(lon) + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [toDeg(l2), toDeg(p2)];
}

export function circlePolygon(lat, lon, radiusM, steps = 64) {
  const ring = [];
  for (let i = 0; i <= steps; i += 1) ring.push(destination(lat, lon, (360 * i) / steps, radiusM));
  return { type: "Polygon", coordinates: [ring] };
}

// What a camera sees: a sector from its position along its heading, as wide as its field of view.
export function conePolygon(lat, lon, heading, fov, reachM) {
  const ring = [[lon, lat]];
  const steps = Math.max(4, Math.ceil(fov / 10));
  for (let i = 0; i <= steps; i += 1) ring.push(destination(lat, lon, heading - fov / 2 + (fov * i) / steps, reachM));
  ring.push([lon, lat]);
  return { type: "Polygon", coordinates: [ring] };
}

// Ray casting over [lon, lat] vertices; the ring need not repeat its first vertex.
export function insidePolygon(lon, lat, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function polygonAreaM2(ring) {
  if (ring.length < 3) return 0;
  const lat0 = ring.reduce((sum, [, lat]) => sum + lat, 0) / ring.length;
  const kx = (Math.PI / 180) * EARTH_RADIUS_M * Math.cos(toRad(lat0));
  const ky = (Math.PI / 180) * EARTH_RADIUS_M;
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    twice += ring[j][0] * kx * (ring[i][1] * ky) - ring[i][0] * kx * (ring[j][1] * ky);
  }
  return Math.abs(twice) / 2;
}

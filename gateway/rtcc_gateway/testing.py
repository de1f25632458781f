"""For tests of the gateway and of the suite: a small local geocoder that speaks Nominatim's
/search JSON over real HTTP, answering from a gazetteer it is given."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class LocalGeocoder:
    """Places by name; a query matches every place whose name holds all its words."""

    places: dict[str, tuple[float, float]]
    delay_s: float = 0.0
    queries: list[dict[str, list[str]]] = field(default_factory=list)
    url: str = ""

    def answer(self, query: dict[str, list[str]]) -> list[dict[str, str]]:
        words = query.get("q", [""])[0].lower().replace("&", " ").split()
        limit = int(query.get("limit", ["10"])[0])
        found = [
            {
                "place_id": str(i),
                "lat": f"{lat:.7f}",
                "lon": f"{lon:.7f}",
                "display_name": name,
                "category": "place",
                "type": "house",
            }
            for i, (name, (lat, lon)) in enumerate(self.places.items())
            if all(word in name.lower() for word in words)
        ]
        return found[:limit]


@contextmanager
def local_geocoder(
    places: dict[str, tuple[float, float]], *, delay_s: float = 0.0
) -> Iterator[LocalGeocoder]:
    geocoder = LocalGeocoder(places=places, delay_s=delay_s)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path != "/search":
                self.send_error(404)
                return
            query = parse_qs(parts.query)
            geocoder.queries.append(query)
            time.sleep(geocoder.delay_s)
            body = json.dumps(geocoder.answer(query)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    geocoder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield geocoder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

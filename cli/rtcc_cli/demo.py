"""`rtcc up --demo`: simulated cameras on a real RTSP server and a simulated plate-reader feed,
registered through the public API, so a newcomer sees live video, recordings and plate alerts.

Everything goes through the gateway as an integrator's script would; re-running the demo on
the same data dir updates what it registered instead of adding copies.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from rtcc_cli import demo_accounts
from rtcc_cli.camsim import CameraSimulator, CameraSpec
from rtcc_cli.demo_fleet import fleet_rows
from rtcc_common.logging import get_logger
from rtcc_gateway.auth.tokens import issue_token, load_or_create_signing_key

log = get_logger("rtcc.demo")

# A downtown block; the readers and cameras sit a few hundred metres apart.
CAMERAS = (
    ("demo-cam-1", "Main St & 1st Ave", "city", (41.8785, -87.6302)),
    ("demo-cam-2", "Harbor Plaza garage", "business", (41.8772, -87.6281)),
    ("demo-cam-3", "Elm St porch", "resident", (41.8796, -87.6317)),
)
READERS = (
    ("demo-reader-north", (41.8810, -87.6298)),
    ("demo-reader-south", (41.8750, -87.6295)),
)
DEMO_STATE = "CA"
HOTLIST_NAME = "Demo stolen vehicles"
STOLEN_PLATE = "8DMO777"
FEED_PERIOD_S = 3.0
# The stolen plate passes a reader in the first batch and then every this many batches, so a
# newcomer sees an alert at once and then every half minute.
STOLEN_EVERY_BATCHES = 10


def camera_specs() -> list[CameraSpec]:
    return [
        CameraSpec(
            name=name, width=1280, height=720, fps=10, bitrate_kbps=1500, keyframe_interval=20
        )
        for name, *_ in CAMERAS
    ]


def _camera_rows(sim: CameraSimulator) -> list[dict[str, Any]]:
    return [
        {
            "external_id": name,
            "name": f"{address} ({name})",
            "ownership": ownership,
            "technology": "fixed",
            "location": {"lat": lat, "lon": lon, "address": address},
            "stream_url": sim.url(name),
            "permissions": {"live": True, "record": True, "plate_reading": True},
            "lifecycle": "active",
            "tags": ["demo"],
        }
        for name, address, ownership, (lat, lon) in CAMERAS
    ]


async def _approve_technologies(client: httpx.AsyncClient) -> None:
    """The ordinance asks the council to approve each technology before use; the demo city's
    council has approved them all."""
    technologies = (await client.get("/v1/oversight/technologies")).raise_for_status().json()
    for technology in technologies:
        if technology["status"] == "approved":
            continue
        decision = {
            "status": "approved",
            "ordinance_ref": "DEMO-ORD-2026-1",
            "use_policy": "Demonstration data only: simulated cameras and plate reads.",
        }
        reply = await client.put(f"/v1/oversight/technologies/{technology['key']}", json=decision)
        reply.raise_for_status()


async def _ensure_hotlist(client: httpx.AsyncClient, plates: list[str]) -> None:
    listed = (await client.get("/v1/lpr/hotlists")).raise_for_status().json()["hotlists"]
    existing = next((h for h in listed if h["name"] == HOTLIST_NAME), None)
    if existing is None:
        reply = await client.post("/v1/lpr/hotlists", json={"name": HOTLIST_NAME, "source": "demo"})
        existing = reply.raise_for_status().json()
    entries = [
        {
            "plate": plate,
            "state": DEMO_STATE,
            "reason": "stolen vehicle (demo)",
            "case_number": "DEMO-0001",
            "vehicle_description": "grey sedan",
        }
        for plate in plates
    ]
    reply = await client.post(
        f"/v1/lpr/hotlists/{existing['id']}/entries", json={"entries": entries}
    )
    # Entries already on the list from an earlier run are refused as duplicates, which is fine.
    if reply.status_code not in (201, 409):
        reply.raise_for_status()


def _random_plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return f"{rng.randint(1, 9)}{''.join(rng.choices(letters, k=3))}{rng.randint(0, 999):03d}"


def _read(reader_id: str, lat: float, lon: float, plate: str, confidence: float) -> dict[str, Any]:
    return {
        "read_id": uuid.uuid4().hex,
        "plate": plate,
        "state": DEMO_STATE,
        "confidence": confidence,
        "reader_id": reader_id,
        "observed_at": datetime.now(UTC).isoformat(),
        "latitude": lat,
        "longitude": lon,
    }


async def _plate_feed(client: httpx.AsyncClient) -> None:
    """Two fixed readers pushing a few reads every few seconds, as a real reader would."""
    rng = random.Random()
    batch = 0
    while True:
        reads = [
            _read(reader_id, lat, lon, _random_plate(rng), round(rng.uniform(0.82, 0.99), 2))
            for reader_id, (lat, lon) in READERS
            for _ in range(rng.randint(0, 2))
        ]
        if batch % STOLEN_EVERY_BATCHES == 0:
            reader_id, (lat, lon) = rng.choice(READERS)
            reads.append(_read(reader_id, lat, lon, STOLEN_PLATE, 0.95))
        if reads:  # some periods no car passes either reader
            try:
                (await client.post("/v1/lpr/reads", json={"reads": reads})).raise_for_status()
            except httpx.HTTPError as exc:
                log.warning("demo_reads_not_sent", error=str(exc))
        batch += 1
        await asyncio.sleep(FEED_PERIOD_S)


class Demo:
    def __init__(
        self, *, gateway_url: str, key_file: Path, data_dir: Path, cameras: int = 0
    ) -> None:
        self.gateway_url = gateway_url
        # Cameras registered in all: the simulated ones, then a city's worth along the streets.
        self.cameras = max(cameras, len(CAMERAS))
        self.data_dir = data_dir
        self.accounts: dict[str, demo_accounts.DemoAccount] = {}
        self.simulator = CameraSimulator(camera_specs(), host="127.0.0.1", port=0)
        self._key = load_or_create_signing_key(key_file)
        self._feed: asyncio.Task[None] | None = None
        self._clients: list[httpx.AsyncClient] = []

    def _client(self, role: str, subject: str) -> httpx.AsyncClient:
        token = issue_token(self._key, role=role, subject=subject)
        client = httpx.AsyncClient(
            base_url=self.gateway_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        self._clients.append(client)
        return client

    async def start(self) -> None:
        await asyncio.to_thread(self.simulator.start)
        admin = self._client("admin", "rtcc-demo")
        await _approve_technologies(admin)
        reply = await admin.post("/v1/cameras/import", json=_camera_rows(self.simulator))
        report = reply.raise_for_status().json()
        if self.cameras > len(CAMERAS):
            rows = fleet_rows(self.cameras - len(CAMERAS), list(self.simulator.urls().values()))
            fleet = await admin.post("/v1/cameras/import", json=rows, timeout=600)
            log.info(
                "demo_fleet_imported", cameras=len(rows), report=fleet.raise_for_status().json()
            )
        plates = [STOLEN_PLATE, *(spec.shown_plates()[0] for spec in camera_specs())]
        await _ensure_hotlist(admin, plates)
        self.accounts = await demo_accounts.ensure_accounts(admin, self.data_dir)
        self._feed = asyncio.create_task(_plate_feed(self._client("reader", "demo-readers")))
        log.info("demo_started", cameras=self.simulator.urls(), import_report=report)

    async def stop(self) -> None:
        if self._feed is not None:
            self._feed.cancel()
            await asyncio.gather(self._feed, return_exceptions=True)
        for client in self._clients:
            await client.aclose()
        await asyncio.to_thread(self.simulator.stop)

    def describe(self) -> str:
        lines = [f"  {name}: {url}" for name, url in self.simulator.urls().items()]
        return (
            "Demo: simulated cameras (RTSP, also registered in the camera registry):\n"
            + "\n".join(lines)
            + (
                f"\n  and {self.cameras - len(CAMERAS)} more cameras along the demo city's streets"
                " showing those streams (live view only, not recorded)"
                if self.cameras > len(CAMERAS)
                else ""
            )
            + f"\n  plate readers {', '.join(r for r, _ in READERS)} push reads every "
            f"{FEED_PERIOD_S:.0f} s; {STOLEN_PLATE} ({DEMO_STATE}) is on the hotlist "
            f"'{HOTLIST_NAME}' and raises alerts (GET /v1/lpr/alerts/stream)\n"
            + demo_accounts.describe(self.accounts, self.data_dir)
        )

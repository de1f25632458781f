"""Live-wall layouts that a person saves under a name and opens again: how many tiles, and which
camera each tile shows. Each person sees only their own."""

from __future__ import annotations

import json
import time

from sqlmodel import col, select

from rtcc_common.errors import InvalidArgument, NotFound
from rtcc_common.service_runtime import Database
from rtcc_recorder.models import ViewLayout

TILE_COUNTS = (1, 4, 9, 16)
MAX_LAYOUTS = 100
MAX_NAME = 100


def camera_ids(layout: ViewLayout) -> list[str]:
    ids: list[str] = json.loads(layout.camera_ids_json)
    return ids


def _check(owner: str, name: str, tiles: int, cameras: list[str]) -> None:
    if not owner.strip():
        raise InvalidArgument("owner is required")
    if not name.strip() or len(name) > MAX_NAME:
        raise InvalidArgument(f"a layout needs a name of 1 to {MAX_NAME} characters")
    if tiles not in TILE_COUNTS:
        raise InvalidArgument("a layout has 1, 4, 9 or 16 tiles")
    if len(cameras) > tiles:
        raise InvalidArgument(f"{len(cameras)} cameras do not fit in {tiles} tiles")
    if any(len(c) > 64 for c in cameras):
        raise InvalidArgument("a camera id has at most 64 characters")


async def save_layout(
    db: Database, *, owner: str, name: str, tiles: int, cameras: list[str]
) -> ViewLayout:
    """Creates the layout, or replaces the one of that name."""
    _check(owner, name, tiles, cameras)
    padded = [*cameras, *[""] * (tiles - len(cameras))]
    async with db.sessions() as session:
        rows = await session.execute(select(ViewLayout).where(col(ViewLayout.owner) == owner))
        mine = list(rows.scalars())
        layout = next((x for x in mine if x.name == name.strip()), None)
        if layout is None:
            if len(mine) >= MAX_LAYOUTS:
                raise InvalidArgument(f"at most {MAX_LAYOUTS} saved layouts per person")
            layout = ViewLayout(owner=owner, name=name.strip(), tiles=tiles, camera_ids_json="")
            session.add(layout)
        layout.tiles = tiles
        layout.camera_ids_json = json.dumps(padded)
        layout.updated_ts = time.time()
        await session.commit()
        return layout


async def list_layouts(db: Database, *, owner: str) -> list[ViewLayout]:
    if not owner.strip():
        raise InvalidArgument("owner is required")
    async with db.sessions() as session:
        rows = await session.execute(
            select(ViewLayout).where(col(ViewLayout.owner) == owner).order_by(col(ViewLayout.name))
        )
        return list(rows.scalars())


async def delete_layout(db: Database, *, owner: str, name: str) -> None:
    async with db.sessions() as session:
        rows = await session.execute(
            select(ViewLayout).where(col(ViewLayout.owner) == owner, col(ViewLayout.name) == name)
        )
        found = rows.scalars().first()
        if found is None:
            raise NotFound(f"no layout named {name!r}")
        await session.delete(found)
        await session.commit()

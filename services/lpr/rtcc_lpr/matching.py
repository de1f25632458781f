"""Hotlist matching at ingest, in memory: one set lookup per list per read, whatever its size.

Each list keeps the keys `PLATE|STATE` of its entries (a plate from another state is another
car). A tolerant list also maps the OCR-confusion skeleton `SKELETON|STATE` to the plates that
have it. A hit names the list and the plates; the entries themselves (details, expiry) are read
from the database then, which is rare. A list is replaced in one assignment, so a read is
matched against the old list or the new one, never half of each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from rtcc_lpr.models import Hotlist, HotlistEntry, table

Plates = str | tuple[str, ...]


def _key(plate: str, state: str) -> str:
    return f"{plate}|{state}"


@dataclass
class ListIndex:
    tolerant: bool
    exact: set[str] = field(default_factory=set)
    by_skeleton: dict[str, Plates] = field(default_factory=dict)

    def add(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """Entries as (plate, state, skeleton)."""
        for plate, state, skeleton in entries:
            key = _key(plate, state)
            if key in self.exact:
                continue
            self.exact.add(key)
            if self.tolerant:
                skeleton_key = _key(skeleton, state)
                known = self.by_skeleton.get(skeleton_key)
                if known is None:
                    self.by_skeleton[skeleton_key] = plate
                else:
                    self.by_skeleton[skeleton_key] = (
                        (known, plate) if isinstance(known, str) else (*known, plate)
                    )

    def add_from(self, other: ListIndex) -> None:
        self.exact |= other.exact
        self.by_skeleton.update(other.by_skeleton)

    def discard(self, plate: str, state: str, skeleton: str) -> None:
        self.exact.discard(_key(plate, state))
        skeleton_key = _key(skeleton, state)
        known = self.by_skeleton.get(skeleton_key)
        if known is None:
            return
        rest = tuple(p for p in ((known,) if isinstance(known, str) else known) if p != plate)
        if rest:
            self.by_skeleton[skeleton_key] = rest
        else:
            del self.by_skeleton[skeleton_key]


@dataclass(frozen=True)
class Candidate:
    """Plates of one list that a read may be: its own (exact) or look-alikes (tolerant)."""

    hotlist_id: str
    plates: tuple[str, ...]


class HotlistIndex:
    def __init__(self) -> None:
        self._lists: dict[str, ListIndex] = {}

    def __len__(self) -> int:
        return sum(len(index.exact) for index in self._lists.values())

    def match(self, plate: str, state: str, skeleton: str) -> list[Candidate]:
        key = _key(plate, state)
        found = []
        for hotlist_id, index in self._lists.items():
            if key in index.exact:
                found.append(Candidate(hotlist_id, (plate,)))
            elif index.tolerant and (alike := index.by_skeleton.get(_key(skeleton, state))):
                found.append(Candidate(hotlist_id, (alike,) if isinstance(alike, str) else alike))
        return found

    def put_list(self, hotlist_id: str, index: ListIndex) -> None:
        self._lists = {**self._lists, hotlist_id: index}

    def get_list(self, hotlist_id: str, *, tolerant: bool) -> ListIndex:
        if hotlist_id not in self._lists:
            self.put_list(hotlist_id, ListIndex(tolerant=tolerant))
        return self._lists[hotlist_id]

    def drop_list(self, hotlist_id: str) -> None:
        self._lists = {k: v for k, v in self._lists.items() if k != hotlist_id}

    def replace_with(self, other: HotlistIndex) -> None:
        self._lists = other._lists


async def load_index(conn: AsyncConnection) -> HotlistIndex:
    """Every entry of every list; runs at start-up."""
    index = HotlistIndex()
    hotlists, entries = table(Hotlist), table(HotlistEntry)
    for hotlist_id, tolerant in await conn.execute(select(hotlists.c.id, hotlists.c.tolerant)):
        index.put_list(hotlist_id, ListIndex(tolerant=tolerant))
    query = select(entries.c.hotlist_id, entries.c.plate, entries.c.state, entries.c.skeleton)
    result = await conn.stream(query.execution_options(yield_per=100_000))
    async for partition in result.partitions():
        by_list: dict[str, list[tuple[str, str, str]]] = {}
        for hotlist_id, plate, state, skeleton in partition:
            by_list.setdefault(hotlist_id, []).append((plate, state, skeleton))
        for hotlist_id, rows in by_list.items():
            index.get_list(hotlist_id, tolerant=False).add(rows)
    return index

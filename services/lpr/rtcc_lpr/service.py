"""The lpr service's work, one transaction per call; the in-memory hotlist index and the
alert fan-out are changed only after the database has committed."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from rtcc_common.errors import InvalidArgument, NotFound
from rtcc_common.logging import get_logger
from rtcc_common.service_runtime import Database
from rtcc_lpr import hotlist_entries, hotlists, retention
from rtcc_lpr.alerts import AlertHub, Subscription, load_alerts
from rtcc_lpr.history import raise_historical_alerts
from rtcc_lpr.images import ImageData, ImageStore
from rtcc_lpr.ingest import Ingestor, NewRead, ReadResult
from rtcc_lpr.matching import HotlistIndex, ListIndex, load_index
from rtcc_lpr.metrics import ALERTS_RAISED, count_reads
from rtcc_lpr.models import HotlistEntry, PlateRead, table
from rtcc_lpr.repeats import RepeatRule
from rtcc_lpr.scope import Scope, scope_for
from rtcc_lpr.settings import Settings

log = get_logger(__name__)

MAX_ENTRIES_PER_ADD = 10_000
MAX_SEARCH_BACK_DAYS = 365


@dataclass(frozen=True)
class Requester:
    subject: str = ""
    agency: str = ""
    partner: bool = False


class LprService:
    def __init__(self, *, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.index = HotlistIndex()
        self.hub = AlertHub()
        self.images = ImageStore(settings.images_dir)
        self._ingestor = Ingestor(
            index=self.index,
            images=self.images,
            max_image_bytes=settings.max_image_bytes,
            repeats=RepeatRule(
                window=timedelta(seconds=settings.alert_repeat_window_s),
                radius_m=settings.alert_repeat_radius_m,
            ),
        )
        self._loaded = asyncio.Event()

    async def load(self) -> None:
        """Loads every hotlist entry into memory; ingest waits for it, then matches against it."""
        async with self.db.engine.connect() as conn:
            self.index.replace_with(await load_index(conn))
        self._loaded.set()
        log.info("hotlist_index_loaded", entries=len(self.index))

    async def run_background(self) -> None:
        """Start-up (the hotlist index), then retention for as long as the service runs."""
        await self.load()
        await self.retention_loop()

    async def scope(self, requester: Requester) -> Scope:
        async with self.db.engine.connect() as conn:
            return await scope_for(conn, partner=requester.partner, agency=requester.agency)

    async def ingest(self, reads: Sequence[NewRead]) -> list[ReadResult]:
        if len(reads) > self.settings.max_batch_reads:
            raise InvalidArgument(f"a batch holds at most {self.settings.max_batch_reads} reads")
        await self._loaded.wait()  # a read matched against half-loaded lists could miss a hit
        async with self.db.engine.begin() as conn:
            results, alert_ids = await self._ingestor.ingest(conn, reads)
        count_reads(results)
        if alert_ids:
            await self._publish(alert_ids)
        return results

    async def _publish(self, alert_ids: Sequence[str]) -> None:
        async with self.db.engine.connect() as conn:
            raised = await load_alerts(conn, alert_ids)
        self.hub.publish(raised)
        ALERTS_RAISED.inc(len(raised))
        for item in raised:
            log.info(
                "plate_alert_raised",
                alert_id=item.alert["id"],
                hotlist=item.alert["hotlist_name"],
                reader_id=item.read["reader_id"],
            )

    def watch_alerts(self) -> Subscription:
        return self.hub.subscribe()

    def load_image(self, image_id: str) -> ImageData:
        return self.images.load(image_id)

    async def attach_to_case(self, read_ids: Sequence[str], case_number: str) -> int:
        if not case_number.strip() or len(case_number) > 64:
            raise InvalidArgument("case_number is required (≤64 chars)")
        if not read_ids or len(read_ids) > 10_000:
            raise InvalidArgument("give 1 to 10000 read ids")
        reads = table(PlateRead)
        async with self.db.engine.begin() as conn:
            result = await conn.execute(
                reads.update().where(reads.c.read_id.in_(read_ids)).values(case_number=case_number)
            )
        return int(result.rowcount)

    async def add_entries(
        self, hotlist_id: str, entries: Sequence[hotlist_entries.NewEntry], search_back_days: int
    ) -> tuple[list[dict[str, Any]], int]:
        if not entries or len(entries) > MAX_ENTRIES_PER_ADD:
            raise InvalidArgument(f"give 1 to {MAX_ENTRIES_PER_ADD} entries (bulk: import)")
        if not 0 <= search_back_days <= MAX_SEARCH_BACK_DAYS:
            raise InvalidArgument(f"search_back_days must be 0-{MAX_SEARCH_BACK_DAYS}")
        for number, entry in enumerate(entries):
            if problem := hotlist_entries.entry_problem(entry):
                raise InvalidArgument(f"entry {number}: {problem}")
        async with self.db.engine.begin() as conn:
            hotlist = await hotlists.get_hotlist(conn, hotlist_id)
            rows = [hotlist_entries.entry_row(hotlist_id, e) for e in entries]
            entry_table = table(HotlistEntry)
            ids = [
                (
                    await conn.execute(
                        entry_table.insert().values(**row).returning(entry_table.c.id)
                    )
                ).scalar_one()
                for row in rows
            ]
            await hotlists.touch_hotlist(conn, hotlist_id)
            stored = await hotlist_entries.entries_by_id(conn, ids)
            await self._loaded.wait()
            alert_ids: list[str] = []
            if search_back_days:
                since = datetime.now(UTC) - timedelta(days=search_back_days)
                alert_ids = await raise_historical_alerts(
                    conn, stored, tolerant=hotlist["tolerant"], since=since
                )
        self.index.get_list(hotlist_id, tolerant=hotlist["tolerant"]).add(
            (e["plate"], e["state"], e["skeleton"]) for e in stored
        )
        if alert_ids:
            await self._publish(alert_ids)
        return stored, len(alert_ids)

    async def remove_entry(self, hotlist_id: str, entry_id: int) -> None:
        entries = table(HotlistEntry)
        async with self.db.engine.begin() as conn:
            row = (
                await conn.execute(
                    select(entries).where(
                        entries.c.id == entry_id, entries.c.hotlist_id == hotlist_id
                    )
                )
            ).first()
            if row is None:
                raise NotFound(f"entry {entry_id} is not on hotlist {hotlist_id}")
            await conn.execute(entries.delete().where(entries.c.id == entry_id))
            same = await hotlist_entries.entries_matching(
                conn, hotlist_id=hotlist_id, plates=[row.plate], state=row.state
            )
        if not same:  # another entry of the list may name the same plate
            self.index.get_list(hotlist_id, tolerant=False).discard(
                row.plate, row.state, row.skeleton
            )

    async def import_hotlist(
        self, hotlist_id: str, data: bytes, replace: bool
    ) -> hotlists.ImportReport:
        await self._loaded.wait()
        async with self.db.engine.begin() as conn:
            hotlist = await hotlists.get_hotlist(conn, hotlist_id)
            current = self.index.get_list(hotlist_id, tolerant=hotlist["tolerant"])
            # Built aside and put in place after the commit: readers see all of it or none.
            index = ListIndex(tolerant=hotlist["tolerant"])
            if not replace:
                index.add_from(current)
            report = await hotlists.import_csv(
                conn, hotlist_id=hotlist_id, data=data, replace=replace, index=index
            )
        self.index.put_list(hotlist_id, index)
        log.info(
            "hotlist_imported",
            hotlist_id=hotlist_id,
            imported=report.imported,
            rejected=report.rejected,
            replace=replace,
        )
        return report

    async def delete_hotlist(self, hotlist_id: str) -> None:
        async with self.db.engine.begin() as conn:
            await hotlists.delete_hotlist(conn, hotlist_id)
        self.index.drop_list(hotlist_id)

    async def sweep_retention(self) -> tuple[int, int]:
        """Deletes expired reads in batches, then the images nothing links any more."""
        deleted_reads = deleted_images = 0
        while True:
            async with self.db.engine.begin() as conn:
                count, image_ids = await retention.delete_expired_batch(
                    conn, days=self.settings.retention_days
                )
                orphans = await retention.unreferenced_images(conn, image_ids)
            deleted_reads += count
            deleted_images += await asyncio.to_thread(self._delete_images, orphans)
            if count < retention.SWEEP_BATCH:
                break
        log.info("retention_swept", deleted_reads=deleted_reads, deleted_images=deleted_images)
        return deleted_reads, deleted_images

    def _delete_images(self, image_ids: set[str]) -> int:
        return sum(self.images.delete(image_id) for image_id in image_ids)

    async def retention_loop(self) -> None:
        while True:
            try:
                await self.sweep_retention()
            except Exception:  # a failed sweep is retried on the next round
                log.exception("retention_sweep_failed")
            await asyncio.sleep(self.settings.retention_interval_s)

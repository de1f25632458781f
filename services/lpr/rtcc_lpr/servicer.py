"""gRPC <-> LprService: conversion only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, TypeAlias

import grpc

from rtcc.lpr.v1 import lpr_pb2, lpr_pb2_grpc
from rtcc_common.errors import InvalidArgument, ResourceExhausted
from rtcc_lpr import alerts, analysis, convert, hotlist_entries, hotlists, scope, search, tallies
from rtcc_lpr.ingest import ReadResult
from rtcc_lpr.recognition import Recognition
from rtcc_lpr.service import LprService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


class LprServicer(lpr_pb2_grpc.LprServiceServicer):
    def __init__(self, *, service: LprService, recognition: Recognition) -> None:
        self._service = service
        self._db = service.db
        self._recognition = recognition

    async def IngestReads(
        self, request: lpr_pb2.IngestReadsRequest, context: Context
    ) -> lpr_pb2.IngestReadsResponse:
        results = await self._service.ingest([convert.new_read(r) for r in request.reads])
        return convert.ingest_response(results)

    async def StreamReads(
        self, request_iterator: AsyncIterator[lpr_pb2.IngestReadsRequest], context: Context
    ) -> lpr_pb2.IngestReadsResponse:
        results: list[ReadResult] = []
        async for batch in request_iterator:
            offset = len(results)
            for result in await self._service.ingest([convert.new_read(r) for r in batch.reads]):
                result.index += offset
                results.append(result)
        return convert.ingest_response(results)

    async def SearchReads(
        self, request: lpr_pb2.SearchReadsRequest, context: Context
    ) -> lpr_pb2.SearchReadsResponse:
        query = convert.read_query(request)
        allowed = await self._service.scope(convert.requester(request.requester))
        async with self._db.engine.connect() as conn:
            rows, token = await search.search_reads(conn, query, allowed)
        return lpr_pb2.SearchReadsResponse(
            reads=[convert.read_to_proto(r) for r in rows], next_page_token=token
        )

    async def Stakeout(
        self, request: lpr_pb2.StakeoutRequest, context: Context
    ) -> lpr_pb2.StakeoutResponse:
        allowed = await self._service.scope(convert.requester(request.requester))
        async with self._db.engine.connect() as conn:
            plates, truncated = await analysis.stakeout(
                conn,
                area=convert.area(request.area, request.HasField("area")),
                reader_ids=tuple(request.reader_ids),
                start=convert.time_from(request, "start"),
                end=convert.time_from(request, "end"),
                limit=request.limit,
                scope=allowed,
            )
        return lpr_pb2.StakeoutResponse(
            plates=[convert.sighting_to_proto(s) for s in plates], truncated=truncated
        )

    async def Convoy(
        self, request: lpr_pb2.ConvoyRequest, context: Context
    ) -> lpr_pb2.ConvoyResponse:
        allowed = await self._service.scope(convert.requester(request.requester))
        async with self._db.engine.connect() as conn:
            companions, target_reads = await analysis.convoy(
                conn,
                plate=request.plate,
                state=request.state,
                start=convert.time_from(request, "start"),
                end=convert.time_from(request, "end"),
                window_minutes=request.window_minutes or 5,
                min_occurrences=request.min_occurrences or 2,
                scope=allowed,
            )
        return lpr_pb2.ConvoyResponse(
            companions=[convert.sighting_to_proto(s) for s in companions], target_reads=target_reads
        )

    async def GetImage(
        self, request: lpr_pb2.GetImageRequest, context: Context
    ) -> lpr_pb2.GetImageResponse:
        image = self._service.load_image(request.image_id)
        return lpr_pb2.GetImageResponse(
            image=lpr_pb2.Image(data=image.data, content_type=image.content_type)
        )

    async def AttachReadsToCase(
        self, request: lpr_pb2.AttachReadsToCaseRequest, context: Context
    ) -> lpr_pb2.AttachReadsToCaseResponse:
        attached = await self._service.attach_to_case(list(request.read_ids), request.case_number)
        return lpr_pb2.AttachReadsToCaseResponse(attached=attached)

    async def CreateHotlist(
        self, request: lpr_pb2.CreateHotlistRequest, context: Context
    ) -> lpr_pb2.Hotlist:
        async with self._db.engine.begin() as conn:
            row = await hotlists.create_hotlist(
                conn, name=request.name, source=request.source, tolerant=request.tolerant
            )
        return convert.hotlist_to_proto(row)

    async def ListHotlists(
        self, request: lpr_pb2.ListHotlistsRequest, context: Context
    ) -> lpr_pb2.ListHotlistsResponse:
        async with self._db.engine.connect() as conn:
            rows = await hotlists.list_hotlists(conn)
        return lpr_pb2.ListHotlistsResponse(hotlists=[convert.hotlist_to_proto(r) for r in rows])

    async def GetHotlist(
        self, request: lpr_pb2.GetHotlistRequest, context: Context
    ) -> lpr_pb2.Hotlist:
        async with self._db.engine.connect() as conn:
            await hotlists.get_hotlist(conn, request.id)
            rows = await hotlists.list_hotlists(conn, request.id)
        return convert.hotlist_to_proto(rows[0])

    async def DeleteHotlist(
        self, request: lpr_pb2.DeleteHotlistRequest, context: Context
    ) -> lpr_pb2.DeleteHotlistResponse:
        await self._service.delete_hotlist(request.id)
        return lpr_pb2.DeleteHotlistResponse()

    async def AddHotlistEntries(
        self, request: lpr_pb2.AddHotlistEntriesRequest, context: Context
    ) -> lpr_pb2.AddHotlistEntriesResponse:
        stored, historical = await self._service.add_entries(
            request.hotlist_id,
            [convert.new_entry(e) for e in request.entries],
            request.search_back_days,
        )
        return lpr_pb2.AddHotlistEntriesResponse(
            entries=[convert.entry_to_proto(e) for e in stored], historical_alerts=historical
        )

    async def ListHotlistEntries(
        self, request: lpr_pb2.ListHotlistEntriesRequest, context: Context
    ) -> lpr_pb2.ListHotlistEntriesResponse:
        page_size = request.page_size or 100
        if not 0 < page_size <= 1000 or not (request.page_token or "0").isdigit():
            raise InvalidArgument("page_size must be 1-1000 and page_token an entry id")
        async with self._db.engine.connect() as conn:
            await hotlists.get_hotlist(conn, request.hotlist_id)
            rows = await hotlist_entries.list_entries(
                conn,
                hotlist_id=request.hotlist_id,
                plate=request.plate,
                page_size=page_size,
                after_id=int(request.page_token or 0),
            )
        token = str(rows[-1]["id"]) if len(rows) == page_size else ""
        return lpr_pb2.ListHotlistEntriesResponse(
            entries=[convert.entry_to_proto(r) for r in rows], next_page_token=token
        )

    async def RemoveHotlistEntry(
        self, request: lpr_pb2.RemoveHotlistEntryRequest, context: Context
    ) -> lpr_pb2.RemoveHotlistEntryResponse:
        if not request.entry_id.isdigit():
            raise InvalidArgument("entry_id must be a number")
        await self._service.remove_entry(request.hotlist_id, int(request.entry_id))
        return lpr_pb2.RemoveHotlistEntryResponse()

    async def ImportHotlist(
        self, request_iterator: AsyncIterator[lpr_pb2.ImportHotlistRequest], context: Context
    ) -> lpr_pb2.ImportHotlistResponse:
        hotlist_id, replace, chunks, size = "", False, [], 0
        async for message in request_iterator:
            if not hotlist_id:
                hotlist_id, replace = message.hotlist_id, message.replace
            size += len(message.csv_chunk)
            if size > self._service.settings.max_import_bytes:
                raise ResourceExhausted("the CSV file is too large")
            chunks.append(message.csv_chunk)
        if not hotlist_id:
            raise InvalidArgument("the first message must name the hotlist")
        report = await self._service.import_hotlist(hotlist_id, b"".join(chunks), replace)
        return lpr_pb2.ImportHotlistResponse(
            imported=report.imported, rejected=report.rejected, errors=report.errors
        )

    async def ListAlerts(
        self, request: lpr_pb2.ListAlertsRequest, context: Context
    ) -> lpr_pb2.ListAlertsResponse:
        page_size = request.page_size or 100
        if not 0 < page_size <= 1000:
            raise InvalidArgument("page_size must be 1-1000")
        allowed = await self._service.scope(convert.requester(request.requester))
        async with self._db.engine.connect() as conn:
            rows, token = await alerts.list_alerts(
                conn,
                open_only=request.open_only,
                page_size=page_size,
                page_token=request.page_token,
                scope=allowed,
            )
        return lpr_pb2.ListAlertsResponse(
            alerts=[convert.alert_to_proto(a) for a in rows], next_page_token=token
        )

    async def WatchAlerts(
        self, request: lpr_pb2.WatchAlertsRequest, context: Context
    ) -> AsyncIterator[lpr_pb2.Alert]:
        requester = convert.requester(request.requester)
        allowed = await self._service.scope(requester)
        subscription = self._service.watch_alerts()
        # Initial metadata tells the watcher it is subscribed: every later alert reaches it.
        await context.send_initial_metadata((("subscribed", "1"),))
        async for raised in subscription:
            if requester.partner:
                # The agreement as it stands now, not as it stood at subscription: an emptied
                # agreement delivers nothing more, a removed one ends the stream.
                allowed = await self._service.scope(requester)
            if allowed.hotlist_ids is None or raised.alert["hotlist_id"] in allowed.hotlist_ids:
                yield convert.alert_to_proto(raised)

    async def DisposeAlert(
        self, request: lpr_pb2.DisposeAlertRequest, context: Context
    ) -> lpr_pb2.Alert:
        async with self._db.engine.begin() as conn:
            raised = await alerts.dispose_alert(
                conn,
                alert_id=request.alert_id,
                disposition=request.disposition,
                disposed_by=request.disposed_by,
                note=request.note,
            )
        return convert.alert_to_proto(raised)

    async def PutAgreement(self, request: lpr_pb2.Agreement, context: Context) -> lpr_pb2.Agreement:
        async with self._db.engine.begin() as conn:
            for hotlist_id in request.hotlist_ids:
                await hotlists.get_hotlist(conn, hotlist_id)
            await scope.put_agreement(
                conn,
                agency=request.agency,
                hotlist_ids=list(request.hotlist_ids),
                max_lookback_days=request.max_lookback_days,
            )
        return request

    async def ListAgreements(
        self, request: lpr_pb2.ListAgreementsRequest, context: Context
    ) -> lpr_pb2.ListAgreementsResponse:
        async with self._db.engine.connect() as conn:
            rows = await scope.list_agreements(conn)
        return lpr_pb2.ListAgreementsResponse(
            agreements=[
                lpr_pb2.Agreement(
                    agency=a.agency,
                    hotlist_ids=[i for i in a.hotlist_ids.split(",") if i],
                    max_lookback_days=a.max_lookback_days,
                )
                for a in rows
            ]
        )

    async def SweepRetention(
        self, request: lpr_pb2.SweepRetentionRequest, context: Context
    ) -> lpr_pb2.SweepRetentionResponse:
        reads, images = await self._service.sweep_retention()
        return lpr_pb2.SweepRetentionResponse(deleted_reads=reads, deleted_images=images)

    async def GetReadCounts(
        self, request: lpr_pb2.GetReadCountsRequest, context: Context
    ) -> lpr_pb2.GetReadCountsResponse:
        async with self._db.engine.connect() as conn:
            counts = await tallies.read_counts(
                conn, first_day=request.first_day, last_day=request.last_day
            )
        return lpr_pb2.GetReadCountsResponse(
            days=[
                lpr_pb2.DailyReadCount(day=day, source=source, reads=reads)
                for day, source, reads in counts
            ]
        )

    async def RecognizePlates(
        self, request: lpr_pb2.RecognizePlatesRequest, context: Context
    ) -> lpr_pb2.RecognizePlatesResponse:
        plates = await self._recognition.recognize(request.image)
        return lpr_pb2.RecognizePlatesResponse(
            plates=[convert.recognized_to_proto(p) for p in plates]
        )

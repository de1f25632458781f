"""gRPC methods: proto in, service call, proto out. No SQL and no rules live here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, TypeAlias

import grpc

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb
from rtcc.camera_registry.v1 import camera_registry_pb2_grpc
from rtcc_camera_registry import convert, importing, service
from rtcc_camera_registry.context import Registry
from rtcc_camera_registry.geo import search
from rtcc_camera_registry.geo.grid import Box
from rtcc_camera_registry.health.monitor import health_history, record_recording_reports
from rtcc_camera_registry.registrations import service as registrations
from rtcc_common.errors import DomainError, InvalidArgument

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


class CameraRegistryServicer(camera_registry_pb2_grpc.CameraRegistryServiceServicer):
    def __init__(self, *, registry: Registry) -> None:
        self._registry = registry

    async def CreateCamera(
        self, request: pb.CreateCameraRequest, context: Context
    ) -> pb.CreateCameraResponse:
        fields = convert.fields_from_proto(request.camera)
        camera = await service.create_camera(self._registry, fields=fields)
        return pb.CreateCameraResponse(camera=convert.camera_to_proto(camera))

    async def GetCamera(
        self, request: pb.GetCameraRequest, context: Context
    ) -> pb.GetCameraResponse:
        camera = await service.get_camera(self._registry, camera_id=request.id)
        return pb.GetCameraResponse(camera=convert.camera_to_proto(camera))

    async def ListCameras(
        self, request: pb.ListCamerasRequest, context: Context
    ) -> pb.ListCamerasResponse:
        cameras, token = await service.list_cameras(
            self._registry,
            page_size=request.page_size,
            page_token=request.page_token,
            exclude_withdrawn=request.exclude_withdrawn,
            lifecycles=convert.lifecycles_from_proto(list(request.lifecycles)),
        )
        return pb.ListCamerasResponse(
            cameras=[convert.camera_to_proto(c) for c in cameras], next_page_token=token
        )

    async def UpdateCamera(
        self, request: pb.UpdateCameraRequest, context: Context
    ) -> pb.UpdateCameraResponse:
        fields = convert.fields_from_proto(request.camera, list(request.update_mask))
        camera = await service.update_camera(self._registry, camera_id=request.id, fields=fields)
        return pb.UpdateCameraResponse(camera=convert.camera_to_proto(camera))

    async def DeleteCamera(
        self, request: pb.DeleteCameraRequest, context: Context
    ) -> pb.DeleteCameraResponse:
        await service.delete_camera(self._registry, camera_id=request.id)
        return pb.DeleteCameraResponse()

    async def GetStreamSource(
        self, request: pb.GetStreamSourceRequest, context: Context
    ) -> pb.GetStreamSourceResponse:
        main, sub = await service.get_stream_source(self._registry, camera_id=request.id)
        return pb.GetStreamSourceResponse(stream_url=main, substream_url=sub)

    async def WatchCameras(
        self, request: pb.WatchCamerasRequest, context: Context
    ) -> AsyncIterator[pb.WatchCamerasResponse]:
        # Subscribe before the snapshot: a change made meanwhile arrives twice, never not at all.
        subscription = self._registry.feed.subscribe()
        upserted = pb.WatchCamerasResponse.CHANGE_UPSERTED
        try:
            async for camera in service.every_camera(self._registry):
                yield pb.WatchCamerasResponse(
                    change=upserted, camera=convert.camera_to_proto(camera)
                )
            while True:
                change = await subscription.next()
                kind = (
                    upserted
                    if change.kind == "upserted"
                    else pb.WatchCamerasResponse.CHANGE_REMOVED
                )
                yield pb.WatchCamerasResponse(
                    change=kind, camera=convert.camera_to_proto(change.camera)
                )
        finally:
            self._registry.feed.unsubscribe(subscription)

    async def SearchCameras(
        self, request: pb.SearchCamerasRequest, context: Context
    ) -> pb.SearchCamerasResponse:
        lifecycles = convert.lifecycles_from_proto(list(request.lifecycles))
        area = request.WhichOneof("area")
        if area == "near":
            n = request.near
            hits = await search.search_near(
                self._registry,
                near=search.Near(n.lat, n.lon, n.radius_m),
                limit=request.limit,
                exclude_withdrawn=request.exclude_withdrawn,
                lifecycles=lifecycles,
            )
        elif area == "bbox":
            b = request.bbox
            hits = await search.search_box(
                self._registry,
                box=Box(b.min_lat, b.min_lon, b.max_lat, b.max_lon),
                limit=request.limit,
                exclude_withdrawn=request.exclude_withdrawn,
                lifecycles=lifecycles,
            )
        else:
            raise InvalidArgument("give near or bbox")
        return pb.SearchCamerasResponse(
            hits=[
                pb.CameraHit(camera=convert.camera_to_proto(h.camera), distance_m=h.distance_m)
                for h in hits
            ]
        )

    async def ImportCameras(
        self, request: pb.ImportCamerasRequest, context: Context
    ) -> pb.ImportCamerasResponse:
        rows: list[importing.ParsedRow] = []
        for msg in request.cameras:
            try:
                rows.append(convert.fields_from_proto(msg))
            except DomainError as exc:
                rows.append(exc)
        results = await importing.import_cameras(self._registry, rows=rows)
        return pb.ImportCamerasResponse(rows=[convert.import_row_to_proto(r) for r in results])

    async def GetCameraHealth(
        self, request: pb.GetCameraHealthRequest, context: Context
    ) -> pb.GetCameraHealthResponse:
        camera, history = await health_history(
            self._registry, camera_id=request.id, limit=request.limit
        )
        return pb.GetCameraHealthResponse(
            current=convert.health_to_proto(camera),
            history=[convert.transition_to_proto(t) for t in history],
        )

    async def ReportRecordingHealth(
        self, request: pb.ReportRecordingHealthRequest, context: Context
    ) -> pb.ReportRecordingHealthResponse:
        reports = [convert.recording_report_from_proto(r) for r in request.reports]
        await record_recording_reports(self._registry, reports)
        return pb.ReportRecordingHealthResponse()

    async def SubmitRegistration(
        self, request: pb.SubmitRegistrationRequest, context: Context
    ) -> pb.SubmitRegistrationResponse:
        fields = convert.registration_from_proto(request.registration)
        row, token = await registrations.submit_registration(self._registry, fields=fields)
        return pb.SubmitRegistrationResponse(
            registration=convert.registration_to_proto(row), withdrawal_token=token
        )

    async def GetRegistration(
        self, request: pb.GetRegistrationRequest, context: Context
    ) -> pb.GetRegistrationResponse:
        row = await registrations.get_registration(self._registry, registration_id=request.id)
        return pb.GetRegistrationResponse(registration=convert.registration_to_proto(row))

    async def ListRegistrations(
        self, request: pb.ListRegistrationsRequest, context: Context
    ) -> pb.ListRegistrationsResponse:
        rows, token = await registrations.list_registrations(
            self._registry,
            status=convert.REGISTRATION_STATUS.get(request.status, ""),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return pb.ListRegistrationsResponse(
            registrations=[convert.registration_to_proto(r) for r in rows], next_page_token=token
        )

    async def ApproveRegistration(
        self, request: pb.ApproveRegistrationRequest, context: Context
    ) -> pb.ApproveRegistrationResponse:
        row, camera = await registrations.approve_registration(
            self._registry,
            registration_id=request.id,
            reviewer=request.reviewer,
            reason=request.reason,
        )
        return pb.ApproveRegistrationResponse(
            registration=convert.registration_to_proto(row), camera=convert.camera_to_proto(camera)
        )

    async def RejectRegistration(
        self, request: pb.RejectRegistrationRequest, context: Context
    ) -> pb.RejectRegistrationResponse:
        row = await registrations.reject_registration(
            self._registry,
            registration_id=request.id,
            reviewer=request.reviewer,
            reason=request.reason,
        )
        return pb.RejectRegistrationResponse(registration=convert.registration_to_proto(row))

    async def WithdrawConsent(
        self, request: pb.WithdrawConsentRequest, context: Context
    ) -> pb.WithdrawConsentResponse:
        row = await registrations.withdraw_consent(
            self._registry,
            registration_id=request.id,
            token=request.withdrawal_token,
            withdrawn_by=request.withdrawn_by,
            reason=request.reason,
        )
        return pb.WithdrawConsentResponse(registration=convert.registration_to_proto(row))

"""Bulk import and resident registrations with consent, against the real service."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from rtcc.camera_registry.v1 import camera_registry_pb2 as pb

from .conftest import Registry, camera_input

Outcome = pb.ImportRowResult


async def test_import_keeps_good_rows_reports_bad_ones_and_is_idempotent(
    registry: Registry,
) -> None:
    rows = [
        camera_input(name="one", external_id="x-1"),
        camera_input(name="bad", external_id="x-2", location=pb.Location(lat=200, lon=0)),
        camera_input(name="no key"),
        camera_input(name="two", external_id="x-3"),
        camera_input(name="dup", external_id="x-1"),
    ]
    first = await registry.stub.ImportCameras(pb.ImportCamerasRequest(cameras=rows))
    outcomes = [(r.row, r.outcome) for r in first.rows]
    assert outcomes == [
        (0, Outcome.OUTCOME_CREATED),
        (1, Outcome.OUTCOME_FAILED),
        (2, Outcome.OUTCOME_FAILED),
        (3, Outcome.OUTCOME_CREATED),
        (4, Outcome.OUTCOME_FAILED),
    ]
    assert "location.lat" in first.rows[1].error
    assert "external_id is required" in first.rows[2].error
    assert "repeats row 0" in first.rows[4].error
    again = await registry.stub.ImportCameras(pb.ImportCamerasRequest(cameras=[rows[0], rows[3]]))
    assert [r.outcome for r in again.rows] == [Outcome.OUTCOME_UNCHANGED] * 2
    assert [r.camera_id for r in again.rows] == [first.rows[0].camera_id, first.rows[3].camera_id]
    renamed = camera_input(name="one renamed", external_id="x-1")
    third = await registry.stub.ImportCameras(pb.ImportCamerasRequest(cameras=[renamed]))
    assert third.rows[0].outcome == Outcome.OUTCOME_UPDATED
    listed = await registry.stub.ListCameras(pb.ListCamerasRequest())
    assert sorted(c.name for c in listed.cameras) == ["one renamed", "two"]


def registration(**overrides: object) -> pb.RegistrationInput:
    fields: dict[str, object] = {
        "ownership": pb.OWNERSHIP_RESIDENT,
        "owner_name": "Dana Resident",
        "owner_email": "dana@example.org",
        "camera_name": "Dana's porch",
        "technology": "doorbell",
        "location": pb.Location(lat=41.88, lon=-87.63, address="12 Elm St"),
        "stream_url": "rtsp://dana:pw@192.0.2.7:554/live",
        "permissions": pb.Permissions(live=True, record=True),
        "terms_version": "2026-01",
        "accepted_terms": True,
    }
    fields.update(overrides)
    return pb.RegistrationInput(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"accepted_terms": False}, "accepted_terms must be true"),
        ({"owner_email": "not-an-email"}, "owner_email"),
        ({"ownership": pb.OWNERSHIP_CITY}, "business or resident"),
        ({"permissions": pb.Permissions()}, "grant nothing"),
        ({"stream_url": ""}, "stream_url is required"),
        ({"location": pb.Location(lat=0, lon=999)}, "location.lon"),
    ],
)
async def test_registration_is_strict(
    registry: Registry, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await registry.stub.SubmitRegistration(
            pb.SubmitRegistrationRequest(registration=registration(**overrides))
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert message in (caught.value.details() or "")
    listed = await registry.stub.ListRegistrations(pb.ListRegistrationsRequest())
    assert list(listed.registrations) == []


async def test_approve_then_withdraw_suspends_the_camera_and_keeps_the_record(
    registry: Registry,
) -> None:
    submitted = await registry.stub.SubmitRegistration(
        pb.SubmitRegistrationRequest(registration=registration())
    )
    reg = submitted.registration
    assert reg.status == pb.REGISTRATION_STATUS_PENDING
    assert reg.stream_url_redacted == "rtsp://***@192.0.2.7:554/live"
    approved = await registry.stub.ApproveRegistration(
        pb.ApproveRegistrationRequest(id=reg.id, reviewer="sup1")
    )
    camera = approved.camera
    assert camera.lifecycle == pb.LIFECYCLE_ACTIVE
    assert (camera.permissions.live, camera.permissions.record) == (True, True)
    assert camera.ownership == pb.OWNERSHIP_RESIDENT and camera.registration_id == reg.id
    source = await registry.stub.GetStreamSource(pb.GetStreamSourceRequest(id=camera.id))
    assert source.stream_url == "rtsp://dana:pw@192.0.2.7:554/live"

    watch = registry.stub.WatchCameras(pb.WatchCamerasRequest())
    assert (await asyncio.wait_for(watch.read(), 20)).camera.id == camera.id  # type: ignore[union-attr]
    with pytest.raises(grpc.aio.AioRpcError) as wrong:
        await registry.stub.WithdrawConsent(
            pb.WithdrawConsentRequest(id=reg.id, withdrawal_token="guess")
        )
    assert wrong.value.code() == grpc.StatusCode.PERMISSION_DENIED
    withdrawn = await registry.stub.WithdrawConsent(
        pb.WithdrawConsentRequest(
            id=reg.id, withdrawal_token=submitted.withdrawal_token, reason="moving"
        )
    )
    assert withdrawn.registration.status == pb.REGISTRATION_STATUS_WITHDRAWN
    assert withdrawn.registration.withdrawn_by == "owner"
    pushed = await asyncio.wait_for(watch.read(), 20)
    assert isinstance(pushed, pb.WatchCamerasResponse)
    assert pushed.camera.id == camera.id
    assert pushed.camera.lifecycle == pb.LIFECYCLE_SUSPENDED
    assert not (pushed.camera.permissions.live or pushed.camera.permissions.record)
    assert pushed.camera.HasField("consent_withdrawn_at")
    watch.cancel()

    record = (
        await registry.stub.GetRegistration(pb.GetRegistrationRequest(id=reg.id))
    ).registration
    assert (record.granted.live, record.granted.record, record.terms_version) == (
        True,
        True,
        "2026-01",
    )
    assert record.HasField("consented_at") and record.reviewed_by == "sup1"
    visible = await registry.stub.ListCameras(pb.ListCamerasRequest(exclude_withdrawn=True))
    assert list(visible.cameras) == []
    with pytest.raises(grpc.aio.AioRpcError) as again:
        await registry.stub.UpdateCamera(
            pb.UpdateCameraRequest(
                id=camera.id,
                camera=pb.CameraInput(lifecycle=pb.LIFECYCLE_ACTIVE),
                update_mask=["lifecycle"],
            )
        )
    assert "withdrew consent" in (again.value.details() or "")


async def test_reject_needs_a_reason_and_is_final(registry: Registry) -> None:
    reg = (
        await registry.stub.SubmitRegistration(
            pb.SubmitRegistrationRequest(registration=registration())
        )
    ).registration
    with pytest.raises(grpc.aio.AioRpcError) as no_reason:
        await registry.stub.RejectRegistration(
            pb.RejectRegistrationRequest(id=reg.id, reviewer="sup1")
        )
    assert "reason is required" in (no_reason.value.details() or "")
    rejected = await registry.stub.RejectRegistration(
        pb.RejectRegistrationRequest(
            id=reg.id, reviewer="sup1", reason="camera faces a neighbour's window"
        )
    )
    assert rejected.registration.status == pb.REGISTRATION_STATUS_REJECTED
    with pytest.raises(grpc.aio.AioRpcError) as late:
        await registry.stub.ApproveRegistration(
            pb.ApproveRegistrationRequest(id=reg.id, reviewer="sup2")
        )
    assert late.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    pending = await registry.stub.ListRegistrations(
        pb.ListRegistrationsRequest(status=pb.REGISTRATION_STATUS_PENDING)
    )
    assert list(pending.registrations) == []

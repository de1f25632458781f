"""Plate search narrowed as an analyst narrows it: by the cameras that read the plate (the
center's own recognizer) as well as fixed readers, and by the vehicle's colour, make and type
where reads carry them (against the real service)."""

from __future__ import annotations

import grpc
import pytest

from rtcc.lpr.v1 import lpr_pb2
from rtcc_lpr.testing import Lpr, read


async def _seed(lpr: Lpr) -> None:
    vehicle = lpr_pb2.VehicleAttributes
    reads = [
        read("r1", "7ABC123", reader_id="north", vehicle=vehicle(colour="Red", make="Honda")),
        read("r2", "7ABC124", reader_id="south", vehicle=vehicle(colour="red", make="Ford")),
        read("c1", "7ABC125", reader_id="", camera_id="cam-9", vehicle=vehicle(colour="Blue")),
        read(
            "c2", "7ABC126", reader_id="", camera_id="cam-8", vehicle=vehicle(vehicle_type="truck")
        ),
    ]
    reply = await lpr.stub.IngestReads(lpr_pb2.IngestReadsRequest(reads=reads))
    assert reply.stored == 4


async def _search(lpr: Lpr, **fields: object) -> list[str]:
    request = lpr_pb2.SearchReadsRequest(page_size=100, **fields)  # type: ignore[arg-type]
    reply = await lpr.stub.SearchReads(request)
    return sorted(r.read_id for r in reply.reads)


async def test_cameras_and_readers_narrow_a_search(lpr: Lpr) -> None:
    await _seed(lpr)
    assert await _search(lpr, camera_ids=["cam-9"]) == ["c1"]
    # Readers and cameras together: a read by any of them.
    assert await _search(lpr, reader_ids=["north"], camera_ids=["cam-8"]) == ["c2", "r1"]
    wildcard = lpr_pb2.WILDCARD
    assert await _search(lpr, plate="7ABC*", match=wildcard, camera_ids=["cam-9", "cam-8"]) == [
        "c1",
        "c2",
    ]


async def test_vehicle_attributes_narrow_a_search_whatever_their_case(lpr: Lpr) -> None:
    await _seed(lpr)
    everything = {"plate": "7ABC*", "match": lpr_pb2.WILDCARD}
    assert await _search(lpr, **everything, colour="RED") == ["r1", "r2"]
    assert await _search(lpr, **everything, colour="red", make="honda") == ["r1"]
    assert await _search(lpr, **everything, vehicle_type="Truck") == ["c2"]
    assert await _search(lpr, **everything, make="Tesla") == []


async def test_a_search_with_nothing_to_narrow_it_or_an_overlong_attribute_is_refused(
    lpr: Lpr,
) -> None:
    for fields in ({"colour": "red"}, {"plate": "7ABC123", "make": "x" * 65}):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await _search(lpr, **fields)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT

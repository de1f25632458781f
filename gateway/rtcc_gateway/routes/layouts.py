"""The live wall's saved layouts, each person's own, and how the dashboard shows times."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from rtcc.recorder.v1 import recorder_pb2 as pb
from rtcc_gateway.convert.lookback import layout_out
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep
from rtcc_gateway.schemas import lookback as s

router = APIRouter(tags=["dashboard"])

LayoutName = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[^/\x00-\x1f]+$")]


@router.get("/v1/me/layouts")
async def list_layouts(
    backends: BackendsDep, call: Annotated[Call, policy("layouts.list")]
) -> s.LayoutList:
    reply = await backends.recorder.ListViewLayouts(
        pb.ListViewLayoutsRequest(owner=call.caller.subject)
    )
    return s.LayoutList(layouts=[layout_out(x) for x in reply.layouts])


@router.put("/v1/me/layouts/{name}")
async def save_layout(
    name: LayoutName,
    body: s.LayoutIn,
    backends: BackendsDep,
    call: Annotated[Call, policy("layouts.save")],
) -> s.LayoutOut:
    """Saves the layout under this name, replacing the caller's layout of that name."""
    layout = pb.ViewLayout(name=name.strip(), tiles=body.tiles, camera_ids=body.camera_ids)
    reply = await backends.recorder.SaveViewLayout(
        pb.SaveViewLayoutRequest(owner=call.caller.subject, layout=layout)
    )
    return layout_out(reply.layout)


@router.delete("/v1/me/layouts/{name}", status_code=204)
async def delete_layout(
    name: LayoutName, backends: BackendsDep, call: Annotated[Call, policy("layouts.delete")]
) -> Response:
    await backends.recorder.DeleteViewLayout(
        pb.DeleteViewLayoutRequest(owner=call.caller.subject, name=name)
    )
    return Response(status_code=204)


@router.get("/v1/dashboard/settings")
async def display_settings(
    request: Request, call: Annotated[Call, policy("dashboard.settings")]
) -> s.DisplaySettingsOut:
    """The city's time zone: every time on the dashboard is shown in it, and says which."""
    return s.DisplaySettingsOut(time_zone=request.app.state.settings.display_time_zone)

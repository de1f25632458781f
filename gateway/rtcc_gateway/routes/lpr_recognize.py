"""Plate recognition on an uploaded image: raw JPEG/PNG body or a multipart form's file."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

from rtcc.lpr.v1 import lpr_pb2
from rtcc_gateway.deps import Call, policy
from rtcc_gateway.params import BackendsDep

router = APIRouter(prefix="/v1/lpr", tags=["lpr"])


class PlateBox(BaseModel):
    x: int
    y: int
    width: int
    height: int


class RecognizedPlate(BaseModel):
    text: str
    raw_text: str
    confidence: float
    state: str | None
    box: PlateBox


class RecognizeOut(BaseModel):
    plates: list[RecognizedPlate]


MAX_IMAGE_BYTES = 20 * 1024 * 1024
# The first call loads the models; a large photo on a busy CPU takes seconds.
RECOGNIZE_DEADLINE_S = 60.0


async def _body_capped(request: Request) -> bytes:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_IMAGE_BYTES + 64 * 1024:
        raise HTTPException(413, f"the image is larger than {MAX_IMAGE_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_IMAGE_BYTES + 64 * 1024:
            raise HTTPException(413, f"the image is larger than {MAX_IMAGE_BYTES} bytes")
    return bytes(body)


def _file_from_multipart(content_type: str, body: bytes) -> tuple[bytes, str]:
    """The first file part of a multipart/form-data body."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    for part in message.iter_parts():
        if part.get_filename() is not None or part.get_content_maintype() == "image":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_type()
    raise HTTPException(400, "the form has no image file")


@router.post("/recognize")
async def recognize_plates(
    request: Request,
    backends: BackendsDep,
    call: Annotated[Call, policy("lpr.recognize")],
) -> RecognizeOut:
    """Plates read from one JPEG or PNG, most confident first."""
    content_type = request.headers.get("content-type", "")
    body = await _body_capped(request)
    if content_type.startswith("multipart/form-data"):
        image, content_type = _file_from_multipart(content_type, body)
    else:
        image = body
    if len(image) > MAX_IMAGE_BYTES:
        raise HTTPException(413, f"the image is larger than {MAX_IMAGE_BYTES} bytes")
    if not image:
        raise HTTPException(400, "the request has no image")
    reply = await backends.lpr.RecognizePlates(
        lpr_pb2.RecognizePlatesRequest(image=image, content_type=content_type),
        timeout=RECOGNIZE_DEADLINE_S,
    )
    call.result = f"{len(reply.plates)} plates"
    call.query["bytes"] = len(image)
    return RecognizeOut(
        plates=[
            RecognizedPlate(
                text=p.text,
                raw_text=p.raw_text,
                confidence=p.confidence,
                state=p.state or None,
                box=PlateBox(x=p.x, y=p.y, width=p.width, height=p.height),
            )
            for p in reply.plates
        ]
    )

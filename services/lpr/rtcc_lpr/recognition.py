"""Plate recognition for the service: one recognizer per process, loaded on first use (its
models take seconds to load and most deployments only push reads), run off the event loop."""

from __future__ import annotations

import asyncio
import threading

from rtcc_common.errors import InvalidArgument
from rtcc_lpr.recognizer import ImageRejected, PlateRecognizer, RecognizedPlate


class Recognition:
    def __init__(self) -> None:
        self._recognizer: PlateRecognizer | None = None
        self._loading = threading.Lock()

    def recognizer(self) -> PlateRecognizer:
        """The process's one recognizer (blocks while its models load)."""
        with self._loading:
            if self._recognizer is None:
                self._recognizer = PlateRecognizer()
            return self._recognizer

    def _recognize(self, image: bytes) -> list[RecognizedPlate]:
        try:
            return self.recognizer().recognize(image)
        except ImageRejected as exc:
            raise InvalidArgument(f"image rejected: {exc}") from exc

    async def recognize(self, image: bytes) -> list[RecognizedPlate]:
        return await asyncio.to_thread(self._recognize, image)

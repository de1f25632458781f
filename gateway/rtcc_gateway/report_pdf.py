"""The annual surveillance report as a PDF, laid out by WeasyPrint from the same printable page
the dashboard shows, so that the published document and the page hold the same figures."""

from __future__ import annotations

import asyncio

# WeasyPrint lays out a document in about a second, holding the CPU: one at a time per gateway,
# off the event loop, so that a council's download does not stall the center's requests.
_ONE_AT_A_TIME = asyncio.Semaphore(1)


def _layout(html: str) -> bytes:
    from weasyprint import HTML  # loads Pango on first use, not at gateway start-up

    pdf = HTML(string=html).write_pdf()
    assert pdf is not None  # write_pdf without a target returns the bytes
    return pdf


async def render_report_pdf(html: str) -> bytes:
    async with _ONE_AT_A_TIME:
        return await asyncio.to_thread(_layout, html)

"""The dashboard's files as the gateway serves them: content types, security headers, the
redirect from `/`, and nothing outside the packaged static folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from rtcc_gateway.main import create_app
from rtcc_gateway.routes.dashboard import find_static
from rtcc_gateway.settings import GatewaySettings


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    # The lifespan (backends, live view) is not started: serving files needs none of it.
    app = create_app(GatewaySettings(data_dir=tmp_path))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        yield http


async def test_root_redirects_to_the_dashboard(client: httpx.AsyncClient) -> None:
    for path in ("/", "/dashboard"):
        reply = await client.get(path)
        assert reply.status_code == 307 and reply.headers["location"] == "/dashboard/"


async def test_index_modules_and_styles_have_their_content_types(
    client: httpx.AsyncClient,
) -> None:
    index = await client.get("/dashboard/")
    assert index.status_code == 200
    assert index.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script type="module" src="js/app.js">' in index.text
    policy = index.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert index.headers["x-content-type-options"] == "nosniff"

    module = await client.get("/dashboard/js/app.js")
    assert module.status_code == 200
    assert module.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "import" in module.text
    styles = await client.get("/dashboard/dashboard.css")
    assert styles.headers["content-type"] == "text/css; charset=utf-8"
    vendored = await client.get("/dashboard/vendor/hls.light.min.js")
    assert vendored.status_code == 200 and len(vendored.content) > 100_000


async def test_every_module_the_index_imports_is_served(client: httpx.AsyncClient) -> None:
    """Each `import ... from "./x.js"` in every module resolves to a served file."""
    seen: set[str] = set()
    pending = ["js/app.js"]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        reply = await client.get(f"/dashboard/{path}")
        assert reply.status_code == 200, path
        for line in reply.text.splitlines():
            if line.startswith("import ") and ' from "./' in line:
                pending.append("js/" + line.split(' from "./')[1].split('"')[0])
    assert {"js/api.js", "js/map.js", "js/camera_map.js", "js/export_panel.js"} <= seen
    assert {"js/timeline.js", "js/alerts.js", "js/cases.js", "js/oversight.js"} <= seen


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/../routes/dashboard.py",
        "/dashboard/%2e%2e/routes/dashboard.py",
        "/dashboard/js/%2e%2e/%2e%2e/__init__.py",
        "/dashboard/..%2f..%2fmain.py",
        "/dashboard/%2fetc%2fpasswd",
        "/dashboard//etc/passwd",
        "/dashboard/js/.hidden.js",
        "/dashboard/nothing-here.js",
        "/dashboard/vendor/hls.light.min.js.map",
        "/dashboard/js\\app.js",
    ],
)
async def test_nothing_outside_the_static_folder_is_served(
    client: httpx.AsyncClient, path: str
) -> None:
    reply = await client.get(path)
    assert reply.status_code in (404, 307), path
    assert "import" not in reply.text and "root:" not in reply.text


def test_find_static_refuses_anything_but_plain_relative_names() -> None:
    assert find_static("js/app.js") is not None
    for bad in ("../__init__.py", "/etc/passwd", "js/../index.html", "js//app.js", "", ".", "js/"):
        assert find_static(bad) is None, bad
    assert find_static("js") is None  # a folder is not a file

"""The whole public API fuzzed from its own OpenAPI document, as an attacker's or a careless
client's tools would: schemathesis generates valid and invalid requests for every operation,
with an administrator's and an analyst's token, against the suite as `rtcc up` starts it. No
request may get a 5xx, and every answer must match the schema the document declares."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.suite import RunningSuite

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
# Per operation and role: enough to reach every parameter's edges, few enough for CI minutes.
EXAMPLES = int(os.environ.get("RTCC_FUZZ_EXAMPLES", "6"))
# Operations that hold a connection open by design (SSE, WHEP) or end the caller's own
# credential; they have tests of their own.
EXCLUDED = r"^/v1/(lpr/alerts/stream|auth/logout|cameras/\{camera_id\}/whep.*)$"


TECHNOLOGIES = ("fixed_video", "resident_video", "lpr", "live_monitoring", "partner_sharing")


@pytest.fixture(scope="module")
def approved(suite: RunningSuite) -> RunningSuite:
    """Every technology approved, so that requests reach the services instead of a 403."""
    with suite.client("admin") as admin:
        for key in TECHNOLOGIES:
            decision = {"status": "approved", "ordinance_ref": "Ord. 1", "use_policy": "Adopted."}
            reply = admin.put(f"/v1/oversight/technologies/{key}", json=decision)
            assert reply.status_code == 200, reply.text
    return suite


@pytest.mark.parametrize("role", ["admin", "analyst"])
def test_no_request_breaks_the_gateway(approved: RunningSuite, role: str, tmp_path: Path) -> None:
    suite = approved
    report = tmp_path / f"fuzz-{role}.txt"
    argv = [
        str(SCHEMATHESIS),
        "run",
        f"{suite.url}/openapi.json",
        "--url",
        suite.url,
        "--header",
        f"Authorization: Bearer {suite.token(role)}",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(EXAMPLES),
        "--exclude-path-regex",
        EXCLUDED,
        "--request-timeout",
        "30",
        "--generation-deterministic",
        "--suppress-health-check",
        "all",
        "--no-color",
    ]
    with report.open("w") as out:
        finished = subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT, timeout=900)
    text = report.read_text()
    assert finished.returncode == 0, text[-12_000:]
    assert "No issues found" in text or "passed" in text.lower(), text[-4000:]

"""Every process of `rtcc up` serves Prometheus metrics on its own port, and they move as the
suite works: a read ingested, a duplicate, a refused sign-in, an audit record, a health check."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.suite import RunningSuite, wait_until

PROCESSES = {"gateway", "camera_registry", "recorder", "lpr", "cases", "oversight"}
HEALTH_CHECK = "/grpc.health.v1.Health/Check"


def _scrape(suite: RunningSuite, process: str) -> dict[tuple[str, tuple], float]:
    port = suite.state()["metrics_ports"][process]
    reply = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
    assert reply.status_code == 200
    samples: dict[tuple[str, tuple], float] = {}
    for family in text_string_to_metric_families(reply.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _value(samples: dict[tuple[str, tuple], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_every_process_serves_metrics_apart_from_the_api(suite: RunningSuite) -> None:
    ports = suite.state()["metrics_ports"]
    assert set(ports) == PROCESSES
    assert len(set(ports.values())) == len(ports)
    gateway_port = int(suite.url.rsplit(":", 1)[1])
    assert gateway_port not in ports.values()
    # The public listener has no metrics route: what a scraper reads is not on the API.
    assert httpx.get(f"{suite.url}/metrics").status_code == 404


def test_health_checks_move_each_service_grpc_counter(suite: RunningSuite) -> None:
    services = PROCESSES - {"gateway"}
    before = {p: _scrape(suite, p) for p in services}
    assert httpx.get(f"{suite.url}/readyz").status_code == 200
    for process in services:
        after = _scrape(suite, process)
        name = "rtcc_grpc_server_handled_total"
        moved = _value(after, name, method=HEALTH_CHECK, code="OK")
        assert moved > _value(before[process], name, method=HEALTH_CHECK, code="OK"), process
        assert _value(after, "rtcc_grpc_server_handling_seconds_count", method=HEALTH_CHECK) > 0


def _approve_lpr(suite: RunningSuite) -> None:
    decision = {"status": "approved", "ordinance_ref": "Ord. 1", "use_policy": "Adopted."}
    with suite.client("admin") as admin:
        reply = admin.put("/v1/oversight/technologies/lpr", json=decision)
        assert reply.status_code == 200, reply.text


def test_reads_ingested_and_duplicated_raise_the_lpr_counters(suite: RunningSuite) -> None:
    read_id = uuid.uuid4().hex
    read = {
        "read_id": read_id,
        "plate": "METR1CS",
        "state": "TX",
        "confidence": 0.9,
        "reader_id": "metrics-reader",
        "observed_at": datetime.now(UTC).isoformat(),
    }
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    bad = {**read, "read_id": uuid.uuid4().hex, "observed_at": future}
    _approve_lpr(suite)
    with suite.client("reader") as reader:
        # The gateway learns of the approval within its policy cache's time.
        wait_until(
            lambda: reader.post("/v1/lpr/reads", json={"reads": []}).status_code != 403,
            timeout_s=30,
            every_s=0.5,
        )
        lpr_before, gateway_before = _scrape(suite, "lpr"), _scrape(suite, "gateway")
        assert reader.post("/v1/lpr/reads", json={"reads": [read, bad]}).status_code == 200
        assert reader.post("/v1/lpr/reads", json={"reads": [read]}).status_code == 200
    lpr = _scrape(suite, "lpr")
    for outcome in ("stored", "duplicate", "rejected"):
        name = "rtcc_lpr_reads_total"
        assert _value(lpr, name, outcome=outcome) == _value(lpr_before, name, outcome=outcome) + 1
    gateway = _scrape(suite, "gateway")
    labels = {"method": "POST", "route": "/v1/lpr/reads", "status": "200"}
    name = "rtcc_http_requests_total"
    assert _value(gateway, name, **labels) == _value(gateway_before, name, **labels) + 2
    # The audit record of each of those requests is appended in oversight.
    wait_until(
        lambda: _value(_scrape(suite, "oversight"), "rtcc_oversight_audit_appends_total") > 0,
        timeout_s=30,
        every_s=0.5,
    )


def test_a_refused_sign_in_raises_the_gateway_login_failures(suite: RunningSuite) -> None:
    name = "rtcc_gateway_login_failures_total"
    before = _value(_scrape(suite, "gateway"), name, reason="bad_credentials")
    audits = _value(_scrape(suite, "oversight"), "rtcc_oversight_audit_appends_total")
    reply = httpx.post(
        f"{suite.url}/v1/auth/login",
        json={"username": "nobody-" + uuid.uuid4().hex[:6], "password": "wrong", "totp": "000000"},
    )
    assert reply.status_code == 401
    after = _scrape(suite, "gateway")
    assert _value(after, name, reason="bad_credentials") == before + 1
    # No username in any label: a scraper learns counts, not who tried.
    assert not [key for key in after if "nobody-" in str(key)]
    wait_until(
        lambda: _value(_scrape(suite, "oversight"), "rtcc_oversight_audit_appends_total") > audits,
        timeout_s=30,
        every_s=0.5,
    )

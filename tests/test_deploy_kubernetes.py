"""The Kubernetes manifests under deploy/kubernetes: valid against the Kubernetes schemas, and the
same suite as compose.yaml (each process, its command, ports, settings and secrets), with the
probes, resources and disruption budget a cluster needs."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import kubernetes_validate
import pytest
import yaml
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pydantic_settings import BaseSettings

from rtcc_camera_registry.settings import Settings as RegistrySettings
from rtcc_camera_registry.testing import running_registry
from rtcc_cases.settings import Settings as CasesSettings
from rtcc_gateway.routes.health import router as health_router
from rtcc_gateway.settings import GatewaySettings
from rtcc_lpr.settings import Settings as LprSettings
from rtcc_oversight.settings import Settings as OversightSettings
from rtcc_recorder.settings import Settings as RecorderSettings

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "deploy" / "kubernetes" / "base"
OVERLAY = ROOT / "deploy" / "kubernetes" / "overlays" / "example"
# 1.27: the first release with gRPC probes on by default and stable; the newest the schemas have.
KUBERNETES_VERSIONS = ("1.27", kubernetes_validate.latest_version())
WORKLOADS = ("Deployment", "StatefulSet")
# Each compose service, the Kubernetes name of its workload and Service, and its settings.
PROCESSES: dict[str, tuple[str, type[BaseSettings]]] = {
    "camera_registry": ("camera-registry", RegistrySettings),
    "recorder": ("recorder", RecorderSettings),
    "lpr": ("lpr", LprSettings),
    "cases": ("cases", CasesSettings),
    "oversight": ("oversight", OversightSettings),
    "gateway": ("gateway", GatewaySettings),
}
# Settings that hold a secret without being typed SecretStr: the database URL carries its password.
SECRET_STR_FIELDS = {"database_url"}


def _base_documents() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    docs: list[dict[str, Any]] = []
    for name in kustomization["resources"]:
        docs.extend(d for d in yaml.safe_load_all((BASE / name).read_text()) if d)
    return docs


DOCS = _base_documents()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())


def _named(kind: str | tuple[str, ...], name: str) -> dict[str, Any]:
    kinds = (kind,) if isinstance(kind, str) else kind
    found = [d for d in DOCS if d["kind"] in kinds and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kinds} {name}: {len(found)} found"
    return found[0]


def _container(workload: dict[str, Any]) -> dict[str, Any]:
    containers = workload["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return dict(containers[0])


def _env(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in container.get("env", [])}


def _settings_field(name: str, settings: type[BaseSettings]) -> str | None:
    """The settings field an environment variable sets in this process, or None."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    for lead in (prefix, "RTCC_"):
        if name.startswith(lead) and name[len(lead) :].lower() in settings.model_fields:
            return name[len(lead) :].lower()
    return None


def _is_secret(field: str, settings: type[BaseSettings]) -> bool:
    annotation = settings.model_fields[field].annotation
    return field in SECRET_STR_FIELDS or "SecretStr" in str(annotation)


def _processes() -> Iterator[tuple[str, str, type[BaseSettings]]]:
    for compose_name, (name, settings) in PROCESSES.items():
        yield compose_name, name, settings


def test_the_base_lists_every_manifest_beside_it() -> None:
    listed = set(yaml.safe_load((BASE / "kustomization.yaml").read_text())["resources"])
    present = {p.name for p in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


def _validate(doc: dict[str, Any], version: str) -> None:
    """Strict: a misspelt or misplaced field is an error, not silently dropped."""
    problem = None
    try:
        kubernetes_validate.validate(doc, version, strict=True)
    except kubernetes_validate.ValidationError as error:
        problem = f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
    assert problem is None, f"{doc['kind']} {doc['metadata']['name']} ({version}): {problem}"


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_manifest_is_valid_against_the_kubernetes_schemas(version: str) -> None:
    for doc in DOCS:
        _validate(doc, version)


def test_no_secret_value_is_in_the_manifests() -> None:
    assert not [d for d in DOCS if d["kind"] == "Secret"]


def test_every_compose_process_has_its_workload_with_the_same_command() -> None:
    compose_processes = set(COMPOSE["services"]) - {"postgres"}
    assert compose_processes == set(PROCESSES)
    # One image for every process, as compose.yaml builds one from the Dockerfile.
    assert {_container(d)["image"] for d in DOCS if d["kind"] in WORKLOADS} == {"open-rtcc"}
    for compose_name, name, _ in _processes():
        workload = _named(WORKLOADS, name)
        assert _container(workload)["command"] == COMPOSE["services"][compose_name]["command"]
        template = workload["spec"]["template"]
        assert workload["spec"]["selector"]["matchLabels"].items() <= (
            template["metadata"]["labels"].items()
        )
        # No <SERVICE>_PORT variables from Kubernetes beside the RTCC_* settings.
        assert template["spec"]["enableServiceLinks"] is False
    # The recorders' stable names are their instance names in the lease table.
    recorder = _named("StatefulSet", "recorder")
    env = _env(_container(recorder))
    assert env["RTCC_RECORDER_INSTANCE_ID"]["valueFrom"]["fieldRef"]["fieldPath"] == (
        "metadata.name"
    )
    # PostgreSQL stays outside: no workload of its own, its URL from a Secret.
    assert not [d for d in DOCS if d["kind"] in WORKLOADS and "postgres" in d["metadata"]["name"]]


def test_settings_match_compose_and_secrets_come_from_secrets() -> None:
    services = {name for name, _ in PROCESSES.values()}
    for compose_name, name, settings in _processes():
        container = _container(_named(WORKLOADS, name))
        env = _env(container)
        for var in env:
            assert _settings_field(var, settings), f"{name}: {var} is no setting of the process"
        for var, value in COMPOSE["services"][compose_name]["environment"].items():
            field = _settings_field(var, settings)
            if field is None:
                continue  # compose gives every container the suite-wide set; this one ignores it
            assert var in env, f"{name} lacks {var}"
            ours = env[var]
            if _is_secret(field, settings):
                assert "secretKeyRef" in ours.get("valueFrom", {}), f"{name}: {var} not a Secret"
            elif "${" in str(value):
                assert "valueFrom" in ours, f"{name}: {var} is the operator's, not a literal"
            elif field.endswith("_file"):
                _assert_mounted_from_secret(container, name, ours["value"])
            elif field.endswith("_addr"):
                host, port = str(value).split(":")
                assert ours["value"] == f"{host.replace('_', '-')}:{port}"
                assert host.replace("_", "-") in services
            else:
                assert ours["value"] == str(value), f"{name}: {var}"
        for var, ours in env.items():
            field = _settings_field(var, settings)
            assert field is not None
            if _is_secret(field, settings):
                assert "value" not in ours, f"{name}: {var} holds a secret in plain text"


def _assert_mounted_from_secret(container: dict[str, Any], name: str, path: str) -> None:
    volumes = {v["name"]: v for v in _named(WORKLOADS, name)["spec"]["template"]["spec"]["volumes"]}
    mounts = [m for m in container["volumeMounts"] if path.startswith(m["mountPath"] + "/")]
    assert len(mounts) == 1, f"{name}: {path} is on no mount"
    secret = volumes[mounts[0]["name"]]["secret"]
    assert Path(path).name in {item["path"] for item in secret["items"]}


def test_ports_and_services_match_the_settings() -> None:
    for compose_name, name, settings in _processes():
        container = _container(_named(WORKLOADS, name))
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        env = {k: v.get("value") for k, v in _env(container).items()}
        compose_env = COMPOSE["services"][compose_name]["environment"]
        metrics = settings.model_fields["metrics_port"].default
        assert ports["metrics"] == metrics  # the README's 9460-9465
        assert env[f"{_prefix(settings)}METRICS_PORT"] == str(metrics)
        service = _named("Service", name)
        assert service["spec"]["selector"].items() <= (
            _named(WORKLOADS, name)["spec"]["template"]["metadata"]["labels"].items()
        )
        published = {p["name"]: p for p in service["spec"]["ports"]}
        for port in published.values():
            assert port["targetPort"] in ports
        if settings is GatewaySettings:
            assert ports["http"] == int(compose_env["RTCC_GATEWAY_PORT"])
            assert set(published) == {"http"}  # metrics stay on the pod network
        else:
            grpc_port = int(compose_env[f"{_prefix(settings)}GRPC_PORT"])
            assert ports["grpc"] == grpc_port == settings.model_fields["grpc_port"].default
            assert published["grpc"]["port"] == grpc_port


def _prefix(settings: type[BaseSettings]) -> str:
    return str(settings.model_config["env_prefix"])


def test_probes_ask_the_grpc_health_service_and_the_gateway_readyz() -> None:
    for _, name, settings in _processes():
        container = _container(_named(WORKLOADS, name))
        probes = {k: container[k] for k in ("startupProbe", "readinessProbe", "livenessProbe")}
        if settings is GatewaySettings:
            routes = {getattr(r, "path", None) for r in health_router.routes}
            assert probes["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert probes["livenessProbe"]["httpGet"]["path"] == "/healthz"
            for probe in probes.values():
                assert probe["httpGet"]["path"] in routes
                assert probe["httpGet"]["port"] == "http"
            continue
        grpc_port = settings.model_fields["grpc_port"].default
        for kind, probe in probes.items():
            assert probe["grpc"]["port"] == grpc_port, f"{name} {kind}"
            assert probe["grpc"].get("service", "") == ""


async def test_the_grpc_probe_is_answered_serving_by_a_real_service(tmp_path: Path) -> None:
    """What the kubelet's grpc probe asks (grpc.health.v1 Check, the probe's service name) of the
    registry's own server, as every service builds it."""
    probe = _container(_named(WORKLOADS, "camera-registry"))["readinessProbe"]["grpc"]
    url = f"sqlite+aiosqlite:///{tmp_path / 'registry.sqlite'}"
    async with running_registry(url, tmp_path) as registry:
        async with grpc.aio.insecure_channel(registry.address) as channel:
            reply = await health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=probe.get("service", "")), timeout=5
            )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_resources_are_requested_and_memory_is_capped() -> None:
    for _, name, _settings in _processes():
        resources = _container(_named(WORKLOADS, name))["resources"]
        assert {"cpu", "memory"} <= set(resources["requests"]), name
        assert _bytes(resources["limits"]["memory"]) >= _bytes(resources["requests"]["memory"])
        # No CPU limit: a throttled service shows it as latency (the gateway's p99).
        assert "cpu" not in resources["limits"], name
    # A recorder takes 100-200 of the fleet's cameras on its 2 cores.
    recorder = _container(_named("StatefulSet", "recorder"))["resources"]["requests"]
    assert recorder["cpu"] == "2"


def _bytes(quantity: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([KMGT]i)?", quantity).groups()  # type: ignore[union-attr]
    return int(number) * 1024 ** ("_KMGT".index(unit[0]) if unit else 0)


def test_recorders_have_a_disruption_budget_and_share_one_footage_store() -> None:
    budget = _named("PodDisruptionBudget", "recorder")
    recorder = _named("StatefulSet", "recorder")
    assert budget["spec"]["selector"]["matchLabels"].items() <= (
        recorder["spec"]["template"]["metadata"]["labels"].items()
    )
    assert budget["spec"]["maxUnavailable"] == 1
    volumes = {v["name"]: v for v in recorder["spec"]["template"]["spec"]["volumes"]}
    claim = _named(
        "PersistentVolumeClaim", volumes["footage"]["persistentVolumeClaim"]["claimName"]
    )
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    env = _env(_container(recorder))
    assert env["RTCC_RECORDER_RECORDINGS_DIR"]["value"].startswith("/footage/")
    _named("Service", recorder["spec"]["serviceName"])


def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions", []):
        assert expression["operator"] == "In"
        if labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


def _labels(workload: dict[str, Any]) -> dict[str, str]:
    return dict(workload["spec"]["template"]["metadata"]["labels"])


def _allowed(source: dict[str, str] | None, target: dict[str, Any], port: str) -> bool:
    """Whether the NetworkPolicies let pods labelled `source` (None: from another namespace)
    reach the named container port of the workload `target`."""
    policies = [
        d
        for d in DOCS
        if d["kind"] == "NetworkPolicy" and _selects(d["spec"]["podSelector"], _labels(target))
    ]
    assert policies, f"no NetworkPolicy for {target['metadata']['name']}"
    for policy in policies:
        for rule in policy["spec"]["ingress"]:
            if port not in {p["port"] for p in rule["ports"]}:
                continue
            if "from" not in rule:
                return True
            for peer in rule["from"]:
                if "namespaceSelector" in peer:
                    return True
                if source is not None and _selects(peer["podSelector"], source):
                    return True
    return False


def test_network_policies_let_each_process_reach_what_it_calls_and_no_one_else() -> None:
    services = {d["metadata"]["name"]: d for d in DOCS if d["kind"] == "Service"}
    workloads = [d for d in DOCS if d["kind"] in WORKLOADS]
    for caller in workloads:
        for var in _env(_container(caller)).values():
            if not var["name"].endswith("_ADDR"):
                continue
            host, port = var["value"].split(":")
            [target] = [
                w
                for w in workloads
                if _selects({"matchLabels": services[host]["spec"]["selector"]}, _labels(w))
            ]
            [named] = [
                p["name"] for p in _container(target)["ports"] if p["containerPort"] == int(port)
            ]
            assert _allowed(_labels(caller), target, named), (
                f"{var['name']} of {caller['metadata']['name']}"
            )
    stranger = {"app.kubernetes.io/name": "something-else"}
    for target in workloads:
        name = target["metadata"]["name"]
        if name == "gateway":
            assert _allowed(stranger, target, "http")
        else:
            assert not _allowed(stranger, target, "grpc"), f"{name}'s gRPC is open to anyone"
            assert not _allowed(None, target, "grpc"), f"{name}'s gRPC is open to the cluster"
        assert _allowed(None, target, "metrics"), f"{name}'s metrics are closed to scrapers"


def test_every_claim_and_config_referenced_exists() -> None:
    for doc in DOCS:
        if doc["kind"] not in WORKLOADS:
            continue
        spec = doc["spec"]["template"]["spec"]
        for volume in spec.get("volumes", []):
            if "persistentVolumeClaim" in volume:
                _named("PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"])
        for var in _container(doc).get("env", []):
            ref = var.get("valueFrom", {}).get("configMapKeyRef")
            if ref:
                assert ref["key"] in _named("ConfigMap", ref["name"])["data"]


def test_the_readme_names_every_secret_the_manifests_read() -> None:
    section = ROOT.joinpath("README.md").read_text().split("## Kubernetes", 1)[1].split("\n## ")[0]
    wanted: set[tuple[str, str]] = set()
    for doc in DOCS:
        if doc["kind"] not in WORKLOADS:
            continue
        for var in _container(doc).get("env", []):
            ref = var.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                wanted.add((ref["name"], ref["key"]))
        for volume in doc["spec"]["template"]["spec"].get("volumes", []):
            if "secret" in volume:
                for item in volume["secret"]["items"]:
                    wanted.add((volume["secret"]["secretName"], item["key"]))
    assert wanted
    for secret, key in sorted(wanted):
        assert re.search(rf"create secret generic {secret}\b[^\n]*(\\\n[^\n]*)*{key}=", section), (
            f"README's Kubernetes section does not show how to make {secret} with {key}"
        )


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl here to run kustomize")
@pytest.mark.parametrize("folder", [BASE, OVERLAY], ids=["base", "overlay"])
def test_kustomize_renders_valid_manifests(folder: Path) -> None:
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(folder)], capture_output=True, text=True, timeout=60
    )
    assert rendered.returncode == 0, rendered.stderr
    docs = [d for d in yaml.safe_load_all(rendered.stdout) if d]
    for doc in docs:
        _validate(doc, KUBERNETES_VERSIONS[-1])
        if doc["kind"] != "Namespace":  # the overlay's own
            assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == "open-rtcc"
    if folder == OVERLAY:
        assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {
            "rtcc"
        }
        images = {_container(d)["image"] for d in docs if d["kind"] in WORKLOADS}
        assert images == {"registry.example.org/open-rtcc:0.1.0"}
    # What an overlay adds is a setting of the process it is given to, too.
    settings_of = {name: settings for name, settings in PROCESSES.values()}
    for doc in docs:
        if doc["kind"] in WORKLOADS:
            settings = settings_of[doc["metadata"]["name"]]
            for var in _env(_container(doc)):
                assert _settings_field(var, settings), f"{doc['metadata']['name']}: {var}"

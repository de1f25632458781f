"""What `rtcc up` runs: the services and the gateway, and how each finds the others."""

from __future__ import annotations

import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    module: str
    is_gateway: bool = False


SERVICES = (
    ProcessSpec("camera_registry", "rtcc_camera_registry"),
    ProcessSpec("recorder", "rtcc_recorder"),
    ProcessSpec("lpr", "rtcc_lpr"),
    ProcessSpec("cases", "rtcc_cases"),
    ProcessSpec("oversight", "rtcc_oversight"),
)
GATEWAY = ProcessSpec("gateway", "rtcc_gateway", is_gateway=True)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def suite_environment(
    *,
    data_dir: str,
    service_ports: dict[str, int],
    gateway_host: str,
    gateway_port: int,
    metrics_ports: dict[str, int] | None = None,
) -> dict[str, dict[str, str]]:
    """Environment variables per process: its own ports (API and metrics), and every other
    service's address.

    Every process learns every backend's address (`RTCC_<PROCESS>_<BACKEND>_ADDR`); settings
    ignore the ones they do not use.
    """
    addresses = {name: f"127.0.0.1:{port}" for name, port in service_ports.items()}
    common = {"RTCC_DATA_DIR": data_dir, "RTCC_LOG_FORMAT": "json"}
    envs: dict[str, dict[str, str]] = {}
    for spec in (*SERVICES, GATEWAY):
        prefix = f"RTCC_{spec.name.upper()}_"
        env = dict(common)
        for backend, address in addresses.items():
            env[f"{prefix}{backend.upper()}_ADDR"] = address
        if spec.is_gateway:
            env[f"{prefix}HOST"] = gateway_host
            env[f"{prefix}PORT"] = str(gateway_port)
        else:
            env[f"{prefix}GRPC_HOST"] = "127.0.0.1"
            env[f"{prefix}GRPC_PORT"] = str(service_ports[spec.name])
        if metrics_ports and spec.name in metrics_ports:
            env[f"{prefix}METRICS_PORT"] = str(metrics_ports[spec.name])
        envs[spec.name] = env
    return envs

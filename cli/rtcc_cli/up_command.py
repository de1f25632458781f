"""`rtcc up`: the whole suite on one machine, supervised, with embedded defaults."""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import signal
from pathlib import Path

import httpx

from rtcc_cli.demo import Demo
from rtcc_cli.suite import GATEWAY, SERVICES, free_port, suite_environment
from rtcc_cli.supervisor import Supervisor, python_module_argv
from rtcc_common.logging import configure_logging, get_logger
from rtcc_gateway.settings import GatewaySettings

log = get_logger("rtcc.up")

READY_TIMEOUT_S = 120.0
DEMO_MAP_STYLE = "/dashboard/basemap/demo-city-style.json"


def run(args: argparse.Namespace) -> int:
    configure_logging(log_format="console")
    data_dir: Path = args.data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = _lock_data_dir(data_dir)
    if lock is None:
        print(f"rtcc up: another `rtcc up` is already using {data_dir}")
        return 1
    try:
        return asyncio.run(_up(args, data_dir))
    finally:
        lock.close()


def _lock_data_dir(data_dir: Path):  # type: ignore[no-untyped-def]
    run_dir = data_dir / "run"
    run_dir.mkdir(exist_ok=True)
    handle = (run_dir / "rtcc-up.lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _write_state(
    path: Path,
    gateway_url: str,
    ports: dict[str, int],
    metrics_ports: dict[str, int],
    sup: Supervisor,
) -> None:
    """Where everything runs, for scripts and tests (pids change when a process restarts)."""
    state = {
        "gateway_url": gateway_url,
        "grpc_ports": ports,
        "metrics_ports": metrics_ports,
        "pids": sup.pids(),
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2))
    tmp.replace(path)


async def _wait_ready(url: str, stop: asyncio.Event) -> bool:
    deadline = asyncio.get_running_loop().time() + READY_TIMEOUT_S
    async with httpx.AsyncClient(timeout=2.0) as client:
        while not stop.is_set() and asyncio.get_running_loop().time() < deadline:
            try:
                if (await client.get(f"{url}/readyz")).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
    return False


async def _up(args: argparse.Namespace, data_dir: Path) -> int:
    ports = {spec.name: free_port() for spec in SERVICES}
    # Each process's metrics on a port of its own, on loopback (`rtcc up` is one machine).
    metrics_ports = {spec.name: free_port() for spec in (*SERVICES, GATEWAY)}
    gateway_url = f"http://{args.host}:{args.port}"
    envs = suite_environment(
        data_dir=str(data_dir),
        service_ports=ports,
        gateway_host=args.host,
        gateway_port=args.port,
        metrics_ports=metrics_ports,
    )
    if args.demo and "RTCC_CAMERA_REGISTRY_STREAM_ALLOWED_NETWORKS" not in os.environ:
        # The demo's simulated cameras serve on this host, which cameras may not otherwise use.
        envs["camera_registry"]["RTCC_CAMERA_REGISTRY_STREAM_ALLOWED_NETWORKS"] = '["127.0.0.0/8"]'
    if args.demo and "RTCC_GATEWAY_MAP_STYLE_URL" not in os.environ:
        # The demo city's own streets, shipped with the dashboard: the map needs no internet.
        envs[GATEWAY.name]["RTCC_GATEWAY_MAP_STYLE_URL"] = DEMO_MAP_STYLE
    state_path = data_dir / "run" / "suite.json"
    supervisor = Supervisor(
        on_change=lambda sup: _write_state(state_path, gateway_url, ports, metrics_ports, sup)
    )
    for spec in (*SERVICES, GATEWAY):
        supervisor.add(spec.name, python_module_argv(spec.module), envs[spec.name])

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    await supervisor.start()
    try:
        if not await _wait_ready(gateway_url, stop):
            if not stop.is_set():
                log.error("suite_not_ready", gateway=gateway_url, waited_s=READY_TIMEOUT_S)
            return 0 if stop.is_set() else 1
        demo = await _start_demo(gateway_url, data_dir, args.cameras) if args.demo else None
        _print_banner(gateway_url, data_dir)
        if demo is not None:
            print(demo.describe(), flush=True)
        try:
            await stop.wait()
        finally:
            if demo is not None:
                await demo.stop()
        return 0
    finally:
        await supervisor.stop()


async def _start_demo(gateway_url: str, data_dir: Path, cameras: int) -> Demo:
    settings = GatewaySettings(data_dir=data_dir)
    assert settings.token_key_file is not None
    demo = Demo(
        gateway_url=gateway_url,
        key_file=settings.token_key_file,
        data_dir=data_dir,
        cameras=cameras,
    )
    await demo.start()
    return demo


def _print_banner(gateway_url: str, data_dir: Path) -> None:
    print(
        f"\nOpen RTCC is up at {gateway_url}\n"
        f"  dashboard:      {gateway_url}/dashboard/\n"
        f"  API reference:  {gateway_url}/docs\n"
        f"  readiness:      {gateway_url}/readyz\n"
        f"  an access token: rtcc token --role analyst --data-dir {data_dir}\n"
        f"  data (databases, recordings, keys): {data_dir}\n"
        "Press Ctrl-C to stop everything.\n",
        flush=True,
    )

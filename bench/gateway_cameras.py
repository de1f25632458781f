"""Gateway throughput: authenticated GET /v1/cameras/{id} per second and its latency, against
the suite as `rtcc up` starts it.

    uv run python bench/gateway_cameras.py [--cameras 2300] [--connections 16,32,64]
                                           [--duration 15] [--runs 2] [--users 16]

Registers the cameras through POST /v1/cameras/import, issues analyst tokens with `rtcc token`,
then drives the gateway with `wrk` (a compiled load generator, so the load itself costs little of
the CPU being measured): many keep-alive connections, each request for a random camera with a
random analyst's token. wrk keeps every connection busy (a closed loop), so latency grows with the
connections once the gateway is saturated: each run therefore measures several connection counts,
and the budget (>= 1,500/s with p99 <= 50 ms) is met if one of them reaches both. Prints
requests/s, p50/p95/p99 latency, errors, the load average and the CPU each process of the suite
used (the gateway with any child processes, every service, wrk itself).
Extra environment for the suite is passed with --env NAME=VALUE (e.g. RTCC_GATEWAY_WORKERS=1).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from rtcc_cli.suite import free_port

RTCC = Path(sys.executable).parent / "rtcc"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
READY_TIMEOUT_S = 300.0
CITY = (41.8781, -87.6298)
REPORT_MARK = "GATEWAY_BENCH_JSON "

# wrk's Lua: a random camera and a random caller per request; the summary printed as JSON.
WRK_SCRIPT = """
local ids = {%(ids)s}
local tokens = {%(tokens)s}
math.randomseed(os.time())
request = function()
  local path = "/v1/cameras/" .. ids[math.random(#ids)]
  local headers = {["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]}
  return wrk.format("GET", path, headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%(mark)s{"requests": %%d, "duration_us": %%d, "connect_errors": %%d, "read_errors": %%d, '
    .. '"write_errors": %%d, "non_2xx": %%d, "timeouts": %%d, "p50_us": %%d, "p95_us": %%d, '
    .. '"p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version()}


def load_average() -> list[float]:
    return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_tree(root: int) -> list[int]:
    """The process and its descendants (a gateway with workers is several processes)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, []))
    return tree


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    times = {}
    for pid in pids:
        if (fields := _stat(pid)) is not None:
            times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return times


def rtcc_token(data_dir: Path, role: str, user: str) -> str:
    argv = [str(RTCC), "token", "--role", role, "--user", user, "--data-dir", str(data_dir)]
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip()


def wait_ready(url: str, up: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if up.poll() is not None:
            raise RuntimeError(f"rtcc up exited:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=3).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the suite was not ready after {READY_TIMEOUT_S}s")


def camera_rows(count: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    return [
        {
            "external_id": f"bench-{i}",
            "name": f"Camera {i}",
            "ownership": rng.choice(["city", "business", "resident"]),
            "technology": "fixed",
            "location": {
                "lat": CITY[0] + rng.uniform(-0.18, 0.18),
                "lon": CITY[1] + rng.uniform(-0.24, 0.24),
                "address": f"{i} Bench St",
            },
            "stream_url": f"rtsp://user:pw@10.0.{i >> 8 & 255}.{i & 255}/main",
            # Not recorded: 2,300 recorder sessions to addresses that do not exist would measure
            # the recorder's retries, not the gateway.
            "permissions": {"live": True, "record": False},
            "lifecycle": "active",
            "tags": ["bench"],
        }
        for i in range(count)
    ]


def register_cameras(url: str, token: str, count: int) -> list[str]:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=300) as http:
        reply = http.post("/v1/cameras/import", json=camera_rows(count))
        reply.raise_for_status()
        if reply.json()["failed"]:
            raise RuntimeError(f"import failed rows: {reply.json()['errors'][:3]}")
        ids: list[str] = []
        page: dict[str, Any] = {"page_size": 1000}
        while True:
            listing = http.get("/v1/cameras", params=page).raise_for_status().json()
            ids += [c["id"] for c in listing["cameras"]]
            if not listing.get("next_page_token"):
                return ids
            page["page_token"] = listing["next_page_token"]


def run_wrk(
    url: str, script: Path, connections: int, duration_s: int, threads: int
) -> dict[str, Any]:
    argv = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration_s}s",
        "--timeout=10s",
        f"--script={script}",
        url,
    ]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    output = child.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    line = next((ln for ln in output.splitlines() if ln.startswith(REPORT_MARK)), None)
    if child.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({child.returncode}):\n{output}")
    report: dict[str, Any] = json.loads(line.removeprefix(REPORT_MARK))
    report["wrk_cpu_s"] = usage.ru_utime + usage.ru_stime
    return report


def measure(
    url: str, script: Path, pids: dict[str, int], connections: int, args: argparse.Namespace
) -> dict[str, Any]:
    trees = {name: process_tree(pid) if name != "rtcc_up" else [pid] for name, pid in pids.items()}
    before = {name: cpu_seconds(tree) for name, tree in trees.items()}
    load_before = load_average()
    report = run_wrk(url, script, connections, args.duration, args.threads)
    after = {name: cpu_seconds(tree) for name, tree in trees.items()}
    seconds = report["duration_us"] / 1e6
    errors = sum(report[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    cores = {
        name: round(sum(after[name].get(p, 0) - t for p, t in before[name].items()) / seconds, 2)
        for name in trees
    }
    cores["wrk"] = round(report["wrk_cpu_s"] / seconds, 2)
    return {
        "connections": connections,
        "requests_per_s": round(report["requests"] / seconds),
        "p50_ms": round(report["p50_us"] / 1000, 1),
        "p95_ms": round(report["p95_us"] / 1000, 1),
        "p99_ms": round(report["p99_us"] / 1000, 1),
        "max_ms": round(report["max_us"] / 1000, 1),
        "requests": report["requests"],
        "errors": errors + report["non_2xx"],
        "non_2xx": report["non_2xx"],
        "cpu_cores_used": cores,
        "gateway_processes": len(trees["gateway"]),
        "load_average_before": load_before,
        "load_average_after": load_average(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=2300)
    parser.add_argument("--connections", default="16,32,64", help="comma-separated counts")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--users", type=int, default=16, help="distinct analyst tokens")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the suite")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print(
            "bench/gateway_cameras.py needs wrk, the HTTP load generator: "
            "`apt-get install wrk` (listed in scripts/system-packages.txt)",
            file=sys.stderr,
        )
        return 2
    extra_env = dict(item.split("=", 1) for item in args.env)
    print(json.dumps({"machine": machine(), "suite_env": extra_env}), flush=True)
    with tempfile.TemporaryDirectory(prefix="rtcc-bench-gw-") as tmp:
        data_dir, port = Path(tmp) / "data", free_port()
        url, log = f"http://127.0.0.1:{port}", Path(tmp) / "rtcc-up.log"
        argv = [str(RTCC), "up", "--data-dir", str(data_dir), "--port", str(port)]
        env = {**os.environ, **extra_env}
        with log.open("wb") as out:
            up = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            wait_ready(url, up, log)
            state = json.loads((data_dir / "run" / "suite.json").read_text())
            pids = {"rtcc_up": up.pid, **state["pids"]}
            supervisor = rtcc_token(data_dir, "supervisor", "bench-lead")
            ids = register_cameras(url, supervisor, args.cameras)
            tokens = [rtcc_token(data_dir, "analyst", f"analyst-{i}") for i in range(args.users)]
            script = Path(tmp) / "cameras.lua"
            script.write_text(
                WRK_SCRIPT
                % {
                    "ids": ",".join(f'"{i}"' for i in ids),
                    "tokens": ",".join(f'"{t}"' for t in tokens),
                    "mark": REPORT_MARK,
                }
            )
            connection_counts = [int(c) for c in args.connections.split(",")]
            run_wrk(url, script, max(connection_counts), 3, args.threads)  # warm-up, not counted
            setup = {"cameras": len(ids), "users": len(tokens), "duration_s": args.duration}
            print(json.dumps({"setup": setup}), flush=True)
            for run in range(1, args.runs + 1):
                for count in connection_counts:
                    figures = measure(url, script, pids, count, args)
                    print(json.dumps({"run": run, **figures}), flush=True)
        finally:
            up.terminate()
            try:
                up.wait(timeout=60)
            except subprocess.TimeoutExpired:
                up.kill()
                up.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

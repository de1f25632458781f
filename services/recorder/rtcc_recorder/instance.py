"""The name a recorder goes by in the lease table, the same after a restart.

A recorder that restarts under a new name finds its own cameras leased to the old one and waits
for those leases to lapse (lease_ttl_s, 30 s) before recording again. Unless a name is set
(RTCC_RECORDER_INSTANCE_ID), the name is kept in the data folder: the first of
`recorder-instance-<n>.id` that no live process holds (an flock, released by the kernel when the
process dies, SIGKILL included). A restarted recorder takes slot 0 again, and with it its name
and its leases, at once; two recorders sharing the folder get two slots and two names.
"""

from __future__ import annotations

import fcntl
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from rtcc_common.errors import Unavailable

SLOTS = 64


@dataclass
class InstanceName:
    name: str
    _fd: int

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def claim_instance_name(data_dir: Path) -> InstanceName:
    data_dir.mkdir(parents=True, exist_ok=True)
    for slot in range(SLOTS):
        fd = os.open(data_dir / f"recorder-instance-{slot}.id", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        name = os.read(fd, 256).decode(errors="replace").strip()
        if not name:
            name = f"{socket.gethostname()[:40]}-{uuid.uuid4().hex[:8]}"
            os.write(fd, name.encode() + b"\n")
            os.fsync(fd)
        return InstanceName(name=name[:64], _fd=fd)
    raise Unavailable(f"all {SLOTS} recorder instance names in {data_dir} are in use")

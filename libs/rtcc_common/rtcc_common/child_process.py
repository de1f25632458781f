"""Child processes that end with the process that started them, even when it is killed with
SIGKILL and has no chance to stop them."""

from __future__ import annotations

import signal
from collections.abc import Sequence

SETPRIV = "setpriv"  # util-linux: sets the parent-death signal, then execs the command


def dying_with_parent(argv: Sequence[str], sig: signal.Signals) -> list[str]:
    """`argv` run so that the kernel sends it `sig` when its parent dies (PR_SET_PDEATHSIG).

    setpriv sets the signal and execs the command (same pid, so signalling and waiting work as
    usual). Setting it from a `preexec_fn` instead runs Python in the forked child of a process
    with threads (gRPC, aiosqlite), which can crash or hang the child.
    """
    return [SETPRIV, f"--pdeathsig={sig.name.removeprefix('SIG')}", "--", *argv]

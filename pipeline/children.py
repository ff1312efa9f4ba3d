"""Child processes that die with their parent, so that a `kill -9` leaves nothing running.

On Linux a child asks the kernel for SIGKILL when the thread that started it ends
(`prctl(PR_SET_PDEATHSIG)`); tesseract processes are started that way. Batch workers watch the
ingesting process itself (a pidfd), since their direct parent is the fork server, which may
outlive it. Elsewhere these are no-ops: the per-page and per-document timeouts still end
everything in bounded time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
_libc = (
    ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True) if sys.platform == "linux" else None
)


def die_with_parent() -> None:
    """In a freshly forked child (`preexec_fn`): be killed when the parent goes away."""
    if _libc is not None:
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def preexec() -> Callable[[], None] | None:
    """The `preexec_fn` for subprocesses that must not outlive us (None where unsupported)."""
    return die_with_parent if _libc is not None else None


def _wait_for_exit(pid: int) -> None:
    """Return once process `pid` has ended (pidfd where there is one, else polling)."""
    opener = getattr(os, "pidfd_open", None)
    if opener is not None:
        try:
            fd = opener(pid)
        except OSError:  # already gone, or a kernel without pidfds
            fd = -1
        if fd >= 0:
            select.select([fd], [], [])  # readable once the process has exited
            os.close(fd)
            return
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        except PermissionError:
            pass
        time.sleep(1.0)


def kill_group_when_gone(pid: int) -> threading.Thread:
    """Start a daemon thread that SIGKILLs this process group once process `pid` has ended.

    Call it in a process that has made itself a process-group leader (`os.setpgrp()`), so that
    its own children (tesseract) go too.
    """

    def watch() -> None:
        _wait_for_exit(pid)
        log.debug("process %d is gone: stopping process group %d", pid, os.getpgrp())
        os.killpg(0, signal.SIGKILL)

    thread = threading.Thread(target=watch, name=f"watch-{pid}", daemon=True)
    thread.start()
    return thread

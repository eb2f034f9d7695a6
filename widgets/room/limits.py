"""How many pages a room holds and when an idle page's kernel goes: defaults and the server arguments."""

from __future__ import annotations

import os
import sys
from pathlib import Path

KERNEL_MIB = 100  # a lesson kernel measured 60-100 MiB resident; the cap counts the high end
MEMORY_SHARE = 0.5  # of the memory free at start, for kernels: the server, browsers and others need the rest
MIN_PAGES, MAX_PAGES = 4, 64
CULL_IDLE_S = 600  # a page closed without saying so (a crash, a phone asleep) frees its kernel after this
MIN_CULL_IDLE_S = 60  # a page on a busy server may take tens of seconds between its kernel's last output and connecting
RETRY_AFTER_S = 60


def available_mib(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """Memory free for new processes, in MiB (Linux ``MemAvailable``; else total memory; else None)."""
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
    except (ValueError, OSError, AttributeError):
        return None


def default_max_pages(mib: int | None) -> int:
    """The cap on pages open at once for ``mib`` MiB of free memory.

    >>> default_max_pages(2048), default_max_pages(24000), default_max_pages(None)
    (10, 64, 16)
    """
    if mib is None:
        return 16
    return max(MIN_PAGES, min(MAX_PAGES, int(mib * MEMORY_SHARE // KERNEL_MIB)))


def cull_interval(idle_s: int) -> int:
    """How often to look for idle kernels: a quarter of the idle time, between 5 s and a minute.

    >>> cull_interval(600), cull_interval(8)
    (60, 5)
    """
    return max(5, min(60, idle_s // 4))


ROOM_MODULE = "widgets.room"
ONE_LEARNER = "--RoomVoila.one_learner=True"  # one workbook for every browser (and no banner)


def room_command(folder: Path, *, max_pages: int, cull_idle_s: int, one_learner: bool, embedded: bool) -> list[str]:
    """The start of the server command: Voilà for a room (``python -m widgets.room``) and its limits.

    Kernels talk to the server over Unix sockets in Voilà's private (0700) connection folder, so no
    two kernels can race for a TCP port.
    """
    cmd = [sys.executable, "-m", ROOM_MODULE, str(folder),
           f"--RoomVoila.max_pages={max_pages}", "--KernelManager.transport=ipc"]
    if cull_idle_s > 0:
        cmd += [f"--MappingKernelManager.cull_idle_timeout={cull_idle_s}",
                f"--MappingKernelManager.cull_interval={cull_interval(cull_idle_s)}"]
    if one_learner:
        cmd.append(ONE_LEARNER)
    if embedded:
        cmd.append("--RoomVoila.embedded=True")
    return cmd

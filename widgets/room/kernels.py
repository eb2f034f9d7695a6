"""The room's kernel manager: each kernel starts in its learner's home, has an owner, and the room has a cap.

The learner is read from :data:`LEARNER`, a context variable the page handler sets for the request
that starts the kernel (:mod:`widgets.room.app`). A kernel started outside any request (Voilà's
preheated pool, at start-up) belongs to the owner, whose home is the server's own.
"""

from __future__ import annotations

import contextvars
from pathlib import Path

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer, Unicode

from widgets.room.identity import OWNER, learner_home

# The coach's cohort store stays the server's (widgets.cohort.store / learner; a test keeps these equal):
# a learner whose home moved to learners/<id>/ still joins and shares with the coach's cohorts.
COHORT_URL_ENV, COHORT_SERVICE_ENV, COHORT_STORE_NAME = "SOCIAL_LAB_COHORT_URL", "SOCIAL_LAB_COHORT_SERVICE", "cohort.sqlite"

LEARNER: contextvars.ContextVar[str | None] = contextvars.ContextVar("sll_learner", default=None)


class RoomFull(Exception):
    """Every place in the room is taken: the page says so and asks the learner to try again shortly."""


class RoomKernelManager(AsyncMappingKernelManager):
    """Kernels per learner: ``SOCIAL_LAB_HOME`` is the learner's own folder, and each kernel remembers its owner."""

    max_kernels = Integer(0, config=True, help="Most kernels running at once (0: no cap).")
    room_home = Unicode("", config=True, help="The server's SOCIAL_LAB_HOME; learners' homes live under it.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.owners: dict[str, str] = {}
        self._starting = 0

    def is_full(self) -> bool:
        """Whether a new page would go over the cap (kernels running plus kernels starting)."""
        # Not len(self): a kernel is listed there from the moment it starts starting, while it is
        # also counted in _starting.
        running = sum(1 for kernel_id in self.owners if kernel_id in self)
        return bool(self.max_kernels) and running + self._starting >= self.max_kernels

    def owner_of(self, kernel_id: str) -> str | None:
        """The learner who owns ``kernel_id``; None for an unknown kernel."""
        return self.owners.get(kernel_id) if kernel_id in self else None

    async def start_kernel(self, *args, **kwargs):  # type: ignore[override]
        learner = LEARNER.get() or OWNER
        if kwargs.get("kernel_id") in self:  # an existing kernel: nothing starts
            return await super().start_kernel(*args, **kwargs)
        if self.is_full():
            raise RoomFull()
        env = dict(kwargs.get("env") or {})
        if self.room_home:
            env["SOCIAL_LAB_HOME"] = str(learner_home(Path(self.room_home), learner))
            if not env.get(COHORT_URL_ENV, "").strip() and not env.get(COHORT_SERVICE_ENV, "").strip():
                env[COHORT_URL_ENV] = str(Path(self.room_home) / COHORT_STORE_NAME)
        kwargs["env"] = env
        self._starting += 1
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1
        self.owners[kernel_id] = learner
        return kernel_id

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):  # type: ignore[override]
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            if kernel_id not in self:
                self.owners.pop(kernel_id, None)

    async def cull_kernel_if_idle(self, kernel_id):
        # A warm kernel waiting in Voilà's pool is idle by design; culling it would leave the pool
        # handing out a dead kernel.
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None \
                        and task.result().get("kernel_id") == kernel_id:
                    return None
        return await super().cull_kernel_if_idle(kernel_id)

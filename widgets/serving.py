"""Server-side plumbing for Voilà: kernel clients whose waits cannot be stranded by a missed wake-up.

Voilà runs each lesson through a kernel client in its own event loop, waiting on ZeroMQ sockets
through ``zmq.asyncio``. Those waits are woken by an edge-triggered file descriptor, and now and
then the wake-up is lost: the reply is sitting in the socket (``zmq.EVENTS`` says so) while the
wait goes on for ever, so the page never finishes loading. We caught one in a live server: the
kernel had run the cell and replied, the server's socket held the reply, nothing read it.

A wait with a timeout does not have this problem: when the timeout fires, pyzmq asks the socket
directly (``zmq_poll`` with no wait) and finds the message. So these channels never wait more than
:data:`WAKE_CHECK_S` at a time; an untimed wait becomes a loop of short ones, a long timeout a
series of short ones up to its deadline. A lost wake-up then costs at most a second.

Only the Voilà server process loads this module (``voila_args()``); learner kernels never do.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

WAKE_CHECK_S = 1.0


class ResilientChannel(AsyncZMQSocketChannel):
    """An asyncio channel whose ``get_msg`` re-checks its socket at least every second."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        if timeout is not None and timeout <= WAKE_CHECK_S:
            return await super().get_msg(timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = WAKE_CHECK_S if deadline is None else min(WAKE_CHECK_S, deadline - time.monotonic())
            try:
                return await super().get_msg(max(left, 0.0))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class ResilientKernelClient(AsyncKernelClient):
    """The kernel client Voilà gets from ``KernelManager.client()``: every channel is resilient."""

    shell_channel_class = Type(ResilientChannel)
    iopub_channel_class = Type(ResilientChannel)
    stdin_channel_class = Type(ResilientChannel)
    control_channel_class = Type(ResilientChannel)


def voila_args() -> list[str]:
    """Voilà arguments that give its kernel managers :class:`ResilientKernelClient`.

    >>> voila_args()
    ['--KernelManager.client_class=widgets.serving.ResilientKernelClient']
    """
    return ["--KernelManager.client_class=widgets.serving.ResilientKernelClient"]

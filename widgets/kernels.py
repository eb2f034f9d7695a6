"""A kernel manager for nbclient whose clients are Voilà's resilient ones (:mod:`widgets.serving`).

Kept apart from :mod:`widgets.execute` so that ``social-lab`` does not import jupyter_client to
start (it costs half a second), only to run a notebook.
"""

from __future__ import annotations

from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, default
from traitlets.utils.importstring import import_item


class ResilientKernelManager(AsyncKernelManager):
    """An asyncio kernel manager whose ``client()`` is :class:`widgets.serving.ResilientKernelClient`."""

    client_class = DottedObjectName("widgets.serving.ResilientKernelClient", config=True)

    @default("client_factory")
    def _client_factory_default(self) -> type:
        # AsyncKernelManager declares client_factory with a fixed default, and client_class only
        # reaches it when it is *changed* (as Voilà's --KernelManager.client_class does): a new
        # default for client_class alone would leave nbclient with the stock client.
        return import_item(self.client_class)

    @default("transport_encryption")
    def _encryption_default(self) -> str:
        # Encrypted TCP (CurveZMQ) where pyzmq has it: no "running over TCP without encryption"
        # warning from the kernel. Not IPC: socket paths are limited to 107 characters.
        import zmq

        return "auto" if zmq.has("curve") else "disabled"

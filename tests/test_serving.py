"""Voilà's kernel channels re-check their socket: a lost wake-up costs a second, not the page."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.session import Session

from widgets import serving
from widgets.cli import voila_command


class LostWakeupSocket(zmq.asyncio.Socket):
    """A socket whose message is already there but whose untimed poll is never woken.

    That is the state a live Voilà server was caught in: ``zmq.EVENTS`` said POLLIN, the wait
    went on. A timed poll asks the socket when its time is up, as pyzmq's does.
    """

    message: list[bytes] | None = None  # declared here: pyzmq takes unknown attributes for socket options
    polls: list = []

    def __init__(self, ctx, message: list[bytes] | None):
        super().__init__(ctx, zmq.DEALER)
        self.message = message
        self.polls = []

    async def poll(self, timeout=None, flags=zmq.POLLIN):  # type: ignore[override]
        self.polls.append(timeout)
        if timeout is None:
            await asyncio.Event().wait()  # never woken
        if timeout:
            await asyncio.sleep(timeout / 1000)
        return zmq.POLLIN if self.message else 0

    async def recv_multipart(self, *args, **kwargs):  # type: ignore[override]
        message, self.message = self.message, None
        return message


@pytest.fixture
def session():
    return Session(key=b"test-key")


def _reply(session):
    msg = session.msg("execute_reply", {"status": "ok"})
    return session.serialize(msg), msg["header"]["msg_id"]


def _run(test, session, message, channel_class=serving.ResilientChannel):
    """Run ``test(channel, socket)`` on its own event loop in its own thread.

    Other tests (the browser ones) leave an event loop running in the main thread, where
    ``asyncio.run`` refuses to start; the sockets are made inside the loop that uses them.
    """
    async def main():
        ctx = zmq.asyncio.Context()
        socket = LostWakeupSocket(ctx, message)
        try:
            return await test(channel_class(socket, session), socket)
        finally:
            socket.close(linger=0)
            ctx.term()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result(timeout=30)


def test_an_untimed_wait_finds_a_reply_its_wakeup_missed(session, monkeypatch):
    monkeypatch.setattr(serving, "WAKE_CHECK_S", 0.05)
    frames, msg_id = _reply(session)

    async def check(channel, socket):
        started = time.monotonic()
        msg = await asyncio.wait_for(channel.get_msg(), timeout=5)
        return msg, time.monotonic() - started, list(socket.polls)

    msg, took, polls = _run(check, session, frames)
    assert msg["header"]["msg_id"] == msg_id
    assert took < 1, "found at the first re-check"
    assert polls and None not in polls, "never an untimed poll"


def test_the_stock_channel_waits_for_ever_in_the_same_state(session):
    """The control: jupyter_client's own channel never returns from this socket."""
    from jupyter_client.channels import AsyncZMQSocketChannel

    frames, _ = _reply(session)

    async def check(channel, socket):
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(channel.get_msg(), timeout=0.5)
        return socket.polls

    assert _run(check, session, frames, AsyncZMQSocketChannel) == [None]


def test_a_long_timeout_is_sliced_and_still_ends_in_empty(session, monkeypatch):
    monkeypatch.setattr(serving, "WAKE_CHECK_S", 0.05)

    async def check(channel, socket):
        started = time.monotonic()
        with pytest.raises(Empty):
            await channel.get_msg(timeout=0.3)
        return time.monotonic() - started, list(socket.polls)

    took, polls = _run(check, session, None)
    assert 0.25 < took < 2
    assert len(polls) >= 4 and all(p is not None and p <= 50 for p in polls), polls


def test_a_short_timeout_is_left_alone(session, monkeypatch):
    monkeypatch.setattr(serving, "WAKE_CHECK_S", 1.0)

    async def check(channel, socket):
        with pytest.raises(Empty):
            await channel.get_msg(timeout=0.2)
        return list(socket.polls)

    assert _run(check, session, None) == [200]


def test_every_channel_of_the_client_is_resilient_and_present_uses_it(tmp_path):
    client = serving.ResilientKernelClient()
    for name in ("shell", "iopub", "stdin", "control"):
        assert getattr(client, f"{name}_channel_class") is serving.ResilientChannel
    assert set(serving.voila_args()) <= set(voila_command(tmp_path, 8866, browser=False))

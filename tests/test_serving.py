"""Voilà's kernel channels re-check their socket: a lost wake-up costs a second, not the page."""

from __future__ import annotations

import asyncio
import time
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
        self.polls: list[float | None] = []

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


def _channel(session, message):
    ctx = zmq.asyncio.Context()
    socket = LostWakeupSocket(ctx, message)
    return serving.ResilientChannel(socket, session), socket, ctx


def _reply(session):
    msg = session.msg("execute_reply", {"status": "ok"})
    return session.serialize(msg), msg["header"]["msg_id"]


def test_an_untimed_wait_finds_a_reply_its_wakeup_missed(session, monkeypatch):
    monkeypatch.setattr(serving, "WAKE_CHECK_S", 0.05)
    frames, msg_id = _reply(session)
    channel, socket, ctx = _channel(session, frames)
    try:
        started = time.monotonic()
        msg = asyncio.run(asyncio.wait_for(channel.get_msg(), timeout=5))
        assert msg["header"]["msg_id"] == msg_id
        assert time.monotonic() - started < 1, "found at the first re-check"
        assert socket.polls and None not in socket.polls, "never an untimed poll"
    finally:
        socket.close(linger=0)
        ctx.term()


def test_the_stock_channel_waits_for_ever_in_the_same_state(session):
    """The control: jupyter_client's own channel never returns from this socket."""
    from jupyter_client.channels import AsyncZMQSocketChannel

    frames, _ = _reply(session)
    ctx = zmq.asyncio.Context()
    socket = LostWakeupSocket(ctx, frames)
    try:
        with pytest.raises(asyncio.TimeoutError):
            asyncio.run(asyncio.wait_for(AsyncZMQSocketChannel(socket, session).get_msg(), timeout=0.5))
    finally:
        socket.close(linger=0)
        ctx.term()


def test_a_long_timeout_is_sliced_and_still_ends_in_empty(session, monkeypatch):
    monkeypatch.setattr(serving, "WAKE_CHECK_S", 0.05)
    channel, socket, ctx = _channel(session, None)
    try:
        started = time.monotonic()
        with pytest.raises(Empty):
            asyncio.run(channel.get_msg(timeout=0.3))
        assert 0.25 < time.monotonic() - started < 2
        assert len(socket.polls) >= 4 and all(p is not None and p <= 50 for p in socket.polls), socket.polls
    finally:
        socket.close(linger=0)
        ctx.term()


def test_a_short_timeout_is_left_alone(session, monkeypatch):
    monkeypatch.setattr(serving, "WAKE_CHECK_S", 1.0)
    channel, socket, ctx = _channel(session, None)
    try:
        with pytest.raises(Empty):
            asyncio.run(channel.get_msg(timeout=0.2))
        assert socket.polls == [200]
    finally:
        socket.close(linger=0)
        ctx.term()


def test_every_channel_of_the_client_is_resilient_and_present_uses_it(tmp_path):
    client = serving.ResilientKernelClient()
    for name in ("shell", "iopub", "stdin", "control"):
        assert getattr(client, f"{name}_channel_class") is serving.ResilientChannel
    assert set(serving.voila_args()) <= set(voila_command(tmp_path, 8866, browser=False))

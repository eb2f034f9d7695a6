"""A room of learners: learner cookies, learners' homes, the limits ``present`` starts Voilà with."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import shlex
import stat
import sys
from pathlib import Path

import pytest

from widgets import cli
from widgets.room import identity, limits

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
LEARNER = "0123456789abcdef0123456789abcdef"


def test_a_signed_cookie_names_its_learner():
    assert identity.verify(KEY, identity.sign(KEY, LEARNER)) == LEARNER
    assert identity.verify(KEY, identity.sign(KEY, identity.OWNER)) == identity.OWNER


@pytest.mark.parametrize("value", [
    pytest.param(None, id="absent"),
    pytest.param("", id="empty"),
    pytest.param(LEARNER, id="id-without-signature"),
    pytest.param(identity.sign(OTHER_KEY, LEARNER), id="signed-by-another-server"),
    pytest.param(identity.sign(KEY, LEARNER)[:-1] + "0", id="signature-changed"),
    pytest.param("f" + identity.sign(KEY, LEARNER)[1:], id="id-changed-signature-kept"),
    pytest.param("owner." + identity.sign(KEY, LEARNER).split(".")[1], id="owner-with-a-learners-signature"),
    pytest.param("../../etc." + "0" * 64, id="path-in-id"),
    pytest.param(identity.sign(KEY, LEARNER) + ".x", id="extra-part"),
    pytest.param("A" * 5000, id="huge"),
])
def test_a_cookie_the_server_did_not_sign_names_nobody(value):
    assert identity.verify(KEY, value) is None


def test_learner_ids_are_fresh_and_only_ids_are_signed():
    assert len({identity.new_learner() for _ in range(50)}) == 50
    with pytest.raises(ValueError):
        identity.sign(KEY, "../x")


def test_the_secret_is_private_and_survives_a_restart(tmp_path):
    first = identity.load_secret(tmp_path)
    path = tmp_path / identity.LEARNERS / identity.SECRET_FILE
    assert len(first) == 32 and identity.load_secret(tmp_path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_each_learner_has_a_private_home_and_the_owner_keeps_the_servers(tmp_path):
    mine = identity.learner_home(tmp_path, LEARNER)
    assert mine == tmp_path / "learners" / LEARNER and stat.S_IMODE(mine.stat().st_mode) == 0o700
    assert identity.learner_home(tmp_path, identity.OWNER) == tmp_path
    with pytest.raises(ValueError):
        identity.learner_home(tmp_path, "..")


@pytest.mark.parametrize(("given", "expected", "ok"), [
    pytest.param("tok", "tok", True, id="same"),
    pytest.param("tok", "other", False, id="different"),
    pytest.param("", "", False, id="empty-matches-nothing"),
    pytest.param("tok", "", False, id="no-owner-token-set"),
])
def test_the_owner_token(given, expected, ok):
    assert identity.same_token(given, expected) is ok


@pytest.mark.parametrize(("mib", "pages"), [
    pytest.param(None, 16, id="unknown-memory"),
    pytest.param(300, limits.MIN_PAGES, id="small-machine-floor"),
    pytest.param(4096, 20, id="4-GiB"),
    pytest.param(1 << 20, limits.MAX_PAGES, id="huge-machine-ceiling"),
])
def test_the_default_cap_follows_free_memory(mib, pages):
    assert limits.default_max_pages(mib) == pages


def test_free_memory_is_read_from_meminfo(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       8000000 kB\nMemAvailable:   2048000 kB\n")
    assert limits.available_mib(meminfo) == 2000


def _present(capsys, *argv: str) -> tuple[list[str], str]:
    assert cli.main(["present", "--dry-run", "--no-browser", *argv]) == 0
    out = capsys.readouterr().out
    words = shlex.split(out.strip().splitlines()[-1])
    while words and re.match(r"^[A-Z_]+=", words[0]):  # the environment printed before the command
        words.pop(0)
    return words, out


def test_present_runs_voila_for_a_room_with_bounded_kernels(capsys, tmp_path):
    (tmp_path / "01_x.ipynb").write_text("{}", encoding="utf-8")
    cmd, out = _present(capsys, "--lessons", str(tmp_path), "--max-pages", "7", "--cull-idle", "120")
    assert "at most 7 lesson pages" in out.lower() and "after 120 s idle" in out
    assert cmd[:4] == [sys.executable, "-m", "widgets.room", str(tmp_path)]
    assert "--RoomVoila.max_pages=7" in cmd
    assert "--KernelManager.transport=ipc" in cmd
    assert "--MappingKernelManager.cull_idle_timeout=120" in cmd and "--MappingKernelManager.cull_interval=30" in cmd
    assert "--RoomVoila.one_learner=True" not in cmd
    assert "Each browser that opens this server gets its own workbook." in out
    assert "owner=" not in out, "a dry run makes no owner link"


def test_one_learner_shares_the_workbook_and_cull_zero_never_culls(capsys, tmp_path):
    (tmp_path / "01_x.ipynb").write_text("{}", encoding="utf-8")
    cmd, out = _present(capsys, "--lessons", str(tmp_path), "--one-learner", "--cull-idle", "0")
    assert "--RoomVoila.one_learner=True" in cmd
    assert not any(arg.startswith("--MappingKernelManager.cull_idle_timeout") for arg in cmd)
    assert "shares one workbook" in out


def test_an_embedded_room_asks_for_a_cookie_that_works_in_an_iframe(capsys, tmp_path):
    (tmp_path / "01_x.ipynb").write_text("{}", encoding="utf-8")
    cmd, _ = _present(capsys, "--lessons", str(tmp_path), "--embed-origin", "https://lms.example.org")
    assert "--RoomVoila.embedded=True" in cmd


@pytest.mark.parametrize("argv", [
    pytest.param(["--max-pages", "0"], id="no-pages"),
    pytest.param(["--max-pages", "5000"], id="too-many-pages"),
    pytest.param(["--cull-idle", "-1"], id="negative-cull"),
    pytest.param(["--cull-idle", "10"], id="cull-before-a-busy-page-connects"),
])
def test_bad_limits_are_refused_before_anything_starts(capsys, tmp_path, argv):
    (tmp_path / "01_x.ipynb").write_text("{}", encoding="utf-8")
    assert cli.main(["present", "--dry-run", "--lessons", str(tmp_path), *argv]) == 2
    assert "must be between" in capsys.readouterr().err


def test_the_room_server_module_is_not_imported_by_the_command():
    """``social-lab`` stays quick to start: Voilà and tornado load in the server process only."""
    import subprocess

    code = "import sys, widgets.cli; print('widgets.room.app' in sys.modules, 'voila.app' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.stdout.split() == ["False", "False"]


def test_the_cap_counts_each_kernel_once_while_it_starts():
    """jupyter_client lists a kernel before it has started; the room counts it as starting, not twice."""
    from widgets.room.kernels import RoomKernelManager

    km = RoomKernelManager(max_kernels=2)
    km._kernels["a"] = object()  # kernel "a" is starting: listed, not yet owned
    km._starting = 1
    assert not km.is_full()
    km._starting, km.owners["a"] = 0, "learner"
    km._kernels["b"], km.owners["b"] = object(), "other"
    assert km.is_full()
    assert km.owner_of("a") == "learner" and km.owner_of("nope") is None
    del km._kernels["b"]  # gone without a word: its owner entry no longer counts
    assert not km.is_full() and km.owner_of("b") is None


@pytest.mark.parametrize(("embedded", "https", "attributes"), [
    pytest.param(False, False, {"HttpOnly", "SameSite=Lax"}, id="plain-http"),
    pytest.param(False, True, {"HttpOnly", "SameSite=Lax", "Secure"}, id="behind-https"),
    pytest.param(True, True, {"HttpOnly", "SameSite=None", "Secure", "Partitioned"}, id="in-an-lms-iframe"),
])
def test_the_learner_cookie_header(tmp_path, embedded, https, attributes):
    from widgets.room.app import Room

    room = Room(home=tmp_path, one_learner=False, embedded=embedded, owner_token="", banner=True)
    header = room.cookie_header(LEARNER, path="/", https=https)
    first, *rest = header.split("; ")
    assert identity.verify(room.secret, first.split("=", 1)[1]) == LEARNER
    assert {part for part in rest if "=" not in part or part.startswith("SameSite")} == attributes
    assert f"Max-Age={identity.COOKIE_DAYS * 86400}" in rest and "Path=/" in rest


def test_learners_kernels_find_the_servers_cohort_store():
    """A learner's home moves to learners/<id>/; the coach's cohort store stays where the cohort code looks."""
    from widgets.cohort import learner, store
    from widgets.room import kernels

    assert kernels.COHORT_URL_ENV == store.URL_ENV
    assert kernels.COHORT_SERVICE_ENV == learner.SERVICE_ENV
    assert kernels.COHORT_STORE_NAME == store.STORE_NAME


def _run(coro):
    """Run on a fresh loop in its own thread: the browser tests may leave a loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=60)


def test_a_kernel_starts_in_its_learners_home_and_remembers_its_owner(tmp_path, monkeypatch):

    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    from widgets.room.kernels import LEARNER as CURRENT, RoomFull, RoomKernelManager

    started: list[dict] = []

    async def fake_start(self, *args, **kwargs):  # what reaches jupyter_server: no real kernel needed
        started.append(kwargs["env"])
        kernel_id = f"k{len(started)}"
        self._kernels[kernel_id] = object()
        return kernel_id

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", fake_start)
    km = RoomKernelManager(max_kernels=3, room_home=str(tmp_path))

    async def start(learner, env):
        token = CURRENT.set(learner)
        try:
            return await km.start_kernel(kernel_name="python3", env=env)
        finally:
            CURRENT.reset(token)

    mine = _run(start(LEARNER, {"SOCIAL_LAB_HOME": "/server/home"}))
    owners = _run(start(None, {}))  # a preheated kernel: no request, the owner's
    served = _run(start("f" * 32, {"SOCIAL_LAB_COHORT_SERVICE": "http://127.0.0.1:9/"}))
    assert started[0]["SOCIAL_LAB_HOME"] == str(tmp_path / "learners" / LEARNER)
    assert started[0]["SOCIAL_LAB_COHORT_URL"] == str(tmp_path / "cohort.sqlite")
    assert started[1]["SOCIAL_LAB_HOME"] == str(tmp_path)
    assert "SOCIAL_LAB_COHORT_URL" not in started[2], "a cohort service, when set, is what learners use"
    assert (km.owner_of(mine), km.owner_of(owners), km.owner_of(served)) == (LEARNER, identity.OWNER, "f" * 32)
    with pytest.raises(RoomFull):
        _run(start(LEARNER, {}))

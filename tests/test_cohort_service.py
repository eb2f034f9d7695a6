"""``social-lab cohort serve`` on loopback, over SQLite and PostgreSQL: what a learner's server (the service
address and its own token) can reach, and what it cannot; the coach's view through the service; the command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from test_cohort_store import store  # noqa: F401  (the SQLite + PostgreSQL fixture)
from widgets import cohort as co
from widgets.cohort import service as service_module
from widgets.cohort.service import InThread

ROOT = Path(__file__).resolve().parents[1]
VICTIM_TEXT = "victim-only-words-7f3a"  # appears in the victim's submission and nowhere else


@pytest.fixture
def served(store):  # noqa: F811
    running = InThread(store)
    yield store, running
    running.stop()


@pytest.fixture
def room(served):
    """A cohort with a victim who shared private words and an attacker who joined too."""
    store, running = served
    cohort, key = store.create_cohort("Service group")
    victim = store.join(cohort.code, "Victim", learner="victim-learner-0123456789ab")
    store.submit(victim.token, "01.conversation-finder", {"conversation": VICTIM_TEXT})
    store.submit(victim.token, "02.benefit-ladder", {"essence": VICTIM_TEXT + " essence"})
    client = co.CohortClient(running.address)
    attacker = client.join(cohort.code, "Attacker", learner="attacker-learner-0123456789")
    return store, running, client, cohort, key, victim, attacker


def _raw(address: str, method: str, path: str, body: bytes | None = None, token: str | None = None,
         headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(address + path, data=body, method=method)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


# -- the learner's side works through the service -----------------------------------------------

def test_a_learner_joins_shares_and_reads_totals_through_the_service(room):
    store, _running, client, cohort, key, _victim, attacker = room
    assert isinstance(attacker, co.Member) and attacker.token and attacker.expires_at > 0
    again = client.join(cohort.code, "Attacker", learner="attacker-learner-0123456789")
    assert again.id == attacker.id, "re-joining through the service is idempotent too"
    sid = client.submit(attacker.token, "01.rewrite-studio", {
        "pairs": [{"before": "BUY NOW!!! Best app ever!!!", "after": "What helped your team this week?"}]})
    [row] = [s for s in store.coach(cohort.code, key).submissions() if s.id == sid]
    assert row.payload["before_verdict"] == "bullhorn", "the result was reduced in the learner's kernel"
    view = client.learner_view(attacker.token)
    assert view.members == 2 and view.submissions == 3
    assert client.member(attacker.token).label == "Attacker"
    assert client.shared_count(attacker.token) == 1


def test_refusals_keep_their_kind_and_sentence_over_http(room, monkeypatch):
    store, _running, client, cohort, key, _victim, attacker = room
    with pytest.raises(co.CohortError, match="No cohort has that join code"):
        client.join("ZZZZZZ")
    with pytest.raises(co.LimitReached, match="too large to share"):
        client.submit(attacker.token, "01.conversation-finder", {"conversation": "x", "pad": "y" * 300_000})
    monkeypatch.setattr(co.store, "RATE_PER_MINUTE", 1)
    client.submit(attacker.token, "00.stage-assessment", {"stage": "Host"})
    with pytest.raises(co.LimitReached, match="Wait a minute"):
        client.submit(attacker.token, "00.stage-assessment", {"stage": "Host"})
    client.leave(attacker.token)
    with pytest.raises(co.LinkRefused, match="Stop sharing"):
        client.member(attacker.token)
    with pytest.raises(co.CoachRefused, match="do not match"):
        client.coach(cohort.code, "not-the-coach-key")


def test_the_coach_reads_moderates_and_turns_links_off_through_the_service(room):
    store, _running, client, cohort, key, victim, attacker = room
    coach = client.coach(cohort.name, key)
    assert coach.cohort.code == cohort.code
    subs = coach.submissions()
    assert [s.payload.get("conversation") for s in subs if s.kind == "conversation"] == [VICTIM_TEXT]
    assert coach.aggregates().conversations == [(VICTIM_TEXT, 1)]
    before = coach.revision()
    essence = next(s for s in subs if s.kind == "essence")
    assert coach.set_approved(essence.id) and coach.revision() != before
    assert [text for _i, _l, text, _ok in client.learner_view(attacker.token).essences] == [VICTIM_TEXT + " essence"]
    assert coach.set_hidden(essence.id) and coach.submissions(include_hidden=False) == [subs[0]]
    assert {m.label for m in coach.members()} == {"Victim", "Attacker"}
    assert coach.set_revoked(attacker.id)
    with pytest.raises(co.LinkRefused, match="Your coach turned sharing off"):
        client.submit(attacker.token, "00.stage-assessment", {"stage": "Host"})
    coach.set_link_days(3)
    assert store.coach(cohort.code, key).members()[0].revoked_by is None


def test_a_coach_session_ends_and_wrong_keys_are_slowed(room, monkeypatch):
    _store, running, client, cohort, key, _victim, _attacker = room
    coach = client.coach(cohort.code, key)
    now = running.service.clock()
    monkeypatch.setattr(running.service, "clock", lambda: now + service_module.SESSION_HOURS * 3600 + 1)
    with pytest.raises(co.CoachRefused, match="session has ended"):
        coach.members()
    monkeypatch.setattr(running.service, "clock", lambda: now)
    for _ in range(service_module.LOGIN_FAILURES):
        with pytest.raises(co.CoachRefused):
            client.coach(cohort.code, "a-wrong-guess-0000")
    with pytest.raises(co.LimitReached, match="Too many wrong coach keys"):
        client.coach(cohort.code, key)
    monkeypatch.setattr(running.service, "clock", lambda: now + service_module.LOGIN_WINDOW_S + 1)
    assert client.coach(cohort.code, key).cohort.code == cohort.code


@pytest.mark.parametrize("method,path,body,token,status,message", [
    pytest.param("GET", "api/v1/me", None, None, 401, "Authorization: Bearer", id="no-token"),
    pytest.param("GET", "api/v1/me", None, "x.y.z.w", 403, "not valid", id="bad-token"),
    pytest.param("POST", "api/v1/join", b"not json", None, 400, "not JSON", id="not-json"),
    pytest.param("POST", "api/v1/join", b"[1, 2]", None, 400, "JSON object", id="json-not-an-object"),
    pytest.param("POST", "api/v1/join", b"{\"code\": \"" + b"A" * 70_000 + b"\"}", None, 413, "too large",
                 id="body-over-the-limit"),
    pytest.param("GET", "api/v1/coach/members", None, "made-up-session", 403, "session has ended",
                 id="made-up-coach-session"),
    pytest.param("GET", "api/v1/join", None, None, 405, "not how this address is used", id="wrong-method"),
    pytest.param("GET", "etc/passwd", None, None, 404, "nothing here", id="unknown-path"),
    pytest.param("GET", "api/v1/../../etc/passwd", None, None, 404, "nothing here", id="dot-dot"),
])
def test_bad_requests_get_a_status_and_a_sentence_never_a_traceback(served, method, path, body, token, status,
                                                                       message):
    _store, running = served
    code, text = _raw(running.address, method, path, body, token)
    assert code == status and message in json.loads(text)["error"]
    assert "Traceback" not in text and "File \"" not in text


def test_answers_are_json_that_no_browser_caches_or_frames(served):
    _store, running = served
    request = urllib.request.Request(running.address)
    with urllib.request.urlopen(request, timeout=20) as response:
        assert response.headers["Content-Type"].startswith("application/json")
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert json.loads(response.read())["service"] == "social-lab cohort"


def test_an_unreachable_service_is_one_clear_sentence():
    client = co.CohortClient("http://127.0.0.1:9/", timeout=2)
    with pytest.raises(co.ServiceUnavailable, match="not reachable just now"):
        client.join("ABC234")


@pytest.mark.parametrize("url", [
    pytest.param("postgresql://user:pw@db/x", id="a-database-url"),
    pytest.param("file:///etc/passwd", id="a-file"),
    pytest.param("", id="empty"),
])
def test_the_client_takes_only_a_web_address(url):
    with pytest.raises(co.CohortError, match="http:// or https://"):
        co.CohortClient(url)


def test_a_base_path_behind_a_proxy(store):  # noqa: F811
    running = InThread(store, base_url="/services/social-lab-cohort/")
    try:
        assert running.address.endswith("/services/social-lab-cohort/")
        cohort, _key = store.create_cohort("Behind a proxy")
        assert co.CohortClient(running.address).join(cohort.code).cohort.name == "Behind a proxy"
        assert _raw(running.address.split("/services/")[0] + "/", "GET", "api/v1/me")[0] == 404
    finally:
        running.stop()


# -- what a learner's environment can and cannot reach ------------------------------------------

LEARNER_SCRIPT = textwrap.dedent('''
    """Run as a learner's server would be: only the service address and this learner's token."""
    import json, os, sys, urllib.error, urllib.request

    from widgets import cohort as co

    address, token = os.environ["SOCIAL_LAB_COHORT_SERVICE"], os.environ["MY_TOKEN"]
    victim_id, code = os.environ["VICTIM_ID"], os.environ["COHORT_CODE"]
    seen, refused = [], {}

    def raw(method, path, body=None, bearer=token):
        request = urllib.request.Request(address + path, data=body, method=method)
        if bearer:
            request.add_header("Authorization", "Bearer " + bearer)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                text = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as exc:
            text, status = exc.read().decode(), exc.code
        seen.append(text)
        return status

    store = co.default_store()
    report = {"store": type(store).__name__,
              "env_urls": sorted(k for k, v in os.environ.items() if "://" in v)}
    view = store.learner_view(token)
    seen.append(json.dumps(view.__dict__))
    me = store.member(token)
    seen.append(json.dumps({"id": me.id, "label": me.label}))
    # Everything a curious learner might try with their own token, or none.
    for method, path, body in [
        ("GET", "api/v1/coach/submissions", None), ("GET", "api/v1/coach/members", None),
        ("GET", "api/v1/coach/aggregates", None), ("GET", "api/v1/coach/revision", None),
        ("POST", "api/v1/coach/moderate", b'{"id": 1, "approved": true}'),
        ("POST", "api/v1/coach/revoke", json.dumps({"member_id": victim_id}).encode()),
        ("POST", "api/v1/coach/link-days", b'{"days": 365}'),
        ("POST", "api/v1/coach/session", json.dumps({"cohort": code, "key": ""}).encode()),
        ("POST", "api/v1/coach/session", json.dumps({"cohort": code, "key": token}).encode()),
        ("GET", "api/v1/submissions", None), ("GET", "api/v1/members", None), ("GET", "api/v1/cohorts", None),
    ]:
        refused[method + " " + path] = raw(method, path, body)
    # What a learner may do: their own totals and membership (read raw too, to see every byte).
    report["allowed"] = {path: raw("GET", path) for path in ("api/v1/totals", "api/v1/me", "")}
    # Forged tokens for the victim: their member id under this learner's signature and expiry.
    c, _m, expires, signature = token.split(".")
    for forged in (f"{c}.{victim_id}.{expires}.{signature}", f"{c}.{victim_id}.zzzzzz.{signature}"):
        refused["forged me"] = raw("GET", "api/v1/me", bearer=forged)
        refused["forged share"] = raw("POST", "api/v1/share",
                                      b'{"exercise_id": "00.stage-assessment", "payload": {"stage": "x"}}', forged)
        refused["forged leave"] = raw("POST", "api/v1/leave", b"{}", forged)
    report["refused"] = refused
    report["seen"] = seen
    report["local_store_opened"] = os.path.exists(os.path.join(os.environ["SOCIAL_LAB_HOME"], "cohort.sqlite"))
    json.dump(report, sys.stdout)
''')


def test_a_learners_environment_cannot_read_another_learner_or_any_secret(room, tmp_path):
    store, running, _client, cohort, key, victim, attacker = room
    home = tmp_path / "learner-home"
    home.mkdir()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "SOCIAL_LAB_HOME": str(home),
           "PYTHONPATH": str(ROOT), "SOCIAL_LAB_COHORT_SERVICE": running.address, "MY_TOKEN": attacker.token,
           "VICTIM_ID": victim.id, "COHORT_CODE": cohort.code}
    out = subprocess.run([sys.executable, "-c", LEARNER_SCRIPT], env=env, capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["store"] == "CohortClient" and report["local_store_opened"] is False
    assert report["env_urls"] == ["SOCIAL_LAB_COHORT_SERVICE"], "the only address a learner holds is the service"
    assert all(status in (401, 403, 404) for status in report["refused"].values()), report["refused"]
    assert set(report["allowed"].values()) == {200}
    with store.engine.connect() as conn:
        [row] = conn.execute(store._cohorts.select().where(store._cohorts.c.id == cohort.id)).all()
    everything = "\n".join(report["seen"])
    for secret, what in [(VICTIM_TEXT, "the victim's words"), (victim.token, "the victim's token"),
                         (victim.token.split(".")[-1], "the victim's signature"), (row.secret, "the cohort secret"),
                         (row.key_hash, "the coach key's hash"), (row.key_salt, "the coach key's salt"),
                         (key, "the coach key"), ("Victim", "the victim's name")]:
        assert secret not in everything, f"a learner's environment read {what}"
    coach = store.coach(cohort.code, key)
    assert {m.revoked_by for m in coach.members()} == {None}, "nothing was turned off by the learner"
    assert not any(s.approved for s in coach.submissions()), "nothing was approved by the learner"
    assert len(coach.submissions()) == 2, "no forged share was stored"


def test_the_join_box_on_a_hub_kernel_uses_only_the_service(room, monkeypatch, workbook):
    from widgets.cohort import learner as share_module
    from widgets.exercises import base
    from widgets.exercises.cohort import CohortJoin

    _store, running, _client, cohort, key, _victim, _attacker = room
    monkeypatch.setenv(co.SERVICE_ENV, running.address)
    monkeypatch.delenv(co.URL_ENV, raising=False)
    monkeypatch.setattr(share_module, "_STATE", {})
    monkeypatch.setitem(base._DEFAULT, "workbook", workbook)
    monkeypatch.setitem(base._DEFAULT, "note", None)
    view = CohortJoin(query_token="")
    view._code.value, view._consent.value = cohort.code, True
    view._join.click()
    assert view.joined and isinstance(view.store, co.CohortClient)
    assert co.share("00.stage-assessment", {"stage": "Host"}) is True
    view._leave.click()
    assert "Your coach still sees the 1 result" in view._status.value
    assert co.CohortClient(running.address).coach(cohort.code, key).members()[-1].revoked_by == "learner"


# -- the command ----------------------------------------------------------------------------------

def test_cohort_serve_starts_answers_and_stops_on_sigterm(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOCIAL_LAB_HOME": str(tmp_path)}
    env.pop(co.URL_ENV, None)
    db = tmp_path / "hub-cohort.sqlite"
    made, key = co.CohortStore(db).create_cohort("Served group")
    proc = subprocess.Popen([sys.executable, "-m", "widgets.cli", "cohort", "serve", "--port", "0",
                             "--store", str(db)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert first.startswith("Cohort service listening on http://127.0.0.1:"), first + proc.stderr.read()
        address = first.split(" on ", 1)[1].strip()
        member = co.CohortClient(address).join(made.code, "Ana")
        assert co.CohortClient(address).coach(made.code, key).members()[0].id == member.id
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err


def test_cohort_serve_on_a_taken_port_is_one_line(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "widgets.cli", "cohort", "serve", "--port", str(port),
                              "--store", str(tmp_path / "c.sqlite")],
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "cannot listen" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("where", ["store", "service"])
def test_members_and_revoke_commands(served, capsys, monkeypatch, where):
    from widgets.cli import main

    store, running = served
    cohort, key = store.create_cohort("Command group")
    ana = store.join(cohort.code, "Ana")
    monkeypatch.setenv("SOCIAL_LAB_COACH_KEY", key)
    place = ["--store", store.url] if where == "store" else ["--service", running.address]
    assert main(["cohort", "members", cohort.code, *place]) == 0
    listing = capsys.readouterr().out
    assert ana.id in listing and "Ana" in listing and "sharing" in listing and ana.token not in listing
    assert main(["cohort", "revoke", cohort.code, ana.id[:6], *place]) == 0
    assert "Turned off Ana's join link" in capsys.readouterr().out
    with pytest.raises(co.LinkRefused):
        store.member(ana.token)
    assert main(["cohort", "revoke", cohort.code, "Ana", "--restore", *place]) == 0
    assert store.coach(cohort.code, key).members()[0].revoked_by is None
    assert main(["cohort", "revoke", cohort.code, "Nobody", *place]) == 1
    assert "No learner" in capsys.readouterr().err
    monkeypatch.setenv("SOCIAL_LAB_COACH_KEY", "wrong-key-wrong-key")
    assert main(["cohort", "members", cohort.code, *place]) == 1
    assert "do not match" in capsys.readouterr().err


def test_the_hub_guide_gives_learners_the_service_address_and_no_store():
    guide = (ROOT / "docs" / "coaches.md").read_text(encoding="utf-8")
    code = guide.split("```")[1::2]  # the fenced blocks
    blocks = [b for b in code if "c.Spawner.environment" in b]
    assert blocks, "docs/coaches.md shows the JupyterHub configuration"
    for block in blocks:
        spawner = block.split("c.Spawner.environment", 1)[1].split("}", 1)[0]
        assert co.SERVICE_ENV in spawner
        assert co.URL_ENV not in spawner and "postgresql" not in spawner.lower() and "PASSWORD" not in spawner
    assert "social-lab cohort serve" in guide

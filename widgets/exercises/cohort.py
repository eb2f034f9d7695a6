"""Cohort views: the learner's opt-in ``CohortJoin`` and the coach's live ``CohortDashboard``."""

from __future__ import annotations

import os
import threading
import time
from html import escape

import ipywidgets as w
import traitlets

from widgets import charts
from widgets import cohort as co
from widgets.exercises.base import Exercise, button, default_workbook, html

POLL_SECONDS = 1.0


def _note(target: w.HTML, text: str, tone: str = "info") -> None:
    color = {"info": "#4a5260", "ok": "#2d6a4f", "error": "#b23a48"}[tone]
    role = " role='alert'" if tone == "error" else " role='status'"
    target.value = f"<p{role} style='color:{color};margin:0.3em 0'>{escape(text)}</p>"


def _query_token() -> str | None:
    """The join token in this page's address (Voilà passes the query string to the kernel)."""
    # Only a preheated kernel has to wait for its request; any other Voila kernel already has
    # QUERY_STRING. Importing voila (jupyter_server, tornado: ~40 MiB) in every learner's kernel
    # just to find that out would double the lesson kernel's memory.
    if _preheated():
        try:
            from voila.utils import wait_for_request

            wait_for_request()
        except Exception:  # the request info is unavailable: no token from the URL
            pass
    return co.token_from_query(os.environ.get("QUERY_STRING", ""))


def _preheated() -> bool:
    return os.environ.get("VOILA_PREHEAT", "False") != "False"


def consent_html(consent: co.Consent) -> str:
    """The statement shown above the join form: what is shared, who sees it, anonymity."""
    items = "".join(f"<li>{escape(what)}</li>" for _exercise, what in consent.shared)
    return (f"<div class='sll-cohort-consent' style='max-width:640px'>"
            f"<h4 style='margin:0.2em 0'>{escape(consent.heading)}</h4><p>{escape(consent.intro)}</p>"
            f"<p>What is shared:</p><ul>{items}</ul><p>{escape(consent.who_sees)}</p>"
            f"<p>{escape(consent.anonymity)}</p></div>")


class CohortJoin(Exercise):
    """Opt in to share chosen results with a coach's cohort; anonymous unless a name is typed."""

    exercise_id = "cohort.join"
    joined = traitlets.Bool(False, help="this page shares with a cohort").tag(sync=False)
    member_label = traitlets.Unicode("", help="how the coach sees this learner").tag(sync=False)

    def __init__(self, store: co.CohortStore | None = None, query_token: str | None = None,
                 learner: str | None = None, **kwargs):
        """``learner``: this learner's stable id when the server knows it; else one kept in their workbook."""
        super().__init__(**kwargs)
        self.add_class("sll-cohort-join")
        self._store = store
        self._learner = learner
        self._code = w.Text(placeholder="Join code from your coach, e.g. K7P2QX", description="Join code",
                            layout=w.Layout(width="100%", max_width="420px"))
        self._name = w.Text(placeholder="Leave empty to stay anonymous", description="Display name",
                            layout=w.Layout(width="100%", max_width="420px"))
        self._consent = w.Checkbox(False, description="I have read what is shared and want to join",
                                   indent=False, layout=w.Layout(width="auto"))
        self._join = button("Join cohort", "Join your coach's cohort and share the results listed above", "primary")
        self._leave = button("Stop sharing", "Stop sharing: your join link is turned off and nothing more is sent")
        self._status = html(css_class="sll-cohort-status")
        self._shared = html(css_class="sll-cohort-shared")
        self._form = w.VBox([self._code, self._name, self._consent, self._join])
        # Buttons share one layout object (base.button): show and hide their own boxes instead.
        self._leave_box = w.HBox([self._leave], layout=w.Layout(display="none"))
        self._join.on_click(self._on_join)
        self._leave.on_click(self._on_leave)
        self.children = [
            html(consent_html(co.load_consent())),
            self._form, self._status, self._shared, self._leave_box,
        ]
        co.on_share(self._on_shared)
        if query_token is not None:
            if query_token:
                self._adopt(query_token, from_link=True)
        elif _preheated():
            # A preheated kernel runs this before anyone asks for the page: wait for the request
            # in the background, so the rest of the lesson still renders ahead of time.
            threading.Thread(target=self._adopt_from_request, name="sll-cohort-join", daemon=True).start()
        else:
            self._adopt_from_request()

    def _adopt_from_request(self) -> None:
        token = _query_token() or co.current_token()
        if token:
            self._adopt(token, from_link=True)

    @classmethod
    def from_environment(cls) -> "CohortJoin":
        """The lesson cell's one line: reads a personal link from the page address, if any."""
        return cls()

    @property
    def store(self) -> co.CohortStore:
        if self._store is None:
            self._store = co.default_store()
        return self._store

    def _adopt(self, token: str, from_link: bool = False) -> None:
        try:
            member = self.store.member(token)
        except co.CohortError as exc:
            _note(self._status, str(exc), "error")
            return
        except Exception as exc:  # the store is unreachable: say so, keep the lesson usable
            _note(self._status, f"The cohort store is not available ({type(exc).__name__}).", "error")
            return
        co.set_membership(token, self.store)
        self.joined, self.member_label = True, member.label
        self._form.layout.display = "none"
        self._leave_box.layout.display = None
        how = "from your link" if from_link else "now"
        try:  # learners see counts only (and coach-approved essences), never another learner's answers
            so_far = " So far: " + co.summary_text(self.store.learner_view(token))
        except Exception:
            so_far = ""
        # The signed token itself is never put on the page: it is a key to this learner's sharing.
        until = f" Your join lasts until {_date(member.expires_at)}." if member.expires_at else ""
        _note(self._status, f"Sharing with {member.cohort.name} as {member.label} ({how}).{until}{so_far}", "ok")
        self._shared.value = ""

    def _on_join(self, _=None) -> None:
        code = co.normalize_code(self._code.value)
        if not code:
            _note(self._status, "Type the join code your coach gave you.", "error")
            return
        if not self._consent.value:
            _note(self._status, "Tick the box to say you agree to share what is listed above.", "error")
            return
        try:
            member = co.join(code, self._name.value, learner=self._learner,
                             workbook=None if self._learner else default_workbook()[0], store=self.store)
        except co.CohortError as exc:
            _note(self._status, str(exc), "error")
            return
        except Exception as exc:
            _note(self._status, f"Could not join just now ({type(exc).__name__}); try again.", "error")
            return
        self._adopt(member.token)

    def _on_leave(self, _=None) -> None:
        message = co.leave(self.store)
        self.joined, self.member_label = False, ""
        self._form.layout.display = None
        self._leave_box.layout.display = "none"
        self._shared.value = ""
        _note(self._status, message, "info")

    def _on_shared(self, exercise_id: str, error: str | None) -> None:
        """After an exercise on this page shared (or tried to): say so, and say why not."""
        if not self.joined:
            return
        if error:
            _note(self._shared, f"Not shared: {error}", "error")
        else:
            _note(self._shared, f"Shared your {co.KIND_BY_EXERCISE.get(exercise_id, 'result')} result "
                                f"at {time.strftime('%H:%M')}.", "ok")


def _date(when: float) -> str:
    return time.strftime("%d %B %Y", time.localtime(when)).lstrip("0")


def _figure_output(css_class: str) -> w.Output:
    out = w.Output(layout=w.Layout(width="100%", max_width="760px", min_height="120px"))
    out.add_class(css_class)
    return out


def _set_figure(output: w.Output, figure_data: dict, alt: str) -> None:
    """Replace the chart without capturing output, so a background timer can redraw it too."""
    bundle = {charts.PLOTLY_MIME: {**figure_data, "config": charts.CONFIG}, "text/plain": alt}
    output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)


class CohortDashboard(Exercise):
    """The coach's live view: open a cohort with its key, watch aggregates, hide a submission."""

    exercise_id = "cohort.dashboard"
    opened = traitlets.Bool(False, help="a cohort is open").tag(sync=False)
    revision = traitlets.Tuple(help="the store fingerprint last drawn").tag(sync=False)
    redraws = traitlets.Int(0, help="how many times the charts were drawn").tag(sync=False)

    def __init__(self, store: co.CohortStore | None = None, auto_refresh: bool = True,
                 interval: float = POLL_SECONDS, **kwargs):
        super().__init__(**kwargs)
        self.add_class("sll-cohort-dashboard")
        self._store = store
        self._auto = auto_refresh
        self._interval = interval
        self._session: co.CoachSession | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._cohort = w.Text(placeholder="Cohort name or join code", description="Cohort",
                              layout=w.Layout(width="100%", max_width="420px"))
        self._cohort.add_class("sll-cohort-name")
        self._key = w.Password(placeholder="Coach key (shown once when you created the cohort)",
                               description="Coach key", layout=w.Layout(width="100%", max_width="420px"))
        self._key.add_class("sll-coach-key")
        self._open = button("Open dashboard", "Check the coach key and show this cohort live", "primary")
        self._open.add_class("sll-open-dashboard")
        self._status = html(css_class="sll-cohort-status")
        self._summary = html(css_class="sll-cohort-summary")
        self._stages = _figure_output("sll-cohort-stages")
        self._voice = _figure_output("sll-cohort-voice")
        self._conversations = _figure_output("sll-cohort-conversations")
        self._essences = html(css_class="sll-cohort-essences")
        self._pick = w.Dropdown(options=[], description="Submission", layout=w.Layout(width="100%", max_width="640px"))
        self._pick.add_class("sll-moderation-pick")
        self._hide = button("Hide", "Hide the chosen submission from every chart and list", "warning")
        self._hide.add_class("sll-moderation-hide")
        self._unhide = button("Show again", "Put the chosen hidden submission back")
        self._approve = button("Approve essence", "Let learners see the chosen brand essence (without a name)")
        self._member_pick = w.Dropdown(options=[], description="Learner",
                                       layout=w.Layout(width="100%", max_width="640px"))
        self._member_pick.add_class("sll-member-pick")
        self._revoke = button("Turn off their link", "Stop this learner sharing: their join link stops working "
                              "and they cannot join again until you let them back", "warning")
        self._revoke.add_class("sll-member-revoke")
        self._restore = button("Let them back", "Let this learner join again with the code")
        self._panel = w.VBox([
            self._summary, self._stages, self._voice, self._conversations,
            html("<h4>Brand essences</h4>"), self._essences,
            html("<h4>Moderation</h4>"), self._pick, w.HBox([self._hide, self._unhide, self._approve]),
            html("<h4>Learners</h4>"), self._member_pick, w.HBox([self._revoke, self._restore]),
        ])
        self._panel.layout.display = "none"
        self._open.on_click(self._on_open)
        self._hide.on_click(lambda _=None: self._moderate("hide"))
        self._unhide.on_click(lambda _=None: self._moderate("show"))
        self._approve.on_click(lambda _=None: self._moderate("approve"))
        self._revoke.on_click(lambda _=None: self._member_access(False))
        self._restore.on_click(lambda _=None: self._member_access(True))
        self.children = [w.VBox([self._cohort, self._key, self._open]), self._status, self._panel]

    @property
    def store(self) -> co.CohortStore:
        if self._store is None:
            self._store = co.default_store()
        return self._store

    def _on_open(self, _=None) -> None:
        try:
            session = self.store.coach(self._cohort.value, self._key.value)
        except co.CohortError as exc:
            _note(self._status, str(exc), "error")
            return
        except Exception as exc:
            _note(self._status, f"The cohort store is not available ({type(exc).__name__}).", "error")
            return
        self._key.value = ""  # the key is not kept in the page once checked
        self._session = session
        self.opened = True
        self._panel.layout.display = None
        _note(self._status, f"{session.cohort.name}: join code {session.cohort.code}. "
                            f"Updates every {self._interval:g} s.", "ok")
        self.refresh(force=True)
        if self._auto:
            self.start()

    def refresh(self, force: bool = False) -> bool:
        """Redraw if the store changed since the last drawing; True when something was drawn."""
        if self._session is None:
            return False
        with self._lock:
            try:
                revision = self._session.revision()
                if not force and revision == self.revision:
                    return False
                subs = self._session.submissions()
                members = self._session.members()
            except co.CoachRefused as exc:  # the service restarted, or the session ended
                _note(self._status, str(exc), "error")
                return False
            except Exception as exc:
                _note(self._status, f"Could not read the cohort just now ({type(exc).__name__}); retrying.", "error")
                return False
            agg = co._aggregate([s for s in subs if not s.hidden])
            self.revision = revision
            self._draw(agg, subs)
            self._draw_members(members)
            self.redraws += 1
            return True

    def _draw(self, agg: co.Aggregates, subs: list[co.Submission]) -> None:
        summary = co.summary_text(agg)
        self._summary.value = (f"<p data-submissions='{agg.submissions}' data-members='{agg.members}' "
                               f"style='font-size:1.2em'>{escape(summary)}</p>")
        _set_figure(self._stages, co.stages_figure_data(agg),
                    "Stages: " + (", ".join(f"{k} {v}" for k, v in agg.stages.items()) or "none yet"))
        _set_figure(self._voice, co.voice_figure_data(agg),
                    f"Voice: {agg.improved} of {agg.voice_total} rewrites improved")
        _set_figure(self._conversations, co.conversations_figure_data(agg),
                    "Conversations: " + (", ".join(f"{k} {v}" for k, v in agg.conversations) or "none yet"))
        items = "".join(
            f"<li data-id='{sid}'>{escape(text)} <small>— {escape(label)}"
            f"{' · approved for learners' if ok else ''}</small></li>"
            for sid, label, text, ok in agg.essences)
        self._essences.value = f"<ul>{items}</ul>" if items else "<p>No essences shared yet.</p>"
        options = []
        for s in reversed(subs[-200:]):
            excerpt = next((str(v) for v in s.payload.values() if v), "")[:60]
            flag = " [hidden]" if s.hidden else (" [approved]" if s.approved else "")
            options.append((f"#{s.id} {s.member_label} · {s.kind}: {excerpt}{flag}", s.id))
        current = self._pick.value
        self._pick.options = options
        if current in {v for _l, v in options}:
            self._pick.value = current

    def _draw_members(self, members: list[co.MemberInfo]) -> None:
        status = {None: "sharing", "learner": "stopped sharing", "coach": "turned off by you"}
        options = [(f"{m.label} · {m.submissions} shared · {status.get(m.revoked_by, m.revoked_by)}", m.id)
                   for m in members]
        current = self._member_pick.value
        self._member_pick.options = options
        if current in {v for _l, v in options}:
            self._member_pick.value = current

    def _member_access(self, allow: bool) -> None:
        if self._session is None or self._member_pick.value is None:
            _note(self._status, "Choose a learner first.", "error")
            return
        member_id = self._member_pick.value
        label = next((lab.split(" · ")[0] for lab, v in self._member_pick.options if v == member_id), member_id)
        try:
            done = self._session.set_revoked(member_id, not allow)
        except Exception as exc:
            _note(self._status, f"Could not change it just now ({type(exc).__name__}).", "error")
            return
        if not done:
            _note(self._status, "That learner is not in this cohort.", "error")
        elif allow:
            _note(self._status, f"{label} can join again with the code (their old link stays off).", "ok")
        else:
            _note(self._status, f"Turned off {label}'s link: nothing more from them is accepted. "
                                "What they shared stays until you hide it.", "ok")
        self.refresh(force=True)

    def _moderate(self, action: str) -> None:
        if self._session is None or self._pick.value is None:
            _note(self._status, "Choose a submission first.", "error")
            return
        sid = self._pick.value
        try:
            if action == "approve":
                done = self._session.set_approved(sid, True)
            else:
                done = self._session.set_hidden(sid, action == "hide")
        except Exception as exc:
            _note(self._status, f"Could not change it just now ({type(exc).__name__}).", "error")
            return
        verb = {"hide": "Hid", "show": "Showed again", "approve": "Approved"}[action]
        _note(self._status, f"{verb} submission #{sid}." if done else "That submission is not in this cohort.",
              "ok" if done else "error")
        self.refresh(force=True)

    # -- the timer: poll the store in the kernel, redraw only on change --------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sll-cohort-poll", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.refresh()
            except Exception:  # never let the timer die on one bad read
                pass

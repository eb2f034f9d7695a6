"""Cohort views: the coach's live ``CohortDashboard`` (the learner's join views are in ``joining.py``)."""

from __future__ import annotations

import threading
from html import escape

import ipywidgets as w
import traitlets

from widgets import charts
from widgets import cohort as co
from widgets.cohort.charts import plural
from widgets.cohort.moderation import moderation_options
from widgets.exercises.base import Exercise, button, html
from widgets.exercises.joining import CohortJoin, CohortStrip, _note, consent_html  # noqa: F401 (the lessons' import)

POLL_SECONDS = 1.0


def _figure_output(css_class: str) -> w.Output:
    out = w.Output(layout=w.Layout(width="100%", max_width="760px", min_height="120px"), _dom_classes=(css_class,))
    return out


def _set_figure(output: w.Output, figure_data: dict, alt: str) -> None:
    """Replace the chart without capturing output, so a background timer can redraw it too."""
    bundle = {charts.PLOTLY_MIME: {**charts.for_display(figure_data), "config": charts.CONFIG}, "text/plain": alt}
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
                              layout=w.Layout(width="100%", max_width="420px"), _dom_classes=("sll-cohort-name",))
        self._key = w.Password(placeholder="Coach key (shown once when you created the cohort)",
                               description="Coach key", layout=w.Layout(width="100%", max_width="420px"),
                               _dom_classes=("sll-coach-key",))
        self._open = button("Open dashboard", "Check the coach key and show this cohort live", "primary",
                            css_class="sll-open-dashboard")
        self._status = html(css_class="sll-cohort-status")
        self._summary = html(css_class="sll-cohort-summary")
        self._stages = _figure_output("sll-cohort-stages")
        self._voice = _figure_output("sll-cohort-voice")
        self._conversations = _figure_output("sll-cohort-conversations")
        self._essences = html(css_class="sll-cohort-essences")
        self._find = w.Text(placeholder="Words, a learner's name, or #id; Enter to search", description="Find",
                            continuous_update=False, layout=w.Layout(width="100%", max_width="640px"),
                            _dom_classes=("sll-moderation-find",))
        self._find.observe(lambda _change: self._list_submissions(), names="value")
        self._found = html(css_class="sll-moderation-count")
        self._subs: list[co.Submission] = []
        self._pick = w.Dropdown(options=[], description="Submission", layout=w.Layout(width="100%", max_width="640px"),
                                _dom_classes=("sll-moderation-pick",))
        self._hide = button("Hide", "Hide the chosen submission from every chart and list", "warning",
                            css_class="sll-moderation-hide")
        self._unhide = button("Show again", "Put the chosen hidden submission back")
        self._approve = button("Approve essence", "Let learners see the chosen brand essence (without a name)")
        self._member_pick = w.Dropdown(options=[], description="Learner",
                                       layout=w.Layout(width="100%", max_width="640px"),
                                       _dom_classes=("sll-member-pick",))
        self._revoke = button("Turn off their link", "Stop this learner sharing: their join link stops working "
                              "and they cannot join again until you let them back", "warning",
                              css_class="sll-member-revoke")
        self._restore = button("Let them back", "Let this learner join again with the code")
        self._panel = w.VBox([
            self._summary, self._stages, self._voice, self._conversations,
            html("<h4>Brand essences</h4>"), self._essences,
            html("<h4>Moderation</h4>"), self._find, self._found, self._pick,
            w.HBox([self._hide, self._unhide, self._approve]),
            html("<h4>Learners</h4>"), self._member_pick, w.HBox([self._revoke, self._restore]),
        ])
        self._panel.layout.display = "none"
        self._open.on_click(self._on_open)
        self._hide.on_click(lambda _=None: self._moderate("hide"))
        self._unhide.on_click(lambda _=None: self._moderate("show"))
        self._approve.on_click(lambda _=None: self._moderate("approve"))
        self._revoke.on_click(lambda _=None: self._member_access(False))
        self._restore.on_click(lambda _=None: self._member_access(True))
        self.children = [w.VBox([self._cohort, self._key, w.HBox([self._open])]), self._status, self._panel]

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
                    "Stages: " + (", ".join(f"{k} {v}" for k, v in agg.stages.items()) or "no one has shared yet"))
        _set_figure(self._voice, co.voice_figure_data(agg),
                    co.voice_figure_data(agg)["layout"]["title"]["text"])
        _set_figure(self._conversations, co.conversations_figure_data(agg),
                    "Conversations: " + (", ".join(f"{k} {v}" for k, v in agg.conversations) or "no one has shared yet"))
        items = "".join(
            f"<li data-id='{sid}'>{escape(text)} <small>— {escape(label)}"
            f"{' · approved for learners' if ok else ''}</small></li>"
            for sid, label, text, ok in agg.essences)
        empty = ("Every essence shared so far is hidden." if any(s.kind == "essence" for s in subs)
                 else "No one has shared an essence yet.")
        self._essences.value = f"<ul>{items}</ul>" if items else f"<p>{empty}</p>"
        self._subs = list(subs)
        self._list_submissions()

    def _list_submissions(self) -> None:
        """Every submission is reachable: the newest are listed, and typing in Find reaches any other."""
        options, matches = moderation_options(self._subs, self._find.value)
        if not self._subs:
            self._found.value = "<p style='margin:0.2em 0'>No one has shared yet: nothing to moderate.</p>"
        elif matches > len(options):
            self._found.value = (f"<p style='margin:0.2em 0'>Showing the newest {len(options):,} of "
                                 f"{plural(matches, 'matching submission')}: type in Find to reach the others.</p>")
        else:
            what = "submission" if not self._find.value.strip() else "matching submission"
            self._found.value = f"<p style='margin:0.2em 0'>{escape(plural(matches, what))}.</p>"
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

"""The learner's cohort views: ``CohortJoin`` (Lesson 00's box) and ``CohortStrip`` (one line atop a lesson).

Both are one join that lasts (``widgets.cohort.learner``): kept in the learner's workbook, picked up
again on the next page, lesson or day, idempotent on re-join, asked once about earlier work, and
ended only by "Stop sharing". The signed token stays in the kernel and the workbook, never on the page.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from html import escape

import ipywidgets as w
import traitlets

from widgets import cohort as co
from widgets.exercises import lean
from widgets.exercises.base import Exercise, Line, arrange, button, default_workbook, html


_LABEL = {"description_width": "7.5em"}  # "Display name" whole, and both boxes aligned


def _note(target: "w.HTML | Line", text: str, tone: str = "info") -> None:
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


def _date(when: float) -> str:
    return time.strftime("%d %B %Y", time.localtime(when)).lstrip("0")


def _kinds(results) -> str:
    kinds = sorted({co.KIND_BY_EXERCISE.get(e, "result") for e in results})
    return ", ".join(kinds)


class _Membership(Exercise):
    """The join logic both views share; subclasses only arrange the widgets (``_arrange``)."""

    joined = traitlets.Bool(False, help="this page shares with a cohort").tag(sync=False)
    member_label = traitlets.Unicode("", help="how the coach sees this learner").tag(sync=False)
    asking_earlier = traitlets.Bool(False, help="the once-only question about earlier work is showing").tag(sync=False)
    show_totals = True  # the status also says until when the join lasts and how many have shared so far

    def __init__(self, store: co.CohortStore | None = None, query_token: str | None = None,
                 learner: str | None = None, workbook=None, **kwargs):
        """``learner``: this learner's stable id when the server knows it; else one kept in their workbook.

        ``query_token``: None reads a personal link from the page address; "" means none.
        """
        super().__init__(**kwargs)
        self._store = store
        self._learner = learner
        self._workbook = workbook
        # Lines: most learners never join, and an empty line still costs the page a model as it opens.
        self._status = Line("sll-cohort-status")
        self._shared = Line("sll-cohort-shared")
        self._arrange()
        co.on_share(self._on_shared)
        if query_token is not None:
            if query_token:
                self._adopt(query_token, how="from your link")
            else:
                self._resume()
        elif _preheated():
            # A preheated kernel runs this before anyone asks for the page: wait for the request
            # in the background, so the rest of the lesson still renders ahead of time.
            threading.Thread(target=self._adopt_from_request, name="sll-cohort-join", daemon=True).start()
        else:
            self._adopt_from_request()

    def _arrange(self) -> None:
        raise NotImplementedError

    def _show_form(self, show: bool) -> None:
        raise NotImplementedError

    def _place(self, part: str, box: w.Widget) -> None:
        """Put a part made on first use ("leave", "earlier") where it belongs (the box made it part of the page already)."""

    def _made(self, part: str) -> bool:
        return part in self.__dict__

    # The parts below are made when first needed: a lesson's strip opens as one line, a handful of widget
    # models instead of forty (each one is a message while the page opens), and grows when the learner asks.
    @functools.cached_property
    def _code(self) -> w.Text:
        return w.Text(placeholder="Join code from your coach, e.g. K7P2QX", description="Join code",
                      style=_LABEL, layout=w.Layout(width="100%", max_width="460px"))

    @functools.cached_property
    def _name(self) -> w.Text:
        return w.Text(placeholder="Leave empty to stay anonymous", description="Display name",
                      style=_LABEL, layout=w.Layout(width="100%", max_width="460px"))

    @functools.cached_property
    def _consent(self) -> w.Checkbox:
        return w.Checkbox(False, description="I have read what is shared and want to join",
                          indent=False, layout=w.Layout(width="auto"))

    @functools.cached_property
    def _join(self) -> w.Button:
        join = button("Join cohort", "Join your coach's cohort and share the results listed above", "primary")
        join.on_click(self._on_join)
        return join

    @functools.cached_property
    def _leave(self) -> w.Button:
        leave = button("Stop sharing", "Stop sharing: your join link is turned off and nothing more is sent")
        leave.on_click(self._on_leave)
        return leave

    @functools.cached_property
    def _leave_box(self) -> w.HBox:
        # Buttons share one layout object (base.button): show and hide their own boxes instead.
        box = w.HBox([self._leave], layout=w.Layout(display="none"))
        self._place("leave", box)
        return box

    @functools.cached_property
    def _earlier_text(self) -> w.HTML:
        return html(css_class="sll-cohort-earlier-text")

    @functools.cached_property
    def _share_earlier(self) -> w.Button:
        share = button("Share them", "Share the results you saved before joining", "primary")
        share.on_click(lambda _=None: self._on_earlier(True))
        return share

    @functools.cached_property
    def _keep_earlier(self) -> w.Button:
        keep = button("Not now", "Keep earlier results to yourself; only new work is shared")
        keep.on_click(lambda _=None: self._on_earlier(False))
        return keep

    @functools.cached_property
    def _earlier_box(self) -> w.VBox:
        box = w.VBox([self._earlier_text, w.HBox([self._share_earlier, self._keep_earlier])],
                     layout=w.Layout(display="none"), _dom_classes=("sll-cohort-earlier",))
        self._place("earlier", box)
        return box

    @property
    def store(self) -> co.CohortStore:
        if self._store is None:
            self._store = co.default_store()
        return self._store

    def _kept_in(self):
        """The workbook that keeps this learner's join; None when the server names the learner instead."""
        if self._learner:
            return None
        return self._workbook if self._workbook is not None else default_workbook()[0]

    def _adopt_from_request(self) -> None:
        token = _query_token()
        if token:
            self._adopt(token, how="from your link")
        else:
            self._resume()

    def _resume(self) -> None:
        if self._learner and not co.current_token():
            return
        member, why = co.resume(self._kept_in(), store=self._store)
        if member is not None:
            self._show_joined(member, "joined earlier")
        elif why != "Not joined.":
            _note(self._status, f"Your earlier join has ended: {why}", "info")

    def _adopt(self, token: str, how: str) -> None:
        try:
            member = self.store.member(token)
        except co.CohortError as exc:
            _note(self._status, str(exc), "error")
            return
        except Exception as exc:  # the store is unreachable: say so, keep the lesson usable
            _note(self._status, f"The cohort store is not available ({type(exc).__name__}).", "error")
            return
        co.set_membership(token, self.store)
        co.remember(self._kept_in(), member)  # a personal link lasts as a typed code does
        self._show_joined(member, how)

    def _show_joined(self, member: co.Member, how: str) -> None:
        self.joined, self.member_label = True, member.label
        self._show_form(False)
        self._leave_box.layout.display = None
        # The signed token itself is never put on the page: it is a key to this learner's sharing.
        until = f" Your join lasts until {_date(member.expires_at)}." if member.expires_at and self.show_totals else ""
        so_far = ""
        if self.show_totals:  # learners see counts only (and coach-approved essences), never another's answers
            try:
                so_far = " So far: " + co.summary_text(self.store.learner_view(co.current_token()))
            except Exception:
                pass
        _note(self._status, f"Sharing with {member.cohort.name} as {member.label} ({how}).{until}{so_far}", "ok")
        self._shared.value = ""
        self._ask_earlier(member)

    def _ask_earlier(self, member: co.Member) -> None:
        pending = co.earlier_question(self._kept_in())
        self.asking_earlier = bool(pending)
        if pending or self._made("_earlier_box"):
            self._earlier_box.layout.display = None if pending else "none"
        if pending:
            n = len(pending)
            self._earlier_text.value = (
                f"<p style='margin:0.3em 0'>You saved {n} result{'' if n == 1 else 's'} before joining "
                f"({escape(_kinds(pending))}). Share {'it' if n == 1 else 'them'} with "
                f"{escape(member.cohort.name)} too? You are asked once.</p>")

    def _on_earlier(self, share_them: bool) -> None:
        shared, problems = co.answer_earlier(self._kept_in(), share_them, store=self.store)
        self.asking_earlier = False
        self._earlier_box.layout.display = "none"
        if problems:
            _note(self._shared, f"Shared {shared}; not shared: {problems[0]}", "error")
        elif share_them:
            _note(self._shared, f"Shared {shared} earlier result{'' if shared == 1 else 's'} with your coach.", "ok")
        else:
            _note(self._shared, "Your earlier results stay with you; what you do from now on is shared.", "info")

    def _on_join(self, _=None) -> None:
        code = co.normalize_code(self._code.value)
        if not code:
            _note(self._status, "Type the join code your coach gave you.", "error")
            return
        if not self._consent.value:
            _note(self._status, "Tick the box to say you agree to share what is listed.", "error")
            return
        try:
            member = co.join(code, self._name.value, learner=self._learner, workbook=self._kept_in(),
                             store=self.store)
        except co.CohortError as exc:
            _note(self._status, str(exc), "error")
            return
        except Exception as exc:
            _note(self._status, f"Could not join just now ({type(exc).__name__}); try again.", "error")
            return
        self._adopt(member.token, how="now")

    def _on_leave(self, _=None) -> None:
        message = co.leave(self.store, workbook=self._kept_in())
        self.joined, self.member_label, self.asking_earlier = False, "", False
        self._show_form(True)
        self._leave_box.layout.display = "none"
        if self._made("_earlier_box"):
            self._earlier_box.layout.display = "none"
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


class CohortJoin(_Membership):
    """Lesson 00's box: what is shared, then opt in to a coach's cohort; anonymous unless a name is typed."""

    exercise_id = "cohort.join"

    def _arrange(self) -> None:
        self.add_class("sll-cohort-join")
        self._form = w.VBox([self._code, self._name, self._consent, w.HBox([self._join])])
        arrange(self, [html(consent_html(co.load_consent())), self._form, self._status,
                       self._earlier_box, self._shared, self._leave_box])

    def _show_form(self, show: bool) -> None:
        self._form.layout.display = None if show else "none"

    @classmethod
    def from_environment(cls) -> "CohortJoin":
        """The lesson cell's one line: reads a personal link from the page address, if any."""
        return cls()


class CohortStrip(_Membership):
    """One line atop a lesson: who you share with and "Stop sharing", or a way to join that opens on demand."""

    exercise_id = "cohort.strip"
    show_totals = False  # one line

    def _arrange(self) -> None:
        self.add_class("sll-cohort-strip")
        self._open = button("Join a cohort…", "Studying with a group? Join your coach's cohort to share results")
        self._open.on_click(self._on_open)
        # Its own layout (opening the form hides it); the strip's rule under it is course.css's.
        self._opener = w.HBox([html("<span style='color:#4a5260'>Studying with a group?</span>"), self._open],
                              layout=w.Layout(align_items="center", flex_flow="row wrap"),
                              _dom_classes=("sll-cohort-opener",))
        self._line = w.HBox(layout=lean.layout("center-wrap"))
        arrange(self._line, [self._status])
        self._lay_out()

    def _lay_out(self, **new: w.Widget) -> None:
        """The strip in order: the opener, the form, the status line, earlier results, what was shared.

        The form and the earlier-results box join once made (``new`` holds one being made now).
        """
        made = {name: new.get(name) or self.__dict__.get(name) for name in ("_form", "_earlier_box")}
        parts = [self._opener, made["_form"], self._line, made["_earlier_box"], self._shared]
        arrange(self, [part for part in parts if part is not None])

    @functools.cached_property
    def _form(self) -> w.VBox:
        """The join form, made when the learner asks for it ("Join a cohort…")."""
        what = html(f"<details><summary>What is shared, and who sees it</summary>"
                    f"{consent_html(co.load_consent())}</details>")
        form = w.VBox([what, self._code, self._name, self._consent, w.HBox([self._join])],
                      layout=w.Layout(display="none"), _dom_classes=("sll-cohort-form",))
        self._lay_out(_form=form)
        return form

    def _place(self, part: str, box: w.Widget) -> None:
        if part == "leave":
            arrange(self._line, [self._status, box])
        elif part == "earlier":
            self._lay_out(_earlier_box=box)

    def _on_open(self, _=None) -> None:
        self._opener.layout.display = "none"
        self._form.layout.display = None

    def _show_form(self, show: bool) -> None:
        # After leaving, the opener comes back (not the whole form): the strip stays one line.
        self._opener.layout.display = None if show else "none"
        if self._made("_form"):
            self._form.layout.display = "none"

    @classmethod
    def from_environment(cls) -> "CohortStrip":
        """The lesson cell's one line."""
        return cls()

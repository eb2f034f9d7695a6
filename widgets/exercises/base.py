"""Shared pieces of the exercise views: the learner's workbook, save status, feedback, charts."""

from __future__ import annotations

import re
import threading
import time
from html import escape
from pathlib import Path

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle
from IPython.display import display

from widgets import charts
from widgets.feedback import Feedback
from widgets.markup import feedback_html
from widgets.workbook import Autosaver, Workbook, WorkbookError, without_surrogates

_DEFAULT: dict[str, object] = {}
_WATCH: dict[str, object] = {}  # whether this kernel's page has been given the save watch yet
_WATCH_LOCK = threading.Lock()


def _clean_state(value):
    """Widget state from the browser with every lone surrogate (half an emoji) replaced by U+FFFD."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, dict):
        return {k: _clean_state(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_state(v) for v in value]
    return value


def _accept_any_text() -> None:
    """Let every widget take any text the browser sends.

    A browser can send half an emoji (a lone surrogate, e.g. a paste cut mid-character). ipywidgets
    echoes each update back to the page before applying it, and the kernel cannot encode a lone
    surrogate: the echo raised, the value was never set, nothing was saved, and the status line
    still said "Saved". Replacing the half character first makes the update go through; the page
    then shows the replacement character where the half emoji was.
    """
    if getattr(w.Widget.set_state, "_sll_clean", False):
        return
    original = w.Widget.set_state

    def set_state(self, sync_data):
        return original(self, _clean_state(sync_data))

    set_state._sll_clean = True
    w.Widget.set_state = set_state


_accept_any_text()


def default_workbook() -> tuple[Workbook | None, str | None]:
    """The kernel's shared workbook, opened once, and a message for the learner if something is off.

    A damaged file is moved aside by the workbook (which says so); we then open the fresh one, so
    the learner keeps working and is told where the old file went.
    """
    if "workbook" not in _DEFAULT:
        note = None
        for _attempt in range(2):
            try:
                _DEFAULT["workbook"] = Workbook.open_default()
                break
            except (WorkbookError, OSError) as exc:
                _DEFAULT["workbook"], note = None, str(exc)
        _DEFAULT["note"] = note
    return _DEFAULT["workbook"], _DEFAULT["note"]


def _watch_script() -> str:
    if "script" not in _WATCH:
        source = (Path(__file__).with_name("save_watch.js")).read_text(encoding="utf-8")
        source = re.sub(r"/\*.*?\*/", " ", source, flags=re.S)  # block comments
        source = re.sub(r"(^|\s)//[^\n]*", r"\1", source)  # line comments (the script holds no URLs)
        _WATCH["script"] = " ".join(line.strip() for line in source.splitlines() if line.strip())
    return _WATCH["script"]


def _watch_tag() -> str:
    """A hidden image whose load error runs the save watch (``save_watch.js``) for this status line.

    An HTML widget cannot carry a ``<script>``; an ``onerror`` handler is how a status line reaches
    the browser without a front-end extension. The first status line of a kernel carries the watch
    itself; the others only register with it. No learner text is ever in here.
    """
    with _WATCH_LOCK:
        first = not _WATCH.get("sent")
        _WATCH["sent"] = True
    run = (_watch_script() if first else "") + \
        "(window.sllSaveQueue=window.sllSaveQueue||[]).push(this)"
    return (f"<img hidden alt='' src='data:image/gif;base64,R0lG' class='sll-save-watch' "
            f"onerror=\"{escape(run, quote=True)}\">")


class Saver:
    """Debounced saving for one exercise, with a visible status line (``.sll-save-status``).

    The status says plainly when nothing is being saved: no workbook, a read-only one, a failed
    write, another tab's changes (kept in history), a dead kernel (said by the browser, see
    ``save_watch.js``, which also keeps unsaved typing in the tab and offers it back on reload).
    """

    def __init__(self, exercise: str, workbook: Workbook | None = None, delay: float = 0.8):
        note = None
        if workbook is None:
            workbook, note = default_workbook()
        self.workbook = workbook
        self.exercise = exercise
        self._autosaver = None
        if workbook is not None:
            try:
                self._autosaver = Autosaver(workbook, exercise, delay=delay, on_save=self._saved,
                                            check_others=True)
            except WorkbookError as exc:  # unreadable just now: save without the other-tab check
                note = note or str(exc)
                self._autosaver = Autosaver(workbook, exercise, delay=delay, on_save=self._saved)
        if workbook is None:
            first = f"Not saving: {note} Your work stays on this page until you close it."
        elif workbook.read_only:
            first = f"Not saving: {workbook.read_only}"
        else:
            first = f"Note: {note}" if note else "Your work is saved as you go."
        # Made with its first line and classes: every change after creation is one more message per page.
        self.status = html(self._line(first, watch=True), css_class=("sll-save-status", f"sll-saves--{exercise}"))

    @property
    def read_only(self) -> bool:
        return self.workbook is not None and bool(self.workbook.read_only)

    def load(self) -> dict:
        """Everything saved for this exercise (empty when there is no workbook).

        What is loaded is what this page shows: a later save that finds it changed elsewhere
        (another tab) says so.
        """
        if self.workbook is None:
            return {}
        import json

        snapshot = self.workbook.snapshot(self.exercise)
        self._autosaver.remember(snapshot)
        return {key: json.loads(text) for key, text in sorted(snapshot.items())}

    def schedule(self, key: str, value) -> None:
        """Save ``value`` under ``key`` after a short quiet pause (typing is coalesced)."""
        if self._autosaver is None:
            return
        if self.read_only:
            self._show(f"Not saved: {self.workbook.read_only}")
            return
        self._show("Saving…")
        self._autosaver.schedule(key, value)

    def save_now(self, key: str, value) -> None:
        """Save at once (for clicks, where there is nothing to coalesce)."""
        if self._autosaver is None:
            return
        if self.read_only:
            self._show(f"Not saved: {self.workbook.read_only}")
            return
        self._autosaver.schedule(key, value)
        self._autosaver.flush()

    def flush(self) -> None:
        if self._autosaver is not None:
            self._autosaver.flush()

    def history(self, key: str, limit: int = 10) -> list:
        if self.workbook is None:
            return []
        return self.workbook.history(self._autosaver.exercise, key, limit=limit)

    def _saved(self, error: Exception | None = None) -> None:
        if error is not None:
            self._show(f"Not saved: {error}. Keep this page open and try again.")
        elif self._autosaver is not None and self._autosaver.last_conflicts:
            self._show(f"Saved {time.strftime('%H:%M:%S')}. This exercise was also changed in another tab or "
                       "window: your version here is the saved one now, and the other is kept in its history. "
                       "Reload the other tab before typing there.", alert=True)
        else:
            self._show(f"Saved {time.strftime('%H:%M:%S')}.")

    def _show(self, text: str, watch: bool = False, alert: bool = False) -> None:
        self.status.value = self._line(text, watch, alert)

    @staticmethod
    def _line(text: str, watch: bool = False, alert: bool = False) -> str:
        color, role = ("#b23a48", " role='alert'") if alert or text.startswith("Not sav") else ("#4a5260", "")
        tag = _watch_tag() if watch else ""
        return f"<span{role} style='color:{color};font-size:0.9em'>{escape(text)}</span>{tag}"


class _OpensWhenBuilt(type(w.VBox)):
    """Views whose model reaches the page once their constructor has finished.

    ipywidgets sends a widget's model when ``Widget.__init__`` ends; a view that then sets its classes,
    children or layout sends one more message for each while the lesson opens (Lesson 02: about 40).
    Opened last, the first message carries them all.
    """

    def __call__(cls, *args, **kwargs):
        view = cls.__new__(cls, *args, **kwargs)
        view._sll_building = True
        try:
            view.__init__(*args, **kwargs)
        finally:
            view._sll_building = False
        view.open()
        return view


class BuiltBox(w.VBox, metaclass=_OpensWhenBuilt):
    """A VBox view that opens its model after its constructor (see ``_OpensWhenBuilt``)."""

    def open(self) -> None:
        if not self.__dict__.get("_sll_building"):
            super().open()


class Exercise(BuiltBox):
    """Base of every exercise view: a VBox whose text form names the exercise (not its children)."""

    exercise_id = ""

    def __init__(self, *args, **kwargs):
        # The box the browser's save watch looks in (save_watch.js); a class given at creation costs no message.
        kwargs["_dom_classes"] = ("sll-exercise", *kwargs.get("_dom_classes", ()))
        kwargs.setdefault("layout", shared("html-layout"))  # the plain look, shared (never mutate it)
        super().__init__(*args, **kwargs)

    def _bind(self, spec, workbook) -> None:
        """Every exercise's opening: its content spec, its id, and a saver on its workbook entry."""
        self.spec = spec
        self.exercise_id = spec.id
        self._saver = Saver(spec.id, workbook)

    def __repr__(self) -> str:
        # For developers and tests: short and stable.
        return f"{type(self).__name__}({self.exercise_id!r})"

    def _repr_mimebundle_(self, **kwargs):
        # text/plain is what a reader sees where the widget cannot show (JupyterLab with an untrusted
        # or not yet run notebook, GitHub): a sentence that says what to do, not a class name.
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict) and "text/plain" in bundle:
            bundle["text/plain"] = stand_in_text(self)
        return bundle


_PARTS = {"header": "Lesson header", "nav": "Links to the other lessons", "course-map": "Your course map"}


def stand_in_text(view: "Exercise") -> str:
    """The sentence saved as a view's text/plain output.

    >>> from widgets.exercises.course import LessonNav
    >>> stand_in_text(LessonNav.from_dataset("01"))
    'Links to the other lessons: run this lesson to use it (in JupyterLab: Run ▸ Run All Cells).'
    """
    from widgets.course import load_course

    ident = view.exercise_id or ""
    course = load_course()
    lesson = course.lesson_of(ident) if "." in ident else None
    ref = next((e for e in lesson.exercises if e.id == ident), None) if lesson else None
    if ref is not None:
        name = ref.title
    else:
        plain = type(view).__name__.removesuffix("Exercise").removesuffix("View")
        name = _PARTS.get(ident.rsplit(".", 1)[-1]) or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", plain).capitalize()
    return f"{name}: run this lesson to use it (in JupyterLab: Run ▸ Run All Cells)."


# Every HTML text and button shares one layout and one style model: a lesson opens in Voila as
# fast as its number of widget models allows, and per-widget copies of identical defaults would
# be half of them. Never mutate these shared objects: to hide or restyle one widget, give it its
# own ``w.Layout(...)`` / ``w.ButtonStyle(...)`` (tests/test_exercises.py checks they stay pristine).
_SHARED: dict[str, w.Widget] = {}


def shared(name: str) -> w.Widget:
    """The shared layout or style called ``name`` ("html-layout", "html-style", "button-layout", "button-style",
    "green-button-style")."""
    if name not in _SHARED:
        factory = {"html-layout": w.Layout, "html-style": HTMLStyle,
                   "button-layout": lambda: w.Layout(width="auto"), "button-style": w.ButtonStyle,
                   # Jupyter's "success" green gives white text only 4.1:1 contrast; this green gives 5.1:1.
                   "green-button-style": lambda: w.ButtonStyle(button_color="#2e7d32", text_color="white")}[name]
        _SHARED[name] = factory()
    return _SHARED[name]


def html(value: str = "", css_class: str | tuple[str, ...] | None = None) -> w.HTML:
    """An HTML widget (the value must already be escaped markup), on the shared layout and style.

    Its class (or classes) is given at creation: ``add_class`` afterwards would send one more message
    to the page while the lesson is opening.
    """
    classes = (css_class,) if isinstance(css_class, str) else tuple(css_class or ())
    return w.HTML(value, layout=shared("html-layout"), style=shared("html-style"), _dom_classes=classes)


class Line:
    """An HTML line that is made, and put in its place in its box, when it first has something to show.

    Most feedback lines are empty until the learner acts, and an empty HTML widget still costs the
    page a model while the lesson opens (Lesson 02 had 17). A ``Line`` stands in its box's parts
    (see :func:`arrange`) and reads as ``""`` until a value is set; the first non-empty value makes
    the widget (on the shared layout and style, with its classes) and inserts it after the nearest
    part before it that the box shows. From then on it is that widget.
    """

    __slots__ = ("css_class", "widget", "_box", "_parts")

    def __init__(self, css_class: str | tuple[str, ...] | None = None):
        self.css_class = css_class
        self.widget: w.HTML | None = None
        self._box: w.Box | None = None
        self._parts: list = []

    @property
    def value(self) -> str:
        return self.widget.value if self.widget is not None else ""

    @value.setter
    def value(self, text: str) -> None:
        if self.widget is not None:
            self.widget.value = text
        elif text:
            self.widget = html(text, css_class=self.css_class)
            if self._box is not None:
                self._insert()

    def _insert(self) -> None:
        box, children = self._box, list(self._box.children)
        at = 0
        for part in reversed(self._parts[:self._parts.index(self)]):
            made = _made(part)
            if made is not None and made in children:
                at = children.index(made) + 1
                break
        children.insert(at, self.widget)
        box.children = children


def _made(part: "w.Widget | Line") -> w.Widget | None:
    """The widget a part is now: itself, or a line's widget (None until it has something to show)."""
    return part.widget if isinstance(part, Line) else part


def arrange(box: w.Box, parts: list) -> w.Box:
    """Give ``box`` its ``parts``: widgets, and :class:`Line` s that join it once they have a value."""
    parts = list(parts)
    for part in parts:
        if isinstance(part, Line):
            part._box, part._parts = box, parts
    box.children = [made for made in map(_made, parts) if made is not None]
    return box


def show_feedback(target: "w.HTML | Line", feedback: Feedback) -> None:
    target.value = feedback_html(feedback)


def draw(output: w.Output, figure_data: dict, alt: str) -> None:
    """Replace the chart in ``output`` with a plotly chart and a text alternative.

    The figure dict goes out as plotly's MIME bundle, which JupyterLab and Voila render with
    plotly's own extension; the kernel never imports plotly (tests validate the dicts with it).
    """
    bundle = {charts.PLOTLY_MIME: {**charts.for_display(figure_data), "config": charts.CONFIG}, "text/plain": alt}
    with output:
        output.clear_output(wait=True)
        display(bundle, raw=True)


# One named triple for every exercise: the same three words everywhere (the tooltip says what each
# does in that exercise), so a learner who has used one exercise knows the buttons of the next.
CHECK, HINT, ANSWER = "Check", "Hint", "Show an answer"


def button(text: str, tooltip: str, style: str = "", icon: str = "", css_class: str = "",
           look: str = "button-style") -> w.Button:
    """A button on the shared layout and style (see above: never mutate them); its class given at creation.

    ``look`` names a shared button style: "button-style" (stock) or "green-button-style".
    """
    return w.Button(description=text, tooltip=tooltip, button_style=style, icon=icon,
                    layout=shared("button-layout"), style=shared(look),
                    _dom_classes=(css_class,) if css_class else ())

"""Exercise views without a kernel: set values, click, assert state and what was saved."""

from __future__ import annotations

import pytest

from widgets.exercises import (CheckOfUnderstanding, ConversationFinderExercise, ListeningLabExercise,
                               RewriteStudioExercise)
from widgets.exercises.studio import CURRENT
from widgets.workbook import Workbook

from hostile import HOSTILE_POSTS  # tests/hostile.py


def studio(workbook):
    return RewriteStudioExercise.from_dataset(workbook=workbook)


def test_typing_updates_the_meter_on_every_keystroke(workbook):
    s = studio(workbook)
    assert s.verdict == "none" and "data-verdict='none'" in s._meter.value
    s._draft.value = "BUY NOW!!! 50% OFF everything, link in bio #sale #deal #shop #buy"
    assert s.verdict == "bullhorn"
    s._draft.value = ("A tip from 14 tries at sourdough: use a wetter dough and rest it overnight in the fridge. "
                      "What's the loaf that beat you?")
    assert s.verdict == "walkie-talkie"
    assert f"data-chars='{len(s._draft.value)}'" in s._meter.value


def test_draft_is_saved_debounced_and_restored_on_reopen(workbook):
    s = studio(workbook)
    for end in range(5, 40, 5):  # rapid typing is coalesced into one pending write
        s._draft.value = "What is your favourite loaf to bake?"[:end]
    s._saver.flush()
    task = s.task_id
    assert workbook.get("01.rewrite-studio", task) == s._draft.value
    again = studio(workbook)
    assert again.task_id == task and again._draft.value == s._draft.value
    assert "Saved" in s._saver.status.value


def test_each_task_keeps_its_own_draft_and_the_current_task_is_remembered(workbook):
    s = studio(workbook)
    first, second = s.spec.tasks[0].id, s.spec.tasks[1].id
    s._draft.value = "draft one"
    s._picker.value = second
    assert s._draft.value == "" and s.task_id == second
    s._draft.value = "draft two"
    s._picker.value = first
    assert s._draft.value == "draft one"
    s._picker.value = second
    s._saver.flush()
    assert workbook.get("01.rewrite-studio", CURRENT) == second
    assert studio(workbook)._draft.value == "draft two"


def test_history_lists_earlier_drafts(workbook):
    s = studio(workbook)
    for text in ("first try", "second try"):
        s._draft.value = text
        s._saver.flush()
    s._history.click()
    assert "second try" in s._feedback.value and "first try" in s._feedback.value


@pytest.mark.parametrize("text", HOSTILE_POSTS)
def test_bad_input_gives_a_message_executes_nothing_and_loses_nothing(workbook, text):
    s = studio(workbook)
    s._draft.value = text
    s._check.click()
    s._compare_button.click()
    for out in (s._meter.value, s._feedback.value):
        assert "<script" not in out and "<img" not in out
    assert s._feedback.value, "a check always answers"
    s._saver.flush()
    assert workbook.get("01.rewrite-studio", s.task_id) is not None


def test_check_hint_and_model(workbook):
    s = studio(workbook)
    s._check.click()
    assert "data-status='empty'" in s._feedback.value
    s._hint.click()
    assert "Hint" in s._feedback.value
    s._model.click()
    assert "model rewrite" in s._feedback.value
    s._draft.value = s.task.model_rewrite
    s._check.click()
    assert "data-status='correct'" in s._feedback.value


def test_listening_lab_marks_explains_tallies_and_restores(workbook):
    lab = ListeningLabExercise.from_dataset(workbook=workbook)
    assert lab.index == 0
    first = lab.current
    wrong = "broadcast" if first.label == "human" else "human"
    lab._broadcast.click() if wrong == "broadcast" else lab._human.click()
    assert lab.marks == {first.id: wrong}
    assert "data-status='incorrect'" in lab._feedback.value
    lab._next.click()
    assert lab.index == 1
    (lab._human if lab.current.label == "human" else lab._broadcast).click()
    assert "data-status='correct'" in lab._feedback.value
    assert "1 of 2" in lab._summary.value
    again = ListeningLabExercise.from_dataset(workbook=workbook)
    assert again.marks == lab.marks and again.index == 2, "reopens at the first unmarked post"
    assert again._prev.disabled is False


def test_listening_lab_navigation_is_clamped(workbook):
    lab = ListeningLabExercise.from_dataset(workbook=workbook)
    assert lab._prev.disabled
    lab.go(999)
    assert lab.index == len(lab.spec.items) - 1 and lab._next.disabled


def test_conversation_finder_checks_saves_and_restores_the_brief(workbook):
    finder = ConversationFinderExercise.from_dataset(workbook=workbook)
    finder._check.click()
    assert not finder.ready and "data-status='empty'" in finder._feedback["voice"].value
    for q in finder.spec.questions:
        finder._inputs[q.id].value = q.example
    finder._inputs["help"].value = "Buy my course, link in bio, 20% off"
    finder._check.click()
    assert not finder.ready and "data-status='incorrect'" in finder._feedback["help"].value
    finder._inputs["help"].value = finder.spec.questions[3].example
    finder._check.click()
    assert finder.ready and "Your conversation brief" in finder._brief.value
    assert workbook.get("01.conversation-finder", "_brief")["help"] == finder.spec.questions[3].example
    again = ConversationFinderExercise.from_dataset(workbook=workbook)
    assert again.ready and again._inputs["voice"].value == finder.spec.questions[1].example


def test_check_of_understanding_scores_and_restores(workbook):
    quiz = CheckOfUnderstanding.from_dataset("lesson01/check.yaml", workbook=workbook)
    q, untried = quiz.questions[0], quiz.questions[1]
    quiz._check.click()
    assert q.status == "empty" and "Choose an answer" in q._feedback.value
    assert workbook.get("01.check", q.spec.id) is None, "checking nothing saves nothing"
    q._options.value = next(o.id for o in q.spec.options if o.correct)
    quiz._check.click()
    assert q.status == "correct" and quiz.score == (1, len(quiz.questions))
    assert untried.status == "empty"
    quiz._hint.click()
    assert untried.spec.hint[:20] in untried._feedback.value.replace("&#x27;", "'")
    assert "Right." in q._feedback.value, "a right answer keeps its feedback; no hint over it"
    quiz._reveal.click()
    assert all(o.explanation[:20] in q._feedback.value.replace("&#x27;", "'") for o in q.spec.options)
    assert "Try this one first" in untried._feedback.value, "no answer shown for a question not yet tried"
    assert not any(o.explanation[:20] in untried._feedback.value.replace("&#x27;", "'") for o in untried.spec.options)
    again = CheckOfUnderstanding.from_dataset("lesson01/check.yaml", workbook=workbook)
    assert again.questions[0].status == "correct" and again.questions[1].status == "empty"


def test_a_corrupt_workbook_is_set_aside_and_work_carries_on(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path))
    (tmp_path / "workbook.sqlite3").write_bytes(b"this is not a database" * 100)
    s = RewriteStudioExercise.from_dataset()
    s._draft.value = "What helps you plan your week?"
    s._saver.flush()
    assert list(tmp_path.glob("workbook.sqlite3.corrupt-*")), "the damaged file is kept, not deleted"
    assert Workbook(tmp_path / "workbook.sqlite3").get("01.rewrite-studio", s.task_id) == s._draft.value


def test_views_do_not_shadow_widget_internals():
    # A child named like a Widget method (e.g. ``_compare``) silently breaks state syncing.
    import ipywidgets as w

    reserved = set(dir(w.VBox))
    for cls in (RewriteStudioExercise, ListeningLabExercise, ConversationFinderExercise, CheckOfUnderstanding):
        view = cls.from_dataset("lesson01/check.yaml") if cls is CheckOfUnderstanding else cls.from_dataset()
        own = set(vars(view)) - {"spec", "questions"}
        assert not own & reserved, f"{cls.__name__} shadows {own & reserved}"


def test_studio_and_finder_save_results_for_the_plan(workbook):
    s = studio(workbook)
    s._draft.value = "What is one loaf that beat you?"
    s._saver.flush()
    result = workbook.get("01.rewrite-studio", "_result")
    assert result["title"] == "Before/after rewrites"
    assert result["pairs"] == [{"task": s.task_id, "before": s.task.post, "after": s._draft.value}]
    finder = ConversationFinderExercise.from_dataset(workbook=workbook)
    for q in finder.spec.questions:
        finder._inputs[q.id].value = q.example
    finder._check.click()
    saved = workbook.get("01.conversation-finder", "_result")
    assert saved["brief"]["voice"] == finder.spec.questions[1].example
    assert [label for label, _ in saved["items"]] == [q.prompt for q in finder.spec.questions]


def test_shared_layouts_and_styles_stay_pristine(workbook):
    # Views share one layout/style per kind (fewer widget models, faster Voila); a view that
    # hides or restyles a widget must give it its own, or every widget on the page would change.
    import importlib
    import pkgutil

    import widgets.exercises as pkg
    from widgets.exercises.base import Exercise, shared

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"widgets.exercises.{info.name}")
    built = 0
    for cls in _all_subclasses(Exercise):
        if "from_dataset" in vars(cls):
            try:
                view = cls.from_dataset(workbook=workbook)
            except TypeError:  # needs a dataset argument (e.g. a check of understanding)
                continue
            built += 1
            for child in _descendants(view):
                if hasattr(child, "click"):
                    child.click()
    assert built >= 10
    assert shared("html-layout").get_state() == type(shared("html-layout"))().get_state()
    assert shared("button-layout").width == "auto" and shared("button-layout").display is None
    assert shared("button-style").get_state() == type(shared("button-style"))().get_state()
    assert shared("html-style").get_state() == type(shared("html-style"))().get_state()
    green = shared("green-button-style")
    assert green.get_state() == type(green)(button_color="#2e7d32", text_color="white").get_state()


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _descendants(widget):
    for child in getattr(widget, "children", ()):
        yield child
        yield from _descendants(child)


def test_a_line_joins_its_box_in_its_place_when_it_first_has_something_to_show():
    import ipywidgets as w

    from widgets.exercises.base import Line, arrange, html

    top, bottom = html("top"), html("bottom")
    first, second = Line("sll-feedback"), Line(("sll-feedback", "sll-extra"))
    box = arrange(w.VBox(), [top, first, second, bottom])
    assert box.children == (top, bottom) and first.value == "" and first.widget is None
    first.value = ""  # nothing to show: still nothing made
    assert first.widget is None and box.children == (top, bottom)
    second.value = "<p>two</p>"
    assert box.children == (top, second.widget, bottom)
    assert second.widget._dom_classes == ("sll-feedback", "sll-extra") and second.value == "<p>two</p>"
    box.children = [*box.children, html("added later")]  # the box changed since: the line still finds its place
    first.value = "<p>one</p>"
    assert box.children[:4] == (top, first.widget, second.widget, bottom)
    made = first.widget
    first.value = ""  # emptied after: the same widget, now empty, stays in place
    assert first.widget is made and made.value == "" and box.children[1] is made


def test_a_line_first_in_its_box_goes_first():
    import ipywidgets as w

    from widgets.exercises.base import Line, arrange, html

    note, rest = Line(), html("rest")
    box = arrange(w.HBox(), [note, rest])
    note.value = "first"
    assert box.children == (note.widget, rest)

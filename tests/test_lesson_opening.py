"""What a lesson loads while its page opens: the Voilà time-to-interactive target (benchmarks/run.py) is met by
not doing work the first screen does not need. Each test runs a fresh interpreter, so nothing is preloaded."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from widgets import content


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_lesson_header_loads_no_exercise_and_no_cue_list():
    _run("import sys\n"
         "from widgets.exercises.course import LessonHeader, LessonNav, CourseMap\n"
         "LessonHeader.from_dataset('00'); LessonNav.from_dataset('00')\n"
         "loaded = {m for m in sys.modules if m.startswith(('widgets.exercises.', 'widgets.voice.'))}\n"
         "assert 'widgets.exercises.studio' not in loaded, sorted(loaded)\n"
         "assert 'widgets.voice.signals' not in loaded, sorted(loaded)\n")


def test_the_exercises_package_still_names_its_views():
    _run("import widgets.exercises as e\n"
         "assert e.RewriteStudioExercise.__module__ == 'widgets.exercises.studio'\n"
         "assert e.CheckOfUnderstanding.__name__ == 'CheckOfUnderstanding'\n"
         "assert set(e.__all__) <= set(dir(e))\n"
         "try:\n    e.NoSuchView\nexcept AttributeError:\n    pass\nelse:\n    raise AssertionError('no error')\n")


@pytest.mark.parametrize("lesson", ["00", "04"])
def test_a_new_learners_course_map_and_plan_need_no_voice_meter(lesson, tmp_path):
    """A plan compares rewrites with the meter only when there are rewrites to compare."""
    _run(f"import os, sys; os.environ['SOCIAL_LAB_HOME'] = {str(tmp_path)!r}\n"
         "from widgets.exercises.course import CourseMap\n"
         f"CourseMap.from_dataset(current='{lesson}')\n"
         "from widgets.exercises.plan import PlanExercise\n"
         "PlanExercise.from_dataset()\n"
         "assert 'widgets.voice.signals' not in sys.modules\n")


def test_the_meter_loads_its_cue_lists_on_the_first_post_with_words():
    _run("import sys, widgets.voice as v\n"
         "assert v.analyze('   ').status == 'empty'\n"
         "assert 'widgets.voice.signals' not in sys.modules and 'widgets.voice.promotion' not in sys.modules\n"
         "assert v.analyze('Thrilled to announce our award!').verdict == 'bullhorn'\n"
         "assert 'widgets.voice.signals' in sys.modules\n")


def test_a_meter_over_an_empty_draft_has_the_cue_lists_ready_soon_after():
    _run("import sys, widgets.voice as v\n"
         "from widgets.voice import reading\n"
         "v.load_soon(delay=0)\n"
         "reading._soon[0].join(timeout=60)\n"
         "assert 'widgets.voice.signals' in sys.modules\n"
         "v.load_soon(delay=0)\n"
         "assert len(reading._soon) == 1, 'once per process'\n")


def test_without_threads_the_meter_still_loads_on_the_first_post():
    """Pyodide (the browser edition) cannot start threads: the background load gives way, nothing breaks."""
    _run("import sys, threading\n"
         "def refuse(self): raise RuntimeError(\"can't start new thread\")\n"
         "threading.Thread.start = refuse\n"
         "import widgets.voice as v\n"
         "v.load_soon(delay=0)\n"
         "assert 'widgets.voice.signals' not in sys.modules\n"
         "assert v.analyze('What worked for you this week?') is not None\n"
         "assert 'widgets.voice.signals' in sys.modules\n")


@pytest.mark.parametrize("path", sorted(content.datasets_dir().rglob("*.yaml")),
                         ids=lambda p: p.relative_to(content.datasets_dir()).as_posix())
def test_every_dataset_reads_the_same_on_libyaml_as_in_pure_python(path):
    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=content._safe_loader(yaml)) == yaml.safe_load(text)


def test_the_stored_readings_of_the_course_posts_are_what_the_meter_reads_now():
    """If this fails, a cue list or a studio post changed: run
    python -c "from widgets.voice import readings; readings.write()" and commit widgets/voice/readings.json."""
    from widgets.voice import readings

    stored = json.loads(readings.FILE.read_text(encoding="utf-8"))
    assert stored == json.loads(json.dumps(readings.fresh())), "write the readings again (see the docstring)"
    for entry in stored["readings"]:
        assert readings.from_json(entry) == readings.from_json(readings.to_json(readings.from_json(entry)))


def test_the_rewrite_studio_opens_on_a_stored_reading_without_compiling_the_cue_lists(tmp_path):
    _run(f"import os, sys; os.environ['SOCIAL_LAB_HOME'] = {str(tmp_path)!r}\n"
         "from widgets.exercises.studio import RewriteStudioExercise\n"
         "studio = RewriteStudioExercise.from_dataset()\n"
         "assert 'widgets.voice.signals' not in sys.modules\n"
         "assert \"data-verdict='bullhorn'\" in studio._original.value or 'bullhorn' in studio._original.value\n"
         "from widgets.voice import analyze\n"
         "analyze('A post the course does not ship: what helped you this week?')\n"
         "assert 'widgets.voice.signals' in sys.modules\n")


def test_in_voila_the_lesson_header_keeps_the_kernels_history_in_memory():
    # A real IPython shell, as in a kernel; Voilà's environment marker set as Voilà sets it.
    _run("import os\n"
         "os.environ['VOILA_KERNEL_ID'] = 'k1'\n"
         "from IPython.core.interactiveshell import InteractiveShell\n"
         "shell = InteractiveShell.instance()\n"
         "before = shell.history_manager.db_cache_size\n"
         "from widgets.exercises.course import LessonHeader\n"
         "LessonHeader.from_dataset('02')\n"
         "assert before < 1000 and shell.history_manager.db_cache_size >= 1_000_000, shell.history_manager.db_cache_size\n")


def test_outside_voila_the_lesson_header_leaves_the_history_alone():
    _run("import os\n"
         "for name in list(os.environ):\n"
         "    if name.startswith('VOILA_'): del os.environ[name]\n"
         "from IPython.core.interactiveshell import InteractiveShell\n"
         "shell = InteractiveShell.instance()\n"
         "before = shell.history_manager.db_cache_size\n"
         "from widgets.exercises.course import LessonHeader\n"
         "LessonHeader.from_dataset('02')\n"
         "assert shell.history_manager.db_cache_size == before\n")


def _run_cells(lesson: str) -> None:
    """Run a lesson's code cells in this interpreter, in order, as Voilà runs them."""
    from widgets.content import lessons_dir

    nb = json.loads((lessons_dir() / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    namespace: dict = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{lesson} cell", "exec"), namespace)


@pytest.mark.parametrize("lesson", ["01_conversation", "02_culture", "03_community"])
def test_a_lesson_opens_without_sending_classes_children_or_layouts_twice(lesson, tmp_path, monkeypatch):
    """Every widget's classes, and every view's children and layout, go out in the message that creates it.

    Set after creation, each would be one more message for the page while the lesson opens (Lesson 02 sent
    84 such updates). The lesson's cells run here as Voilà runs them, with every update recorded.
    """
    import ipywidgets

    from widgets.exercises.base import BuiltBox

    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path))
    sent: list[tuple[str, str]] = []
    plain = ipywidgets.Widget.send_state

    def recording(widget, key=None):
        if widget.comm is not None:
            keys = [key] if isinstance(key, str) else list(key or widget.keys)
            sent.extend((type(widget).__name__, k) for k in keys
                        if k == "_dom_classes" or (isinstance(widget, BuiltBox) and k in ("children", "layout")))
        return plain(widget, key)

    monkeypatch.setattr(ipywidgets.Widget, "send_state", recording)
    _run_cells(lesson)
    assert sent == []


@pytest.mark.parametrize("lesson", ["01_conversation", "02_culture", "03_community"])
def test_a_lesson_opens_without_empty_feedback_lines(lesson, tmp_path, monkeypatch):
    """A feedback line is made when it first has something to say (``Line``), not sent empty while the lesson opens.

    Lesson 02 opened with 17 empty HTML models; the cohort strip's two were the last to go.
    """
    import ipywidgets

    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path))
    opened: list[ipywidgets.Widget] = []
    plain = ipywidgets.Widget.open

    def recording(widget):
        if widget.comm is None:
            opened.append(widget)
        return plain(widget)

    monkeypatch.setattr(ipywidgets.Widget, "open", recording)
    _run_cells(lesson)
    empty = sorted(" ".join(w._dom_classes) for w in opened if isinstance(w, ipywidgets.HTML) and not w.value)
    assert len(opened) > 50 and empty == []

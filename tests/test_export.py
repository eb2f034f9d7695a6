"""Exports: the plan as a standalone page and as Markdown (learner text inert), the CLI, and a round trip."""

from __future__ import annotations

import json
import re

import pytest

from widgets.cli import main
from widgets.plan import assemble, md_escape, to_html, to_markdown

HOSTILE = [
    pytest.param("<script>alert(1)</script>", id="script-tag"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("\"'><svg onload=alert(1)>", id="attribute-breakout"),
    pytest.param("[click me](javascript:alert(1))", id="markdown-js-link"),
    pytest.param("![x](http://evil.example/x.png)", id="markdown-remote-image"),
    pytest.param("<javascript:alert(1)>", id="markdown-autolink"),
    pytest.param("# Heading\n- list\n> quote\n1. one\n===", id="block-markup-on-new-lines"),
    pytest.param("**bold** _em_ `code` | table |", id="inline-markup"),
    pytest.param("&lt;script&gt; entity", id="pre-escaped-entity"),
    pytest.param("<style>body{display:none}</style>", id="style-tag"),
]


def plan_with(text: str):
    return assemble({"02.culture-canvas": {"_result": {"title": text, "items": [[text, text]]}},
                     "99.anything": {"_result": {"title": text, "items": [[text, text]]}}})


@pytest.mark.parametrize("text", HOSTILE)
def test_html_export_escapes_learner_text(text):
    page = to_html(plan_with(text), made_on=text)
    assert "<script" not in page.lower() and "<img" not in page and "<svg" not in page
    assert "onerror=" not in page.replace("onerror=alert", "") or "&lt;img" in page
    assert page.count("<style>") == 1, "only the page's own stylesheet"
    assert not re.search(r"<(?!/?(html|head|meta|title|style|body|main|header|h1|h2|p|nav|ol|li|a|section|dl|dt|dd|"
                         r"div|span|code)\b|!DOCTYPE)", page), "no element but the page's own"


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_export_makes_learner_text_inert(text):
    doc = to_markdown(plan_with(text), made_on=text)
    assert "<" not in doc.replace("&lt;", "")
    assert "](" not in doc.replace("](0", "").replace("](02_", "").replace("](99", "") or "\\]" in doc
    live_links = re.findall(r"(?<!\\)\[[^\]]*(?<!\\)\]\(([^)]*)\)", doc)
    assert all(re.fullmatch(r"\d\d_[a-z_]+\.ipynb", target) for target in live_links), live_links
    for line in doc.splitlines():
        if text.split("\n")[0][:3] in line and line.lstrip().startswith(("#", ">", "-", "=")):
            assert line.startswith(("## ", "- **", "> Not filled")), line


@pytest.mark.parametrize("text,expected", [
    pytest.param("plain words", "plain words", id="plain-untouched"),
    pytest.param("a_b*c", "a\\_b\\*c", id="emphasis"),
    pytest.param("[x](y)", "\\[x\\](y)", id="link"),
    pytest.param("<b>&", "&lt;b&gt;&amp;", id="html"),
    pytest.param("# no\n2. no", "\\# no\n2\\. no", id="line-starts"),
])
def test_md_escape_table(text, expected):
    assert md_escape(text) == expected


def test_html_export_is_standalone_offline_and_printable():
    page = to_html(assemble({}), made_on="2026-01-01")
    assert "<script" not in page.lower()
    assert "://" not in page, "no network resource, no absolute link"
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:|//)", page)
    assert "@import" not in page and "url(" not in page and "@font-face" not in page
    assert "@media print" in page and "page-break-before" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert hrefs and all(h.startswith("#") or re.fullmatch(r"\d\d_[a-z_]+\.ipynb", h) for h in hrefs)


# -- the command ---------------------------------------------------------------------------------

def fill(workbook):
    workbook.save_many("02.benefit-ladder", {"rungs": ["A cordless drill", "Hanging the picture your mother painted",
                                                       "<b>a home</b> that feels yours"]})
    workbook.save_many("01.rewrite-studio", {"bakery-launch": "What's your Sunday loaf?", "_current": "bakery-launch"})
    workbook.save_many("00.stage-assessment", {"audience": 1, "replies": 2})


@pytest.mark.parametrize("fmt,needle", [
    pytest.param("html", "&lt;b&gt;a home&lt;/b&gt; that feels yours", id="html"),
    pytest.param("md", "&lt;b&gt;a home&lt;/b&gt; that feels yours", id="md"),
    pytest.param("json", '"value": [', id="json-default-workbook"),
])
def test_export_formats_to_a_file(tmp_path, capsys, fmt, needle):
    from widgets.workbook import Workbook

    fill(Workbook.open_default())
    target = tmp_path / f"out.{fmt}"
    assert main(["export", "--format", fmt, str(target)]) == 0
    assert needle in target.read_text(encoding="utf-8")
    assert str(target) in capsys.readouterr().err


def test_export_plan_to_stdout(capsys):
    assert main(["export", "--format", "md", "-"]) == 0
    assert capsys.readouterr().out.startswith("# Social Leadership Plan")


def test_export_rejects_an_unknown_format(capsys):
    assert main(["export", "--format", "pdf"]) == 2


def test_export_to_an_unwritable_place_is_one_line(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "--format", "html", str(blocker / "plan.html")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("social-lab: Cannot write") and "Traceback" not in err


def test_json_export_then_import_elsewhere_restores_every_view(tmp_path, monkeypatch, capsys):
    """Export on one machine, import into a fresh SOCIAL_LAB_HOME: every exercise comes back."""
    from widgets.exercises import base
    from widgets.exercises.choice import CheckOfUnderstanding
    from widgets.exercises.course import CourseMap
    from widgets.exercises.finder import ConversationFinderExercise
    from widgets.exercises.plan import PlanExercise
    from widgets.exercises.stage import StageAssessmentExercise
    from widgets.exercises.studio import RewriteStudioExercise

    first = tmp_path / "first"
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(first))
    base._DEFAULT.clear()
    stage = StageAssessmentExercise.from_dataset()
    for axis, score in {"audience": 2, "replies": 1, "relationships": 2, "offers": 0}.items():
        stage.answer(axis, score)
    studio = RewriteStudioExercise.from_dataset()
    studio._draft.value = "What was the first loaf you were proud of? 🍞 مرحبا"
    studio._saver.flush()
    check = CheckOfUnderstanding.from_dataset("lesson00/check.yaml")
    check.questions[0]._options.value = "b"
    check._check.click()
    finder = ConversationFinderExercise.from_dataset()
    finder._inputs["voice"].value = "I coach runners over 60"
    finder._saver.flush()
    from widgets.course import workbook_data
    from widgets.exercises.listening import ListeningLabExercise
    from widgets.workbook import Workbook

    ListeningLabExercise.from_dataset().mark("human")
    before = workbook_data(Workbook.open_default())
    backup = tmp_path / "backup.json"
    assert main(["export", str(backup)]) == 0

    second = tmp_path / "second"
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(second))
    base._DEFAULT.clear()
    assert PlanExercise.from_dataset().filled == 0, "a fresh home starts empty"
    assert main(["import", str(backup)]) == 0
    base._DEFAULT.clear()
    assert workbook_data(Workbook.open_default()) == before, "every exercise, every key, byte for byte"
    assert StageAssessmentExercise.from_dataset().stage == stage.stage == "social-leadership"
    again = RewriteStudioExercise.from_dataset()
    assert again.task_id == studio.task_id and again._draft.value == studio._draft.value
    assert CheckOfUnderstanding.from_dataset("lesson00/check.yaml").questions[0].status == "correct"
    assert ConversationFinderExercise.from_dataset()._inputs["voice"].value == "I coach runners over 60"
    plan = PlanExercise.from_dataset()
    assert plan.filled == 1 and "Social Leadership" in plan._preview.value
    assert "first loaf you were proud of" not in plan._preview.value, "one rewrite of three is a gap, not a section"
    assert CourseMap.from_dataset().summary["00.stage-assessment"] == "done"
    assert json.loads(backup.read_text())["format"] == "social-leadership-lab/workbook"


def test_the_downloaded_workbook_json_imports_into_a_fresh_home(tmp_path, monkeypatch, capsys):
    """The Binder path: the capstone's JSON download link is a backup that `social-lab import` restores."""
    import base64

    from widgets.exercises import base
    from widgets.exercises.plan import PlanExercise
    from widgets.workbook import Workbook

    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "binder"))
    base._DEFAULT.clear()
    fill(Workbook.open_default())
    view = PlanExercise.from_dataset()
    link = re.search(r"sll-download-json' download='[^']+' href='data:application/json;charset=utf-8;base64,([^']+)'",
                     view._downloads.value)
    backup = tmp_path / "social-leadership-workbook.json"
    backup.write_bytes(base64.b64decode(link.group(1)))

    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "laptop"))
    base._DEFAULT.clear()
    assert main(["import", str(backup)]) == 0
    base._DEFAULT.clear()
    again = PlanExercise.from_dataset()
    assert again.filled == view.filled == 1  # the ladder; two answers of four and one rewrite are gaps
    assert Workbook.open_default().load("01.rewrite-studio")["bakery-launch"] == "What's your Sunday loaf?"

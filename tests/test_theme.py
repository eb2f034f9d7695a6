"""The course's one look: the style sheet, the lesson header, the home page template, the button triple,
the JupyterLab instruction and the text saved beside each view."""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import jinja2
import pytest

from widgets import cli, theme
from widgets.course import load_course
from widgets.exercises.base import ANSWER, CHECK, HINT
from widgets.theme import home

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "lessons").glob("0*.ipynb"))
TEMPLATE_DIR = theme.DATA_DIR / "voila" / "templates" / theme.TEMPLATE


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


# -- the style sheet -------------------------------------------------------------------------


def test_the_sheet_loads_nothing_from_the_network_and_cannot_end_its_style_element():
    css = theme.css()
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css), "no web fonts or remote files"
    assert "</" not in css and theme.style_tag().endswith("</style>")


def _top_level(selector: str) -> list[str]:
    """A selector list split at its own commas (not those inside ``:is(...)``)."""
    parts, depth, current = [], 0, ""
    for char in selector:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [p for p in [*parts, current.strip()] if p]


def test_the_sheet_leaves_jupyterlab_alone():
    """Every rule that is not one of the course's own classes is scoped to Voilà or the static site."""
    css = re.sub(r"/\*.*?\*/", "", theme.css(), flags=re.S)
    css = re.sub(r"@media[^{]*\{", "", css)
    for selector in re.findall(r"([^{}]+)\{", css):
        for part in _top_level(selector):
            scoped = re.search(r"body\[data-voila\]|\.sll-site|^\.sll-|\)\s*\.sll-|^:is\((body|\.sll-)", part)
            assert scoped, f"unscoped selector would restyle JupyterLab: {part!r}"


@pytest.mark.parametrize(("fg", "bg"), [
    pytest.param("--sll-ink", "#fff", id="text"),
    pytest.param("--sll-muted", "#fff", id="muted-text"),
    pytest.param("--sll-link", "#fff", id="links"),
    pytest.param("#fff", "--sll-accent", id="primary-button"),
])
def test_the_palette_meets_wcag_aa(fg, bg):
    css = theme.css()

    def colour(name):
        return name if name.startswith("#") else re.search(rf"{name}:\s*(#[0-9a-f]{{6}})", css).group(1)

    def luminance(hex_colour):
        hex_colour = hex_colour.lstrip("#")
        hex_colour = "".join(c * 2 for c in hex_colour) if len(hex_colour) == 3 else hex_colour
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(colour(fg)), luminance(colour(bg))), reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 4.5


# -- the lesson header -------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "where", "prev", "nxt"), [
    pytest.param("00", "Step 1 of 5 · about 20 minutes", "", "01_conversation.ipynb", id="first"),
    pytest.param("02", "Step 3 of 5 · about 60 minutes", "01_conversation.ipynb", "03_community.ipynb", id="middle"),
    pytest.param("04", "Step 5 of 5 · about 20 minutes", "03_community.ipynb", "", id="last"),
])
def test_the_header_says_where_you_are_and_links_both_ways(number, where, prev, nxt):
    from widgets.exercises.course import LessonHeader

    header = LessonHeader.from_dataset(number)
    markup = header.children[0].value
    assert "<style data-sll-theme>" in markup, "the header brings the course's style sheet"
    assert where in markup
    assert header.links == {"prev": prev, "next": nxt}
    assert ("rel='prev'" in markup) is bool(prev) and ("rel='next'" in markup) is bool(nxt)
    assert "sll-lesson-header" in header._dom_classes


def test_the_course_gives_every_lesson_a_length_and_a_summary():
    for lesson in load_course().lessons:
        assert lesson.minutes > 0 and 20 <= len(lesson.summary) <= 110, lesson.number


# -- the home page -----------------------------------------------------------------------------


def test_the_home_template_is_written_from_the_course_map():
    written = (TEMPLATE_DIR / "course_home.html").read_text(encoding="utf-8")
    assert home.home_fragment(load_course()) in written, "run: python -m widgets.theme.home"


def _render_tree(path: str, contents: list[dict]) -> str:
    share = Path(sys.prefix) / "share" / "jupyter"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(TEMPLATE_DIR), str(share)]), autoescape=True)
    crumbs = [("/voila/tree", "")] + ([("/voila/tree/" + path, path)] if path else [])
    return env.get_template("tree-lab.html").render(
        base_url="/", breadcrumbs=crumbs, page_title=path or "Voilà Home",
        contents={"path": path, "content": contents})


def test_the_home_page_lists_the_lessons_and_keeps_the_files_for_coaches():
    files = [{"type": "notebook", "name": p.name, "path": p.name} for p in LESSONS]
    page = _render_tree("", files + [{"type": "directory", "name": "<b>x</b>", "path": "<b>x</b>"}])
    course = load_course()
    assert '<html lang="en">' in page and "<title>Social Leadership Lab</title>" in page
    for lesson in course.lessons:
        assert f'href="/voila/render/{lesson.notebook}">{lesson.name}</a>' in page
        assert lesson.summary in page
    assert "All files in this folder" in page and "&lt;b&gt;x&lt;/b&gt;/" in page, "file names are escaped"
    assert {p.name for p in LESSONS} == {lesson.notebook for lesson in course.lessons}


def test_a_sub_folder_shows_its_files_not_the_course():
    page = _render_tree("coach", [{"type": "notebook", "name": "dashboard.ipynb", "path": "coach/dashboard.ipynb"}])
    assert 'class="sll-home-lessons"' not in page
    assert 'href="/voila/render/coach/dashboard.ipynb"' in page and "<details class=\"sll-files\" open>" in page


def test_the_home_page_reads_a_folder_listing_given_as_an_iterator():
    """The room's server hands over the folder's entries as a generator: the home page and the list both see them."""
    files = [{"type": "notebook", "name": p.name, "path": p.name} for p in LESSONS]
    page = _render_tree("", iter(files))
    assert 'class="sll-home-lessons"' in page
    assert all(f'<li><a href="/voila/render/{p.name}">{p.name}</a></li>' in page for p in LESSONS)


def test_on_binder_the_home_page_is_the_lessons_folder_and_links_into_it():
    """Binder serves the repository: its root lists files; lessons/ is the home page, each link inside it."""
    root = _render_tree("", [{"type": "directory", "name": "lessons", "path": "lessons"},
                             {"type": "file", "name": "README.md", "path": "README.md"}])
    assert 'class="sll-home-lessons"' not in root and 'href="/voila/tree/lessons">lessons/</a>' in root
    files = [{"type": "notebook", "name": p.name, "path": f"lessons/{p.name}"} for p in LESSONS]
    page = _render_tree("lessons", files)
    course = load_course()
    for lesson in course.lessons:
        assert f'href="/voila/render/lessons/{lesson.notebook}">{lesson.name}</a>' in page
    assert f'class="sll-home-start" href="/voila/render/lessons/{course.lessons[0].notebook}"' in page
    assert "<details class=\"sll-files\">" in page, "the file list stays folded under the home page"


def test_present_serves_the_course_template(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOCIAL_LAB_HOME", str(tmp_path / "home"))
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "00_start_here.ipynb").write_text("{}", encoding="utf-8")
    assert cli.main(["present", "--lessons", str(folder), "--dry-run"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert f"--template={theme.TEMPLATE}" in line
    assert f"JUPYTER_PATH={theme.DATA_DIR}" in line


# -- one named triple --------------------------------------------------------------------------


def _button_labels() -> list[tuple[str, str]]:
    """(file, first argument) of every ``button(...)`` call in the exercise views."""
    found = []
    for path in sorted((REPO / "widgets" / "exercises").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "button" and node.args:
                arg = node.args[0]
                label = arg.value if isinstance(arg, ast.Constant) else getattr(arg, "id", "?")
                found.append((path.name, str(label)))
    return found


def test_every_exercise_names_its_check_hint_and_answer_buttons_alike():
    labels = _button_labels()
    assert (CHECK, HINT, ANSWER) == ("Check", "Hint", "Show an answer")
    odd = [(f, label) for f, label in labels
           if re.match(r"^(Check\b.+|Show (the answer|an? model|an example)\b.*|.*\bhint)$", label, re.I)
           and label not in ("CHECK", "HINT", "ANSWER")
           and label != "Rewrite hint"]  # Robot or human has two parts: its second hint says which
    assert odd == [], "use CHECK / HINT / ANSWER from widgets.exercises.base"
    used = {label for _f, label in labels}
    assert {"CHECK", "HINT", "ANSWER"} <= used


# -- JupyterLab readers ------------------------------------------------------------------------


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_opens_with_the_run_all_instruction_and_the_header(lesson):
    cells = _cells(lesson)
    assert [c.get("id") for c in cells[:2]] == ["lab-run-all", "lesson-header"]
    note = _source(cells[0])
    assert cells[0]["cell_type"] == "markdown" and 'class="sll-lab-only"' in note
    assert "Run ▸ Run All Cells" in note
    assert f'LessonHeader.from_dataset("{lesson.name[:2]}")' in _source(cells[1])


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_saved_views_read_as_sentences_not_class_names(lesson):
    """What JupyterLab shows for a view it cannot draw (an untrusted or not yet run lesson)."""
    texts = [("".join(o["data"]["text/plain"]) if isinstance(o["data"]["text/plain"], list) else o["data"]["text/plain"])
             for c in _cells(lesson) if c["cell_type"] == "code"
             for o in c.get("outputs", []) if "text/plain" in o.get("data", {})]
    assert texts, "the lesson is committed executed"
    bare = [t for t in texts if re.search(r"\b[A-Z]\w+(Exercise|View|Nav|Map|Header|Understanding)\(", t)]
    assert bare == []
    assert all("Run All Cells" in t for t in texts if "application/vnd.jupyter.widget-view+json" not in t)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_saved_header_carries_the_current_style_sheet(lesson):
    """The static site shows the stored header: re-execute the lessons after changing course.css."""
    state = json.loads(lesson.read_text(encoding="utf-8"))["metadata"]["widgets"][
        "application/vnd.jupyter.widget-state+json"]["state"]
    values = [m["state"].get("value", "") for m in state.values() if m["model_name"] == "HTMLModel"]
    headers = [v for v in values if "data-sll-theme" in v]
    assert len(headers) == 1 and theme.style_tag() in headers[0], "re-execute the lesson (see HELPERS.md)"


# -- the static site ---------------------------------------------------------------------------


def test_the_static_site_ships_the_theme_and_links_its_own_pages(tmp_path):
    from widgets.site.static import THEME, build_site

    build_site(tmp_path / "site", REPO / "lessons")
    site = tmp_path / "site"
    assert (site / THEME).read_text(encoding="utf-8") == theme.css()
    for page in sorted(site.glob("0*.html")):
        text = page.read_text(encoding="utf-8")
        assert f'<link rel="stylesheet" href="{THEME}">' in text and '<body class="sll-site">' in text
        assert not re.search(r"href=['\"][0-9]{2}_\w+\.ipynb", text), f"{page.name} links a notebook"
        assert "href='../tree'" not in text and "sll-lesson-header" in text
        assert 'class="sll-lab-only"' in text  # present, and hidden by the theme (.sll-site .sll-lab-only)
    index = (site / "index.html").read_text(encoding="utf-8")
    for lesson in load_course().lessons:
        assert lesson.summary in index

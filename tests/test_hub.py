"""JupyterHub (nbgitpuller) and Binder links: checked inputs, exact link shapes, the hub-link command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from widgets import cli, hub
from widgets.site.lessons import Lesson, LessonNotFound, find_lessons, normalize_number, pick_lessons

LESSON = Lesson("01", Path("01_conversation.ipynb"), "Lesson 01 · Conversation")
REPO = "https://github.com/acme/social-course"


def make_lessons(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": [f"# Title of {name}\n", "text"]}],
              "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        (folder / name).write_text(json.dumps(nb), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("given", "expected"), [
    pytest.param("https://hub.example.org", "https://hub.example.org", id="plain"),
    pytest.param("https://hub.example.org/", "https://hub.example.org", id="trailing-slash-dropped"),
    pytest.param("  https://hub.example.org  ", "https://hub.example.org", id="pasted-with-spaces-around"),
    pytest.param("https://hub.example.org/hub/", "https://hub.example.org", id="hub-page-pasted"),
    pytest.param("https://uni.example.edu/jupyter", "https://uni.example.edu/jupyter", id="hub-under-a-prefix"),
    pytest.param("http://localhost:8000", "http://localhost:8000", id="local-test-hub"),
])
def test_hub_url_accepts(given, expected):
    assert hub.hub_url(given) == expected


@pytest.mark.parametrize(("given", "message"), [
    pytest.param("", "empty", id="empty"),
    pytest.param("hub.example.org", "https://", id="no-scheme"),
    pytest.param("ftp://hub.example.org", "https://", id="wrong-scheme"),
    pytest.param("javascript:alert(1)", "https://", id="script-url"),
    pytest.param("https://", "host", id="no-host"),
    pytest.param("https://user:pw@hub.example.org", "password", id="credentials"),
    pytest.param("https://hub.example.org/?next=/x", "'?…'", id="query"),
    pytest.param("https://hub example.org", "spaces", id="space-inside"),
    pytest.param('https://hub.example.org/"><script>', "quotes", id="markup"),
    pytest.param("https://hub.example.org:99999", "not a valid URL", id="port-out-of-range"),
    pytest.param("https://hub_x.example.org", "host", id="underscore-host"),
    pytest.param("https://x.org/" + "a" * 3000, "spaces", id="huge-paste"),
])
def test_hub_url_refuses_with_a_clear_message(given, message):
    with pytest.raises(hub.LinkError, match=message.replace("?", r"\?")):
        hub.hub_url(given)


@pytest.mark.parametrize("branch", [
    pytest.param("", id="empty"), pytest.param("-rf", id="option-like"), pytest.param("a..b", id="dotdot"),
    pytest.param("has space", id="space"), pytest.param("x&urlpath=evil", id="query-injection"),
    pytest.param("feature/", id="trailing-slash"),
])
def test_bad_branches_are_refused(branch):
    with pytest.raises(hub.LinkError):
        hub.branch_name(branch)


def test_git_pull_link_has_the_nbgitpuller_shape():
    link = hub.git_pull_link("https://hub.example.org/", REPO, "main", LESSON)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {"repo": [REPO], "branch": ["main"],
                     "urlpath": ["lab/tree/social-course/lessons/01_conversation.ipynb"]}
    assert "repo=https%3A%2F%2Fgithub.com%2Facme%2Fsocial-course&" in link, "the repository is url-encoded"


def test_voila_link_renders_the_lesson():
    link = hub.git_pull_link("https://hub.example.org", REPO, "dev/x", LESSON, voila=True)
    query = parse_qs(urlsplit(link).query)
    assert query["urlpath"] == ["voila/render/social-course/lessons/01_conversation.ipynb"]
    assert query["branch"] == ["dev/x"]


@pytest.mark.parametrize(("repo", "clone"), [
    pytest.param("https://github.com/acme/course", "course", id="github"),
    pytest.param("https://gitlab.example.org/group/sub/course.git", "course.git", id="dot-git-kept-like-nbgitpuller"),
])
def test_clone_dir_is_the_last_url_part(repo, clone):
    assert hub.clone_dir(hub.repo_url(repo)) == clone


@pytest.mark.parametrize(("repo", "lab"), [
    pytest.param(REPO, "https://mybinder.org/v2/gh/acme/social-course/main?labpath=lessons/01_conversation.ipynb",
                 id="github-short-form"),
    pytest.param("https://gitlab.example.org/g/course",
                 "https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.example.org%2Fg%2Fcourse/main"
                 "?labpath=lessons/01_conversation.ipynb", id="any-git-host"),
])
def test_binder_links(repo, lab):
    links = hub.binder_links(repo, "main", LESSON)
    assert links.lab == lab
    assert links.voila.endswith("?urlpath=voila%2Frender%2Flessons%2F01_conversation.ipynb")


@pytest.mark.parametrize(("number", "expected"), [
    pytest.param(1, "01", id="int"), pytest.param("1", "01", id="one-digit"), pytest.param("01", "01", id="two-digit"),
])
def test_lesson_numbers_normalize(number, expected):
    assert normalize_number(number) == expected


@pytest.mark.parametrize("number", [
    pytest.param("x", id="word"), pytest.param("-1", id="negative"), pytest.param("100", id="too-big"),
    pytest.param("٣", id="arabic-indic-digit"), pytest.param("", id="empty"),
])
def test_bad_lesson_numbers_say_what_a_number_is(number):
    with pytest.raises(LessonNotFound, match="0 to 99"):
        normalize_number(number)


def test_find_lessons_takes_only_numbered_notebooks(tmp_path):
    folder = make_lessons(tmp_path, "02_b.ipynb", "00_start_here.ipynb", "notes.ipynb", "1_bad.ipynb")
    (folder / "03_dir.ipynb").mkdir()
    found = find_lessons(folder)
    assert [(x.number, x.title) for x in found] == [("00", "Title of 00_start_here.ipynb"),
                                                    ("02", "Title of 02_b.ipynb")]
    with pytest.raises(LessonNotFound, match="no lesson 01; the lessons are 00, 02"):
        pick_lessons(found, "1")


def test_every_committed_lesson_gets_a_link(capsys):
    assert cli.main(["hub-link", "--hub", "https://hub.example.org"]) == 0
    out = capsys.readouterr().out.splitlines()
    links = [line for line in out if line.startswith("https://")]
    assert len(links) == len(find_lessons()) >= 1
    for lesson, link in zip(find_lessons(), links):
        assert parse_qs(urlsplit(link).query)["urlpath"][0].endswith(f"/lessons/{lesson.name}")


@pytest.mark.parametrize(("argv", "message"), [
    pytest.param(["--hub", "hub.example.org"], "https://", id="hub-without-scheme"),
    pytest.param(["--hub", "https://h.org", "--lesson", "42"], "no lesson 42", id="missing-lesson"),
    pytest.param(["--hub", "https://h.org", "--repo", "git@github.com:a/b.git"], "https://", id="ssh-repo"),
    pytest.param(["--hub", "https://h.org", "--branch", "a b"], "branch", id="bad-branch"),
])
def test_hub_link_command_refuses_with_exit_2(capsys, argv, message):
    assert cli.main(["hub-link", *argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err and captured.out == ""


def test_hub_link_for_one_lesson_as_voila(capsys, tmp_path):
    folder = make_lessons(tmp_path / "lessons", "00_start_here.ipynb", "02_culture.ipynb")
    assert cli.main(["hub-link", "--hub", "https://h.org", "--lesson", "2", "--voila", "--lessons", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "# Title of 02_culture.ipynb"
    assert parse_qs(urlsplit(out[1]).query)["urlpath"] == ["voila/render/social-leadership-lab/lessons/02_culture.ipynb"]


def test_distribution_modules_are_pure():
    code = ("import sys, widgets.hub, widgets.embed, widgets.site.lessons, widgets.site, widgets.site.render, "
            "widgets.site.cli; "
            "assert 'ipywidgets' not in sys.modules, 'distribution modules imported ipywidgets'; "
            "assert 'plotly' not in sys.modules, 'the site copies plotly.js without importing plotly'")
    subprocess.run([sys.executable, "-c", code], check=True)

"""Voila renders Lesson 03 cleanly, and typing a rewrite updates the robot-or-human live reading."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

import harness

LESSON03 = "03_community.ipynb"
LAST_EXERCISE = ".sll-check .sll-choice"  # the last visible exercise: the benchmark can wait on it
DRAFT = ".sll-robot-or-human .sll-robot-draft textarea"
REWRITE = "Hi Dev, thanks for the follow. What are you building at the moment?"


def reading(length: int) -> str:
    return f'.sll-robot-or-human .sll-robot-live [data-chars="{length}"]'


@pytest.fixture(scope="module")
def lesson03() -> Path:
    path = harness.LESSONS_DIR / LESSON03
    if not path.exists():
        pytest.fail(f"{path} does not exist", pytrace=False)
    return path


@pytest.mark.browser
def test_voila_renders_lesson03_and_robot_reading_follows_typing(servers, lesson03, page, console):
    voila = servers("voila", lesson03.parent, "lesson03-first-visit")  # its own home: nothing sorted yet
    page.goto(f"{voila.url}/voila/render/{LESSON03}")
    harness.wait_voila_rendered(page, LAST_EXERCISE)
    for view in (".sll-robot-or-human", ".sll-welcome-playbook", ".sll-connector", ".sll-hosting-rhythm"):
        expect(page.locator(view)).to_be_visible()
    assert harness.traceback_text(page) == []

    draft = page.locator(DRAFT)
    expect(page.locator(reading(0))).to_have_count(1)
    expect(draft).to_be_disabled()  # nothing to rewrite before the learner has judged a message
    picker = page.locator(".sll-robot-or-human .sll-robot-picker select")
    # ipywidgets' Dropdown renders spaces as no-break spaces.
    assert [t.replace("\xa0", " ") for t in picker.locator("option").all_inner_texts()] == ["Sort the messages above first"]
    page.locator(".sll-robot-or-human .sll-mark-robot").click()  # message 1 is a robot
    expect(picker.locator("option")).to_have_text([re.compile(r"^Message\s1:\sHey\s\{first_name\}")])
    expect(draft).to_be_enabled()
    draft.press_sequentially(REWRITE)
    live = page.locator(reading(len(REWRITE)))
    expect(live).to_have_count(1)
    assert live.get_attribute("data-robot") == "0"
    assert live.get_attribute("data-verdict") == "walkie-talkie"
    assert console.errors == [], "\n".join(console.errors)

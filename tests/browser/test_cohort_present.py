"""Presenting: a preheated lesson in large type reads a learner's personal link once the page is asked for."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

import harness
from test_cohort_dashboard import LEARNER, write_learner_notebook
from widgets.cohort import CohortStore, present_options
from widgets.content import datasets_dir


@pytest.fixture(scope="module")
def presented(tmp_path_factory):
    served = tmp_path_factory.mktemp("presented")
    write_learner_notebook(served)
    args, env = present_options([LEARNER], pool=1, large_type=True, data_dir=datasets_dir() / "cohort")
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the server inherits JUPYTER_PATH, as `social-lab present` passes it
    try:
        server = harness.start_voila(served, extra_args=tuple(args))
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    yield server
    server.stop()


@pytest.mark.browser
def test_preheated_large_type_lesson_reads_the_personal_link(presented, page, console):
    store = CohortStore(presented.home / "cohort.sqlite")
    made, _key = store.create_cohort("Presented group")
    member = store.join(made.code, "Ana")
    page.goto(f"{presented.url}/voila/render/{LEARNER}?sll_join={member.token}")
    harness.wait_voila_rendered(page, ".sll-cohort-join")
    expect(page.locator(".sll-cohort-status")).to_contain_text("Sharing with Presented group as Ana")
    size = page.locator(".sll-cohort-join .widget-html-content").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 20, f"large type expected, got {size}px"
    assert page.locator("style#sll-large-type").count() == 1
    assert harness.traceback_text(page) == []
    assert console.errors == [], "\n".join(console.errors)

"""axe-core finds no serious or critical violations on the capstone page or on the exported plan page."""

import pytest
from playwright.sync_api import expect

import harness


@pytest.mark.browser
def test_capstone_and_exported_plan_have_no_serious_axe_violations(voila_lessons, page, tmp_path):
    page.goto(f"{voila_lessons.url}/voila/render/04_capstone.ipynb")
    harness.wait_voila_rendered(page, ".sll-lesson-nav")
    expect(page.locator(".sll-plan .sll-plan-preview")).to_be_visible()
    violations = harness.serious_violations(page)
    assert violations == [], harness.describe_violations(violations)

    import dataclasses

    from widgets.plan import assemble, to_html

    plan = assemble({})  # a plan with one filled section (as finished ladder work gives it) and the rest gaps
    ladder = next(i for i, s in enumerate(plan.sections) if s.exercise == "02.benefit-ladder")
    sections = list(plan.sections)
    sections[ladder] = dataclasses.replace(sections[ladder], items=(("Brand essence", "a home that feels yours"),))
    exported = tmp_path / "plan.html"
    exported.write_text(to_html(dataclasses.replace(plan, sections=tuple(sections)), made_on="2026-01-01"),
                        encoding="utf-8")
    page.goto(exported.as_uri())
    expect(page.locator("main")).to_contain_text("a home that feels yours")
    violations = harness.serious_violations(page)
    assert violations == [], harness.describe_violations(violations)

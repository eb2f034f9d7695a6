"""The capstone in Voila shows a pre-filled learner's plan; its download link saves a page that,
opened from disk with the network off, still shows the learner's words."""

import base64

import pytest
from playwright.sync_api import expect

import harness

CAPSTONE = "04_capstone.ipynb"
ESSENCE = "Sunday bread that makes a kitchen feel like home"
REWRITE = "Which loaf did you bake first, and what went wrong? Mine collapsed twice."
HOSTILE = "<img src=x onerror=alert(1)> and [x](javascript:alert(1))"


def fill(home):
    from widgets.workbook import Workbook

    from widgets.canvas import load_canvas
    from widgets.rewrite import load_studio

    # Finished work (the plan shows an exercise once its check passes on what is saved).
    wb = Workbook(home / "workbook.sqlite3")
    wb.save("02.benefit-ladder", "rungs", ["A sourdough class", "You can bake a loaf you are proud of", ESSENCE])
    wb.save_many("01.rewrite-studio", {"bakery-launch": REWRITE,
                                       **{t.id: t.model_rewrite for t in load_studio().tasks[1:3]}})
    canvas = load_canvas()
    wb.save("02.culture-canvas", "answers", {**{f.id: canvas.sample[f.id] for f in canvas.fields},
                                             "believe": f"{HOSTILE} small steps count"})


@pytest.mark.browser
def test_capstone_download_contains_the_learners_words_offline(servers, lesson01, page, console, browser,
                                                               tmp_path):
    server = servers("voila", lesson01.parent, "capstone-prefilled")
    fill(server.home)
    page.goto(f"{server.url}/voila/render/{CAPSTONE}")
    harness.wait_voila_rendered(page, ".sll-lesson-nav")
    plan = page.locator(".sll-plan")
    expect(plan.locator(".sll-plan-preview")).to_contain_text(ESSENCE)
    expect(plan.locator(".sll-plan-preview")).to_contain_text(REWRITE)
    expect(plan.locator(".sll-plan-preview")).to_contain_text("<img src=x onerror=alert(1)>")  # shown as text
    assert page.locator(".sll-plan-preview img").count() == 0
    assert harness.traceback_text(page) == []

    link = plan.locator("a.sll-download-html")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "social-leadership-plan.html"
    saved = tmp_path / "social-leadership-plan.html"
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert ESSENCE in text and "<script" not in text.lower()

    md = plan.locator("a.sll-download-md").get_attribute("href")
    assert ESSENCE in base64.b64decode(md.split(",", 1)[1]).decode("utf-8")
    assert console.errors == [], "\n".join(console.errors)

    offline = browser.new_context(offline=True, java_script_enabled=False)
    try:
        disk = offline.new_page()
        requests = []
        disk.on("request", lambda r: requests.append(r.url))
        disk.goto(saved.as_uri())
        expect(disk.locator("main")).to_contain_text(ESSENCE)
        expect(disk.locator("main")).to_contain_text(REWRITE)
        expect(disk.locator("h2", has_text="(gap)").first).to_be_visible()
        assert disk.locator("img").count() == 0
        assert requests == [saved.as_uri()], f"the page fetched more than itself: {requests}"
    finally:
        offline.close()

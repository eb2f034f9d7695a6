"""Wording: plurals, empty is not "thin", a Markdown export without stray backslashes or doubled colons."""

from __future__ import annotations

import pytest

from widgets.canvas import check_canvas, load_canvas
from widgets.connector import load_community, network_figure_data
from widgets.plan import assemble, to_markdown


@pytest.mark.parametrize("made, plural", [
    pytest.param(1, "1 introduction made", id="one"),
    pytest.param(2, "2 introductions made", id="two"),
    pytest.param(0, "0 introductions made", id="none"),
])
def test_network_map_title_says_introduction_in_the_singular_for_one(made, plural):
    members = load_community().members
    pairs = [(members[i].id, members[i + 1].id) for i in range(0, 2 * made, 2)]
    title = network_figure_data(members, pairs)["layout"]["title"]["text"]
    assert title.endswith(plural) and "1 introductions" not in title


def test_canvas_calls_an_empty_box_empty_and_a_short_one_thin():
    spec = load_canvas()
    believe, value = spec.must[0], spec.must[1]
    details = " ".join(check_canvas(spec, {believe.id: "calm cooking", "essence": "a calm home kitchen"}).details)
    assert f"Still thin (a few words each): {believe.label}." in details
    assert "Still empty:" in details and value.label in details.split("Still empty:")[1].split(".")[0]
    assert value.label not in details.split("Still thin")[1].split(".")[0]


def test_markdown_export_keeps_the_date_plain_and_one_colon_per_label():
    import dataclasses

    items = (("What do people ask?", "sore knees"), ("Focus now:", "Lesson 02"), ("Conversation", "strength after 50"))
    plan = assemble({})  # the labels as a finished brief would give them, in the plan's first section
    first = dataclasses.replace(plan.sections[0], items=items)
    md = to_markdown(dataclasses.replace(plan, sections=(first, *plan.sections[1:])), "2026-12-02")
    assert "Made on 2026-12-02 with" in md and "2026\\-12" not in md
    assert "- **What do people ask?** sore knees" in md
    assert "- **Focus now:** Lesson 02" in md and "::" not in md and "?:" not in md
    assert "- **Conversation:** strength after 50" in md


def test_import_summary_counts_in_the_singular_for_one():
    from widgets.workbook import ImportSummary

    text = str(ImportSummary(added=1, updated=0, unchanged=0, revisions=1, exercises=("a",), replaced=False))
    assert "1 answer added" in text and "1 revision." in text and "1 exercise:" in text


def test_walkie_talkie_has_one_spelling_in_every_text_a_learner_reads():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [p for d in ("widgets", "datasets", "lessons", "docs") for p in (root / d).rglob("*")
             if p.suffix in (".py", ".yaml", ".yml", ".csv", ".json", ".md", ".ipynb") and p.is_file()]
    files.append(root / "README.md")
    odd = re.compile(r"walk(?:ie|y)(?:\s+|_)?talk(?:ie|y)|walky|talky|walkie(?!-talkie)|walkietalkie", re.I)
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(root)}: {m.group()}" for m in odd.finditer(text)
                  if not m.group().lower().startswith("walkie_talkie")]
    assert found == []

"""The Social Leadership Plan: assembled from the workbook, exported as a standalone page or Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any, Mapping

from widgets.course import Course, Lesson, load_course
from widgets.feedback import clean_text
from widgets.subject import same_subject

__all__ = ["PlanSection", "Plan", "assemble", "preview_html", "plan_document", "export_json", "result_items", "to_html", "to_markdown", "md_escape",
           "MAX_ITEMS", "MAX_TEXT"]

MAX_ITEMS = 60  # per section: a plan is read by a person, not a database dump
MAX_TEXT = 5000
MAX_LABEL = 200
PLAN_EXERCISE = "04.plan"
OWN_POST = "_own_post"  # the rewrite studio's key for the learner's own post (widgets.exercises.studio)
BRIEF_LABELS = {"conversation": "The conversation I join", "voice": "What my voice brings",
                "topics": "What people are asking about", "help": "How I help (not selling)"}


@dataclass(frozen=True)
class PlanSection:
    """One part of the plan: filled from an exercise's result, or a gap naming the lesson that fills it."""

    id: str
    title: str
    why: str
    exercise: str
    lesson: Lesson | None
    items: tuple[tuple[str, str], ...]
    note: str = ""  # for a gap whose exercise is started: how far it is (from widgets.progress)
    exercise_title: str = ""  # the exercise as the course map names it (ids stay off the page)

    @property
    def present(self) -> bool:
        return bool(self.items)

    @property
    def link(self) -> str:
        """Relative link to the lesson notebook (a sibling file in lessons/), '' if unknown."""
        return self.lesson.notebook if self.lesson else ""


@dataclass(frozen=True)
class Plan:
    """The learner's plan: the course's sections in order, then results of any other exercise."""

    title: str
    sections: tuple[PlanSection, ...]
    extras: tuple[PlanSection, ...]

    @property
    def gaps(self) -> tuple[PlanSection, ...]:
        return tuple(s for s in self.sections if not s.present)

    @property
    def filled(self) -> int:
        return sum(s.present for s in self.sections)


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    if isinstance(value, (list, tuple)):
        value = "; ".join(_text(v, limit) for v in value if v not in (None, ""))
    elif isinstance(value, dict):
        value = "; ".join(f"{k}: {_text(v, limit)}" for k, v in value.items())
    text, _ = clean_text(value, limit)
    # A lone surrogate (half an emoji from a bad paste) cannot be written as UTF-8: show "?" instead.
    return text.encode("utf-8", "replace").decode("utf-8").strip()


def result_items(result: Any) -> tuple[tuple[str, str], ...]:
    """The ``items`` of a saved ``_result``, made safe: pairs of non-empty strings, capped.

    Anything malformed (not a list, not pairs, empty text) is skipped rather than raised.

    >>> result_items({"title": "t", "items": [["Rung 1", "a drill"], "junk", ["", ""]]})
    (('Rung 1', 'a drill'),)
    """
    raw = result.get("items") if isinstance(result, Mapping) else None
    if not isinstance(raw, (list, tuple)):
        return ()
    items = []
    for item in raw:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            continue
        label, text = _text(item[0], MAX_LABEL), _text(item[1])
        if text:
            items.append((label, text))
        if len(items) >= MAX_ITEMS:
            break
    return tuple(items)


def _brief_items(saved: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    items = result_items(saved.get("_result"))
    if items:
        return items
    brief = saved.get("_brief")
    if not isinstance(brief, Mapping):
        return ()
    out = tuple((BRIEF_LABELS.get(k, _text(k, MAX_LABEL)), _text(v)) for k, v in brief.items())
    return tuple((label, text) for label, text in out if text)[:MAX_ITEMS]


def _rewrite_items(saved: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Before, after and what changed, for every studio rewrite that passes the studio's check."""
    from widgets import voice  # deferred: the meter's cue lists take ~0.5 s to compile; a plan without rewrites never needs them
    from widgets.progress import passing_rewrites

    items = []
    for task, draft in passing_rewrites(saved)[:MAX_ITEMS // 3]:
        after = _text(draft)
        changed = voice.compare(task.post, after).summary
        if not same_subject(task.post, after).same:
            changed += " It reads like a different post, though: a rewrite keeps the subject and changes the voice."
        items += [(f"Before · {task.title}", task.post), ("After (mine)", after), ("What changed", changed)]
    return tuple(items)


def _current_result(slot_id: str, saved: Mapping[str, Any], data: Mapping[str, Any]) -> Any:
    """The section's result rebuilt from the learner's current work (the same work its progress rule judged).

    Saved ``_result`` copies can lag behind (a canvas that copied an old essence, a result saved
    before a rung was removed): each section is rebuilt from what the exercise holds now.
    """
    from widgets import progress

    if slot_id == "stage":
        from widgets.stage import assess, load_assessment, result_of

        spec = load_assessment()
        return result_of(spec, assess(spec, saved))
    if slot_id == "ladder":
        from widgets.ladder import ladder_result

        return ladder_result(progress.ladder_rungs(data))
    if slot_id == "canvas":
        from widgets.canvas import canvas_result, load_canvas

        return canvas_result(load_canvas(), progress.canvas_answers(data))
    if slot_id == "pillars":
        from widgets.canvas import pillars_result

        pillars = saved.get("pillars") if isinstance(saved.get("pillars"), list) else []
        traditions = saved.get("traditions") if isinstance(saved.get("traditions"), list) else []
        return pillars_result(pillars, traditions)
    if slot_id == "playbook":
        from widgets.playbook import playbook_result, steps_from_saved

        return playbook_result(steps_from_saved(saved.get("steps")))
    if slot_id == "rhythm":
        from widgets.rhythm import rhythm_result

        return rhythm_result(saved.get("plan"))
    return saved.get("_result")


def _section(slot, course: Course, saved: Mapping[str, Any], data: Mapping[str, Any]) -> PlanSection:
    """One section: the exercise's current work once its progress rule says done, else a gap saying how far it is."""
    from widgets.progress import status_of

    status = status_of(slot.exercise, data)
    items: tuple[tuple[str, str], ...] = ()
    if status.done:
        if slot.id == "brief":
            items = _brief_items({"_brief": saved.get("_brief")})
        elif slot.id == "rewrites":
            items = _rewrite_items(saved)
        else:
            items = result_items(_current_result(slot.id, saved, data))
    note = status.note if status.state == "started" and not items else ""
    title = next((e.title for lesson in course.lessons for e in lesson.exercises if e.id == slot.exercise), "")
    return PlanSection(slot.id, slot.title, slot.why, slot.exercise, course.lesson(slot.lesson), items, note, title)


def assemble(data: Mapping[str, Mapping[str, Any]], course: Course | None = None) -> Plan:
    """Build the plan from workbook data (``{exercise: {key: value}}``, see ``course.workbook_data``).

    >>> plan = assemble({})
    >>> plan.filled, len(plan.gaps) == len(plan.sections)
    (0, True)
    """
    course = course or load_course()
    data = data if isinstance(data, Mapping) else {}

    def saved(exercise: str) -> Mapping[str, Any]:
        value = data.get(exercise)
        return value if isinstance(value, Mapping) else {}

    sections = tuple(_section(slot, course, saved(slot.exercise), data) for slot in course.plan)
    listed = {slot.exercise for slot in course.plan} | {PLAN_EXERCISE}
    order = {e.id: i for i, e in enumerate(e for lesson in course.lessons for e in lesson.exercises)}
    extras = []
    from widgets.course import DoneRule
    from widgets.progress import status_of

    rules = {e.id: e.done for lesson in course.lessons for e in lesson.exercises}
    for exercise in sorted(set(data) - listed, key=lambda x: (order.get(x, len(order)), x)):
        if not status_of(exercise, data, fallback=rules.get(exercise, DoneRule("result"))).done:
            continue  # only finished work goes into the plan
        result = saved(exercise).get("_result")
        items = result_items(result)
        if not items:
            continue
        title = _text(result.get("title"), MAX_LABEL) or exercise
        extras.append(PlanSection(exercise, title, "", exercise, course.lesson_of(exercise), items))
    return Plan("Social Leadership Plan", sections, tuple(extras))


# --------------------------------------------------------------------------- HTML

# Page-level rules (standalone page only) and rules scoped to .sll-plan-doc, so the same
# styles serve the exported page and the preview inside a notebook without leaking.
_PAGE_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1f2328;
       background: #fff; margin: 0; }
main.sll-plan-doc { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
@media print { body { font-size: 11pt; } main.sll-plan-doc { max-width: none; padding: 0; } }
"""
_DOC_CSS = """
.sll-plan-doc { color: #1f2328; }
.sll-plan-doc h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
.sll-plan-doc h3 { font-size: 1.5rem; margin: 0 0 .25rem; }
.sll-plan-doc h2, .sll-plan-doc h4 { font-size: 1.3rem; margin: 0 0 .25rem; border-bottom: 2px solid #2d6a4f; padding-bottom: .2rem; }
.sll-plan-doc .meta, .sll-plan-doc .why { color: #4a5260; margin: 0 0 .75rem; }
.sll-plan-doc section { margin: 1.75rem 0; }
.sll-plan-doc dl { display: block; margin: 0; }
.sll-plan-doc dt { display: block; float: none; width: auto; font-weight: 600; margin: .6rem 0 0; }
.sll-plan-doc dd { display: block; float: none; width: auto; margin: .1rem 0 0; line-height: 1.5;
                   white-space: pre-wrap; overflow-wrap: anywhere; }
.sll-plan-doc p, .sll-plan-doc li { line-height: 1.5; }
.sll-plan-doc .gap { border: 2px dashed #8a5a00; border-radius: 8px; padding: .75rem 1rem; background: #fff8e6; }
.sll-plan-doc .gap p { margin: .25rem 0; color: #3d2a00; }
.sll-plan-doc .status { font-weight: 600; }
.sll-plan-doc a { color: #1d4f91; }
.sll-plan-doc nav ol { padding-left: 1.25rem; }
@media print {
  .sll-plan-doc nav { display: none; }
  .sll-plan-doc section { break-before: page; page-break-before: always; break-inside: avoid; }
  /* A gap is two lines: it follows the section before it instead of wasting a page. */
  .sll-plan-doc section:first-of-type, .sll-plan-doc section.empty { break-before: auto; page-break-before: auto; }
  .sll-plan-doc .gap { background: none; }
  .sll-plan-doc a { color: inherit; text-decoration: none; }
}
"""

# Defence in depth: even if a piece of text escaped escaping, this page runs no script and
# fetches nothing (no network, no fonts, no images from anywhere).
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _exercise_words(section: PlanSection) -> str:
    return f"the exercise “{section.exercise_title}”" if section.exercise_title else "its exercise"


def _gap_html(section: PlanSection) -> str:
    where = (f"<a href=\"{escape(section.link)}\">{escape(section.lesson.name)}</a>"
             if section.lesson else "its lesson")
    status = (f"<p class=\"status\">Started, not finished yet.</p><p>So far: {escape(section.note.rstrip('.'))}.</p>"
              if section.note else "<p class=\"status\">Not filled in yet.</p>")
    return (f"<div class=\"gap\">{status}"
            f"<p>Fill it in {where} ({escape(_exercise_words(section))}); "
            f"it appears here the next time you refresh or export your plan.</p></div>")


def _section_html(section: PlanSection, number: int, level: int = 2) -> str:
    why = f"<p class=\"why\">{escape(section.why)}</p>" if section.why else ""
    if section.present:
        rows = "".join(f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in section.items)
        body = f"<dl>{rows}</dl>"
    else:
        body = _gap_html(section)
    state = "" if section.present else " <span class=\"status\">(gap)</span>"
    kind = "filled" if section.present else "empty"
    return (f"<section class=\"{kind}\" id=\"{escape(section.id)}\" aria-labelledby=\"h-{escape(section.id)}\">"
            f"<h{level} id=\"h-{escape(section.id)}\">{number}. {escape(section.title)}{state}</h{level}>"
            f"{why}{body}</section>")


def _doc_html(plan: Plan, made_on: str, level: int = 1) -> str:
    all_sections = plan.sections + plan.extras
    toc = "".join(f"<li><a href=\"#{escape(s.id)}\">{escape(s.title)}</a>{'' if s.present else ' (gap)'}</li>"
                  for s in all_sections)
    body = "".join(_section_html(s, i, level + 1) for i, s in enumerate(all_sections, 1))
    when = f" on {escape(made_on)}" if made_on else ""
    summary = (f"{plan.filled} of {len(plan.sections)} sections filled"
               + (f"; {len(plan.gaps)} still to do, each with the lesson that fills it." if plan.gaps else "."))
    heading = f"h{level}"
    return (f"<header><{heading}>{escape(plan.title)}</{heading}><p class=\"meta\">Made{when} with Social "
            f"Leadership Lab. {escape(summary)}</p></header>"
            f"<nav aria-label=\"Plan contents\"><ol>{toc}</ol></nav>\n{body}\n")


def to_html(plan: Plan, made_on: str = "") -> str:
    """A standalone page: inline CSS, no script, no network; every piece of text escaped.

    >>> "<script" in to_html(assemble({"00.stage-assessment": {"_result": {"title": "x",
    ...     "items": [["Stage", "<script>alert(1)</script>"]]}}}))
    False
    """
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(plan.title)}</title><style>{_PAGE_CSS}{_DOC_CSS}</style></head>\n"
            f"<body><main class=\"sll-plan-doc\">{_doc_html(plan, made_on)}</main></body></html>\n")


def preview_html(plan: Plan, made_on: str = "") -> str:
    """The plan as a fragment for a notebook page (styles scoped to ``.sll-plan-doc``)."""
    return (f"<style>{_DOC_CSS}</style><article class=\"sll-plan-doc\" aria-label=\"Your plan\">"
            f"{_doc_html(plan, made_on, level=3)}</article>")


# --------------------------------------------------------------------------- Markdown

_MD_INLINE = re.compile(r"([\\`*_{}\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)(\d*)([-+*#>=.)])")


def md_escape(text: str) -> str:
    """Make text inert in Markdown: no links, images, HTML, emphasis or block markup survive.

    >>> md_escape("[x](javascript:alert(1)) <b>")
    '\\\\[x\\\\](javascript:alert(1)) &lt;b&gt;'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = []
    for line in text.split("\n"):
        line = _MD_INLINE.sub(r"\\\1", line)
        line = _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", line)
        lines.append(line)
    return "\n".join(lines)


def _md_inline(text: str) -> str:
    """Escape text that sits inside a line (never at its start), so a date stays "2026-12-02"."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_INLINE.sub(r"\\\1", " ".join(text.split()))


def _md_label(label: str) -> str:
    """A bold list label with one colon: "Why?" stays "Why?", "Focus:" does not become "Focus::".

    >>> _md_label("What do you ask?"), _md_label("Focus now:"), _md_label("Stage")
    ('**What do you ask?**', '**Focus now:**', '**Stage:**')
    """
    label = label.strip().rstrip(":").rstrip()
    end = "" if label[-1:] in ("?", "!", ".", "…") else ":"
    return f"**{md_escape(label)}{end}**"


def _md_block(text: str, indent: str = "  ") -> str:
    # Continuation lines stay inside the list item; a trailing backslash keeps each line break.
    return ("\\\n" + indent).join(md_escape(line) for line in text.split("\n"))


def to_markdown(plan: Plan, made_on: str = "") -> str:
    """The plan as Markdown, with learner text made inert (see ``md_escape``)."""
    when = f" on {_md_inline(made_on).rstrip('.')}" if made_on else ""
    out = [f"# {md_escape(plan.title)}", "",
           f"Made{when} with Social Leadership Lab. {plan.filled} of {len(plan.sections)} sections filled.", ""]
    for number, section in enumerate(plan.sections + plan.extras, 1):
        out += [f"## {number}. {md_escape(section.title)}{'' if section.present else ' (gap)'}", ""]
        if section.why:
            out += [f"*{md_escape(section.why)}*", ""]
        if section.present:
            out += [f"- {_md_label(label)} {_md_block(text)}" for label, text in section.items]
        else:
            lesson = (f"[{md_escape(section.lesson.name)}]({section.link})" if section.lesson else "its lesson")
            state = (f"Started, not finished yet ({md_escape(section.note.rstrip('.'))})." if section.note
                     else "Not filled in yet.")
            out.append(f"> {state} Fill it in {lesson} ({md_escape(_exercise_words(section))}).")
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- documents

FORMATS = {"html": to_html, "md": to_markdown}


def plan_document(workbook, fmt: str, made_on: str | None = None) -> tuple[str, Plan]:
    """The plan built from ``workbook`` as ``fmt`` ("html" or "md") text, and the plan itself."""
    from datetime import date

    from widgets.course import workbook_data

    plan = assemble(workbook_data(workbook))
    when = date.today().isoformat() if made_on is None else made_on
    return FORMATS[fmt](plan, when), plan


def export_json(doc) -> str:
    """An export document (``Workbook.export_data()``) as the JSON ``social-lab import`` reads.

    ASCII only, so any text survives the trip.
    """
    import json

    return json.dumps(doc, ensure_ascii=True, indent=2) + "\n"

"""The voice meter as HTML: one verdict on a scale, the moves that matter, every signal on request.

Pure functions over a ``voice.VoiceReport`` (no ipywidgets): ``head_html`` is what a learner sees at a
glance (the verdict in words with a marker on a bullhorn-to-walkie-talkie scale of equal stops, the
reasons in plain sentences, the two or three moves worth making, the draft with its triggers marked);
``signals_html`` is the full list behind "Show every signal", with each citation once. The view that
shows them is ``widgets.exercises.meter.VoiceMeter``. Learner text is escaped everywhere.
"""

from __future__ import annotations

from html import escape

from widgets.markup import LIGHT_RANK, highlight, light_badge
from widgets.voice import VERDICT_LABELS, VERDICT_SCALE

MOVES_SHOWN = 3  # "the two or three moves that matter most": more is a list, not advice
TRIGGERS_SHOWN = 3  # quoted words per move
# One stop per verdict, equally spaced; colours carry the same meaning as the words beside them and
# pass 4.5:1 with their text (WCAG AA).
STOP_STYLE = {
    "bullhorn": ("#ffd6d6", "#7a0000"),
    "mixed": ("#fff3bf", "#5c3c00"),
    "neutral": ("#eef1f4", "#2b2f33"),
    "walkie-talkie": ("#d8f3dc", "#1b4332"),
}
STOP_NAMES = {v: VERDICT_LABELS[v].split(":")[0] for v in VERDICT_SCALE}  # "Bullhorn", …, "Walkie-talkie"
STOP_GLOSS = {v: VERDICT_LABELS[v].split(": ", 1)[1] for v in VERDICT_SCALE}
# The component's own rules (the view sends them with the meter): the toggle sits at the left at its
# own width instead of stretching across the column.
METER_CSS = (".sll-meter>.sll-meter-toggle{align-self:flex-start;margin:2px 0 6px}"
             ".sll-meter .sll-meter-head,.sll-meter .sll-meter-all{max-width:720px}")


def marker_percent(verdict: str | None) -> float | None:
    """Where the marker sits on the scale, as a percentage from the bullhorn end (the middle of its stop).

    >>> [marker_percent(v) for v in ("bullhorn", "walkie-talkie", None)]
    [12.5, 87.5, None]
    """
    if verdict not in VERDICT_SCALE:
        return None
    return (VERDICT_SCALE.index(verdict) + 0.5) * 100 / len(VERDICT_SCALE)


def scale_html(verdict: str | None) -> str:
    """The scale: equal stops from bullhorn to walkie-talkie, each named, the current one marked.

    The marker is a triangle under the current stop, which is also outlined and bold; a screen reader
    hears the position in words (``aria-label``), never a colour.
    """
    at = marker_percent(verdict)
    where = (f"{STOP_NAMES[verdict]}: stop {VERDICT_SCALE.index(verdict) + 1} of {len(VERDICT_SCALE)}, "
             "from bullhorn to walkie-talkie" if at is not None else "no reading yet")
    stops = []
    for v in VERDICT_SCALE:
        bg, fg = STOP_STYLE[v]
        on = v == verdict
        ring = f"box-shadow:inset 0 0 0 2px {fg};font-weight:700" if on else "font-weight:400"
        stops.append(f"<span class='sll-meter-stop{' sll-meter-stop--on' if on else ''}' data-stop='{v}' "
                     f"style='flex:1 1 0;min-width:0;background:{bg};color:{fg};padding:4px 2px;text-align:center;"
                     f"font-size:0.85em;line-height:1.2;overflow-wrap:anywhere;{ring}'>{STOP_NAMES[v]}</span>")
    marker = ("" if at is None else
              f"<span class='sll-meter-marker' aria-hidden='true' data-at='{at:g}' style='position:absolute;"
              f"top:100%;left:{at:g}%;transform:translateX(-50%);line-height:1;font-size:1.1em;color:#1d2125;"
              f"transition:left 0.2s'>▲</span>")
    return (f"<div class='sll-meter-scale' role='img' aria-label='Voice meter: {escape(where)}' "
            f"style='position:relative;display:flex;gap:2px;border-radius:6px;overflow:visible;"
            f"margin:4px 0 16px;max-width:560px'>{''.join(stops)}{marker}</div>")


def _triggers(report, signal) -> str:
    words = list(dict.fromkeys(report.text[s:e].strip() for s, e in signal.spans if report.text[s:e].strip()))
    if not words:
        return ""
    shown = ", ".join(f"“{escape(w)}”" for w in words[:TRIGGERS_SHOWN])
    return f" <span style='color:#4a5260'>(here: {shown}{', …' if len(words) > TRIGGERS_SHOWN else ''})</span>"


def moves_html(report, n: int = MOVES_SHOWN) -> str:
    """The few moves worth making in this draft, worst first, each with the words that triggered it."""
    top = report.top_moves(n)
    if not top:
        return ("<p class='sll-meter-moves' data-moves='0' style='margin:4px 0'><strong>Nothing to change:"
                "</strong> every signal is fine.</p>")
    title = "To make it even better" if report.verdict == "walkie-talkie" else "What to change first"
    items = "".join(f"<li style='margin:2px 0'><strong>{escape(s.label)}:</strong> {escape(s.move)}"
                    f"{_triggers(report, s)}</li>" for s in top)
    return (f"<div class='sll-meter-moves' data-moves='{len(top)}' style='margin:4px 0'><strong>{title}</strong>"
            f"<ol style='margin:2px 0 0 20px;padding:0'>{items}</ol></div>")


def head_html(report, *, show_text: bool = True, lead: str = "", attrs: str = "") -> str:
    """What the meter shows at a glance: verdict in words, the scale, why, the moves, the marked draft.

    ``lead`` is markup (already escaped) shown first, e.g. another check's line; ``attrs`` extra
    attributes for the root. ``data-chars`` and ``data-verdict`` let browser tests and the benchmark
    see an update land.
    """
    verdict = report.verdict if report.status == "ok" else None
    root = (f"<div class='sll-meter-body' data-chars='{len(report.text)}' data-verdict='{verdict or 'none'}'"
            f"{' ' + attrs if attrs else ''} style='line-height:1.45;max-width:720px'>")
    if verdict is None:
        notes = " ".join(escape(n) for n in report.notes) or "Write or paste a post to see its voice."
        return (f"{root}{lead}<div class='sll-meter-verdict' role='status' style='margin:2px 0'>"
                f"<strong>No reading yet.</strong> {notes}</div>{scale_html(None)}</div>")
    bg, fg = STOP_STYLE[verdict]
    words = (f"<div class='sll-meter-verdict' role='status' style='font-size:1.15em;margin:2px 0'>"
             f"<strong style='background:{bg};color:{fg};padding:0 6px;border-radius:4px'>{STOP_NAMES[verdict]}"
             f"</strong> — {escape(STOP_GLOSS[verdict])}</div>")
    reasons = f"<p class='sll-meter-why' style='margin:2px 0 6px'>{' '.join(escape(r) for r in report.reasons)}</p>"
    marked = ""
    if show_text:
        spans = [(s, e, sig.light) for sig in report.signals if sig.light != "green" for s, e in sig.spans]
        marked = (f"<div class='sll-highlighted' aria-label='Your words, with what the meter noticed marked' "
                  f"style='border-left:3px solid #8a94a6;padding:4px 10px;margin:6px 0;overflow-wrap:anywhere'>"
                  f"{highlight(report.text, spans)}</div>")
    return f"{root}{lead}{words}{scale_html(verdict)}{reasons}{moves_html(report)}{marked}</div>"


def signals_html(report) -> str:
    """Every signal, worst first, with its light in words, why it matters and a move; then the research once."""
    if report.status != "ok":
        return "<p class='sll-meter-signals' style='margin:4px 0'>No signals until there is a post to read.</p>"
    rows = []
    for sig in sorted(report.signals, key=lambda s: -LIGHT_RANK[s.light]):
        move = "" if sig.light == "green" else f"<br><em>Try:</em> {escape(sig.move)}"
        rows.append(f"<li style='margin:6px 0'>{light_badge(sig.light)} <strong>{escape(sig.label)}</strong>"
                    f" — {escape(sig.why)}{move}</li>")
    sources = ""
    if report.citations:
        cited = "".join(f"<li>{escape(c)}</li>" for c in dict.fromkeys(report.citations))
        sources = (f"<div class='sll-meter-sources' style='font-size:0.9em;color:#4a5260'><strong>Behind these "
                   f"signals</strong><ul style='margin:2px 0 0 18px;padding:0'>{cited}</ul></div>")
    return (f"<div class='sll-meter-signals' style='line-height:1.45;max-width:720px'>"
            f"<ul style='list-style:none;padding:0;margin:4px 0'>{''.join(rows)}"
            f"</ul>{sources}</div>")


def meter_html(report, *, show_text: bool = True) -> str:
    """The whole meter as one fragment, every signal behind a ``<details>`` (for static pages and exports)."""
    return (f"{head_html(report, show_text=show_text)}<details class='sll-meter-more'>"
            f"<summary>Show every signal</summary>{signals_html(report)}</details>")

"""HTML for reports and feedback: every piece of learner or content text is escaped here."""

from __future__ import annotations

from html import escape

from widgets.feedback import Feedback

# Colours chosen for at least 4.5:1 contrast with the text on them (WCAG AA).
LIGHT_STYLE = {
    "green": ("#d8f3dc", "#1b4332", "fine"),
    "amber": ("#fff3bf", "#5c3c00", "worth a look"),
    "red": ("#ffd6d6", "#7a0000", "needs work"),
}
LIGHT_RANK = {"green": 0, "amber": 1, "red": 2}
STATUS_STYLE = {
    "correct": ("#d8f3dc", "#1b4332", "✓"),
    "partial": ("#fff3bf", "#5c3c00", "◐"),
    "incorrect": ("#ffd6d6", "#7a0000", "✗"),
    "empty": ("#eef1f4", "#2b2f33", "…"),
    "invalid": ("#eef1f4", "#2b2f33", "!"),
}


def feedback_html(feedback: Feedback) -> str:
    """A feedback box: status symbol and headline, then the reasons, all escaped.

    >>> "&lt;b&gt;" in feedback_html(Feedback("incorrect", "<b>no</b>"))
    True
    """
    bg, fg, symbol = STATUS_STYLE[feedback.status]
    items = "".join(f"<li>{escape(d)}</li>" for d in feedback.details)
    details = f"<ul style='margin:4px 0 0 18px;padding:0'>{items}</ul>" if items else ""
    return (f"<div class='sll-feedback-body' data-status='{feedback.status}' role='status' "
            f"style='background:{bg};color:{fg};padding:8px 12px;border-radius:6px;line-height:1.45'>"
            f"<strong><span aria-hidden='true'>{symbol}</span> {escape(feedback.message)}</strong>{details}</div>")


def highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escape ``text`` and wrap each span in a <mark> coloured by its light (worst light wins).

    >>> highlight("<b>BUY</b> now", [(3, 6, "red")]).startswith("&lt;b&gt;<mark class='sll-mark-red'")
    True
    """
    n = len(text)
    level = [-1] * (n + 1)
    for start, end, light in spans:
        rank = LIGHT_RANK.get(light, 0)
        for i in range(max(0, start), min(n, end)):
            if rank > level[i]:
                level[i] = rank
    names = {v: k for k, v in LIGHT_RANK.items()}
    out, i = [], 0
    while i < n:
        j = i
        while j < n and level[j] == level[i]:
            j += 1
        piece = escape(text[i:j])
        if level[i] < 0:
            out.append(piece)
        else:
            light = names[level[i]]
            bg, fg, word = LIGHT_STYLE[light]
            out.append(f"<mark class='sll-mark-{light}' title='{word}' "
                       f"style='background:{bg};color:{fg};padding:0 1px;border-radius:3px'>{piece}</mark>")
        i = j
    return "".join(out).replace("\n", "<br>")


def light_badge(light: str) -> str:
    """A coloured badge that also names the light in words (never colour alone)."""
    bg, fg, word = LIGHT_STYLE[light]
    return (f"<span style='background:{bg};color:{fg};border-radius:10px;padding:0 8px;"
            f"font-size:0.85em;white-space:nowrap'>{escape(light)}: {word}</span>")


def card_html(author: str, handle: str, meta: str, text: str) -> str:
    """A timeline card for a post (everything escaped)."""
    return (f"<article class='sll-card' style='border:1px solid #c9ced6;border-radius:8px;padding:10px 14px;"
            f"max-width:640px;background:#fff;color:#1d2125'>"
            f"<div><strong>{escape(author)}</strong> <span style='color:#4a5260'>{escape(handle)} · "
            f"{escape(meta)}</span></div>"
            f"<p style='margin:6px 0 0 0;overflow-wrap:anywhere'>{escape(text)}</p></article>")

"""The voice meter: reads a post and explains whether it sounds like a bullhorn or a walkie-talkie.

``analyze(text)`` returns a ``VoiceReport``: one verdict, the reasons for it in plain sentences, and
every signal (``SIGNAL_NAMES``) with a light, the exact character spans that triggered it, why it
matters and a move to try. ``report.top_moves(n)`` gives the signals most worth changing in this
draft, worst first; ``report.citations`` the research behind the signals the reasons name, each once.

The verdict is one of ``VERDICT_SCALE``, ordered for a gauge from bullhorn to walkie-talkie:

- ``"bullhorn"``: it broadcasts (self-promotion, a hard sell, bait, or noise) and nothing outweighs it;
- ``"mixed"``: a real conversation (help, a question) with a pitch or noise pulling against it;
- ``"neutral"``: no evidence either way, such as a two-word reply or a greeting ("Thanks!"); the
  reasons say whether it is too short to judge or simply pulls neither way;
- ``"walkie-talkie"``: it talks with people: it helps, asks, or shares a story, a feeling or a thanks.

A teaching tool that reads habits in English; it does not predict engagement. Pure Python with its
cue lists in ``datasets/voice/`` (see ``rules.load_rules``), no ipywidgets, nothing downloaded.
"""

from __future__ import annotations

from .compare import compare
from .reading import analyze, load_soon
from .report import (CITATIONS, LIGHT_LEVEL, LIGHT_ORDER, MAX_CHARS, SIGNAL_LABELS, SIGNAL_NAMES, SIGNAL_ROLES,
                     VERDICT_LABELS, VERDICT_LEVEL, VERDICT_SCALE, Change, Comparison, Signal, VoiceReport)

__all__ = [
    "CITATIONS", "LIGHT_LEVEL", "LIGHT_ORDER", "MAX_CHARS", "SIGNAL_LABELS", "SIGNAL_NAMES", "SIGNAL_ROLES",
    "VERDICT_LABELS", "VERDICT_LEVEL", "VERDICT_SCALE",
    "Change", "Comparison", "Signal", "VoiceReport", "analyze", "compare", "load_soon",
]

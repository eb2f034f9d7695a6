"""The voice meter: reads a post and explains whether it sounds like a bullhorn or a walkie-talkie."""

from __future__ import annotations

from .compare import compare
from .reading import analyze
from .report import (LIGHT_LEVEL, LIGHT_ORDER, MAX_CHARS, SIGNAL_LABELS, SIGNAL_NAMES, Change, Comparison, Signal,
                     VoiceReport)

__all__ = [
    "LIGHT_LEVEL", "LIGHT_ORDER", "MAX_CHARS", "SIGNAL_LABELS", "SIGNAL_NAMES",
    "Change", "Comparison", "Signal", "VoiceReport", "analyze", "compare",
]

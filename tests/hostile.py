"""Hostile learner text for view tests: markup, a 50,000-character paste, control characters,
right-to-left script and joined emoji (each must be escaped, measured and kept, never run)."""

import pytest

HOSTILE_POSTS = [
    pytest.param("<script>alert(1)</script> buy now", id="script-tag"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("x" * 50_000, id="huge-paste"),
    pytest.param("\x00\x1b[31m red \x07", id="control-chars"),
    pytest.param("مرحبا بكم في المتجر الجديد", id="right-to-left"),
    pytest.param("👩‍👩‍👧‍👦🎉🎉🎉", id="emoji-zwj"),
]

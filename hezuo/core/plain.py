"""Text as people type it, without the characters that only change how it is shown: the
bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, the
left-to-right, right-to-left and Arabic letter marks). In a name they make a reader see
something other than what is stored — "exe.txt" shown as "txt.exe" — so every name and text
a person enters (forms, the API, imports, upload names) is kept without them."""

from __future__ import annotations

import re

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """``text`` without bidirectional controls."""
    return BIDI_CONTROLS.sub("", text)

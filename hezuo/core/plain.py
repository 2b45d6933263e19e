"""Text as people type it, without the characters that only change how it is shown: the
bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, the
left-to-right, right-to-left and Arabic letter marks). In a name they make a reader see
something other than what is stored — "exe.txt" shown as "txt.exe" — so every name and text
a person enters (forms, the API, imports, upload names) is kept without them."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """``text`` without bidirectional controls."""
    return BIDI_CONTROLS.sub("", text)


# What no database can store in text: NUL (PostgreSQL refuses it) and the halves of a UTF-16
# surrogate pair standing alone (JSON's "\ud800" decodes to one, which UTF-8 cannot encode).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(value: object) -> bool:
    """Whether ``value`` — text, or lists and mappings of it, as a request's body or query
    gives them — holds a character no database can store."""
    if isinstance(value, str):
        return UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(unstorable(key) or unstorable(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(unstorable(item) for item in value)
    return False


def unstorable_message() -> str:
    return _("请求中含有无法保存的字符（NUL 或单独的 UTF-16 代理项）：请删除后再提交。")

"""English is complete: every message in the code has an English translation with no Chinese
left in it, and the compiled catalogue is what Django serves."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from hezuo.partners.models import Partner

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (the header entry left out)."""
    entries: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    current: list[str] | None = None

    def flush() -> None:
        if msgid and _unquote(msgid):
            entries[_unquote(msgid)] = _unquote(msgstr)

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            flush()
            msgid, msgstr, current = [line[6:]], [], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [line[7:]]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(line)
    flush()
    return entries


def source_messages() -> set[str]:
    """Every literal passed to a gettext function in hezuo/ and config/."""
    found: set[str] = set()
    for folder in ("hezuo", "config"):
        for path in (ROOT / folder).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in GETTEXT_NAMES
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.add(node.args[0].value)
    return found


CATALOGUE = read_po(PO_FILE)


def test_every_message_in_the_code_is_in_the_catalogue() -> None:
    messages = source_messages()
    assert "合作方" in messages  # the scan finds the code's messages
    missing = sorted(messages - set(CATALOGUE))
    assert not missing, f"run makemessages and translate: {missing[:10]}"


@pytest.mark.parametrize("msgid", sorted(CATALOGUE))
def test_the_english_translation_is_complete(msgid: str) -> None:
    msgstr = CATALOGUE[msgid]
    assert msgstr, "untranslated"
    assert not CHINESE.search(msgstr), f"Chinese left in {msgstr!r}"
    assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid))


def test_django_serves_the_compiled_english() -> None:
    with translation.override("en"):
        assert str(Partner._meta.verbose_name) == "Partner"
    with translation.override("zh-hans"):
        assert str(Partner._meta.verbose_name) == "合作方"


def test_no_translation_is_a_fuzzy_guess() -> None:
    # makemessages marks near matches "fuzzy"; Django serves none of them, so each is a gap.
    assert "#, fuzzy" not in PO_FILE.read_text(encoding="utf-8")

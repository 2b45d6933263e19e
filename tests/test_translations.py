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
    """msgid → msgstr of a .po file (the header left out). A plural entry gives its singular
    msgid, and its translations joined by "|" so each must be complete."""
    entries: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None

    def flush() -> None:
        msgid = _unquote(parts.get("msgid", []))
        if msgid:
            forms = [key for key in parts if key.startswith("msgstr")]
            entries[msgid] = "|".join(_unquote(parts[key]) for key in sorted(forms))

    for line in path.read_text(encoding="utf-8").splitlines():
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid":
            flush()
            parts = {}
        if keyword in {"msgid", "msgid_plural"} or keyword.startswith("msgstr"):
            current = parts[keyword] = [rest]
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
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in GETTEXT_NAMES
                ):
                    continue
                # pgettext(context, message): the message is the second argument
                index = 1 if node.func.id.startswith("pgettext") else 0
                message = node.args[index] if len(node.args) > index else None
                if isinstance(message, ast.Constant):
                    found.add(str(message.value))
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
    assert all(msgstr.split("|")), "untranslated"
    assert not CHINESE.search(msgstr), f"Chinese left in {msgstr!r}"
    for form in msgstr.split("|"):
        assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(msgid))


def test_django_serves_the_compiled_english() -> None:
    with translation.override("en"):
        assert str(Partner._meta.verbose_name) == "Partner"
    with translation.override("zh-hans"):
        assert str(Partner._meta.verbose_name) == "合作方"


def test_no_translation_is_a_fuzzy_guess() -> None:
    # makemessages marks near matches "fuzzy"; Django serves none of them, so each is a gap.
    assert "#, fuzzy" not in PO_FILE.read_text(encoding="utf-8")

"""English is complete: every message in the code and the templates has an English
translation with no Chinese left in it, and the compiled catalogue is what Django serves."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType
from django.utils import translation
from django.utils.translation.template import templatize

from hezuo.partners.models import Partner

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
}
# What Django's templatize makes of {% translate %} and {% blocktranslate %} (as for makemessages).
TEMPLATE_CALL = re.compile(
    r"\b(gettext|ngettext|pgettext|npgettext)\((u'(?:[^'\\]|\\.)*'(?:, u'(?:[^'\\]|\\.)*')*)"
)


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


def template_messages() -> dict[str, Path]:
    """Every message of a {% translate %} or {% blocktranslate %} in hezuo's templates, with
    a template it is in."""
    found: dict[str, Path] = {}
    for path in sorted((ROOT / "hezuo").rglob("templates/**/*.html")):
        source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for name, arguments in TEMPLATE_CALL.findall(source):
            values = ast.literal_eval(f"({arguments},)")
            message = values[1] if name.startswith(("pgettext", "npgettext")) else values[0]
            found.setdefault(message, path.relative_to(ROOT))
    return found


OPENING, CLOSING = {"blocktranslate", "comment"}, {"endblocktranslate", "endcomment"}


def untranslated_template_text() -> list[tuple[str, int, str]]:
    """(template, line, text) of Chinese written in a template outside {% translate %} and
    {% blocktranslate %}: English pages would show it as it is."""
    found: list[tuple[str, int, str]] = []
    for path in sorted((ROOT / "hezuo").rglob("templates/**/*.html")):
        depth = 0
        for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
            word = token.contents.split()[0] if token.contents.split() else ""
            if token.token_type == TokenType.BLOCK and word in OPENING:
                depth += 1
            elif token.token_type == TokenType.BLOCK and word in CLOSING:
                depth -= 1
            elif token.token_type == TokenType.TEXT and not depth:
                for text in re.findall(f"{CHINESE.pattern}+", token.contents):
                    found.append((str(path.relative_to(ROOT)), token.lineno or 0, text))
    return found


CATALOGUE = read_po(PO_FILE)


def test_every_message_in_the_code_is_in_the_catalogue() -> None:
    messages = source_messages()
    assert "合作方" in messages  # the scan finds the code's messages
    missing = sorted(messages - set(CATALOGUE))
    assert not missing, f"run makemessages and translate: {missing[:10]}"


def test_every_message_in_the_templates_is_in_the_catalogue() -> None:
    messages = template_messages()
    # The scan finds plain, plural and contextual messages.
    assert {"工作台", "%(year)s 年（%(count)s 项）", "合作方"} <= set(messages)
    missing = {message: str(path) for message, path in messages.items() if message not in CATALOGUE}
    assert not missing, f"run makemessages and translate: {missing}"


def test_no_template_writes_chinese_outside_a_translation() -> None:
    # The language switch names Chinese in Chinese; the bare 500 page, drawn when nothing
    # else may work, says everything in both languages.
    allowed = {("hezuo/web/templates/web/base.html", "中文")}
    found = [
        (path, line, text)
        for path, line, text in untranslated_template_text()
        if (path, text) not in allowed and not path.endswith("templates/500.html")
    ]
    assert not found, found


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

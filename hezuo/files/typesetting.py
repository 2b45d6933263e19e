"""Generated pages: a typst template filled with JSON data, set in the Noto CJK fonts.

Templates are files shipped beside the code that read their data from ``sys.inputs.data``.
Fonts come from HEZUO_FONT_DIRS (Debian's fonts-noto-cjk by default, installed by
scripts/setup.sh); the machine's other fonts are ignored, so a document looks the same on every
machine and never falls back to a font without Chinese."""

from __future__ import annotations

import functools
import json
import threading
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from django.utils.translation import gettext as _

REQUIRED_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")


class TypesettingError(Exception):
    """A document could not be set; the message says why."""


def font_dirs() -> list[str]:
    return [str(path) for path in getattr(settings, "HEZUO_FONT_DIRS", [])]


@functools.cache
def _fonts(dirs: tuple[str, ...]) -> typst.Fonts:
    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=list(dirs)
    )
    missing = [family for family in REQUIRED_FAMILIES if family not in fonts.families()]
    if missing:
        raise TypesettingError(
            _("找不到生成文档所需的字体 %(fonts)s（请安装 fonts-noto-cjk）。")
            % {"fonts": "、".join(missing)}
        )
    return fonts


def _compiler(template: Path, data: dict[str, Any]) -> typst.Compiler:
    return typst.Compiler(
        input=template,
        root=template.parent,
        font_paths=_fonts(tuple(font_dirs())),
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )


def render_pdf(template: Path, data: dict[str, Any]) -> bytes:
    """The PDF of ``template`` filled with ``data``."""
    return render_pdf_with_anchors(template, data, anchors=None)[0]


def render_pdf_with_anchors(
    template: Path, data: dict[str, Any], *, anchors: str | None = "<anchor>"
) -> tuple[bytes, list[Any]]:
    """The PDF, and the values of the metadata elements labelled ``anchors`` (a template marks
    where its parts land this way, for a caller that builds the PDF's outline)."""
    compiler = _compiler(template, data)
    try:
        pdf = compiler.compile(format="pdf", timestamp=0)
        found = json.loads(compiler.query(anchors, field="value")) if anchors else []
    except typst.TypstError as error:
        raise TypesettingError(error.message) from error
    finally:
        _forget()
    if not isinstance(pdf, bytes):  # pragma: no cover - one PDF is always one bytes object
        raise TypesettingError("typst returned no PDF")
    return pdf, found


# typst keeps what it computed for a document (its layout, its shaped text …) until ten later
# compilations have not used it: typst-py ages its cache by one after each compilation. A process
# that sets a large document (a binder's contents of 1,000 entries holds about 80 MB) keeps up to
# ten of them (1 GB, measured in a worker that compiled sixteen binders). Ten compilations of an
# empty document after each document, a tenth of a millisecond each, age out what only that
# document used and keep what every document shares (typst's library, the fonts read).
CACHE_AGE = 10
_EMPTY = Path(__file__).with_name("resources") / "empty.typ"
_ageing = threading.Lock()


@functools.cache
def _empty_compiler() -> typst.Compiler:
    return typst.Compiler(input=_EMPTY, root=_EMPTY.parent, ignore_system_fonts=True)


def _forget() -> None:
    with _ageing:  # one compiler: typst-py lets one thread use it at a time
        compiler = _empty_compiler()
        for _age in range(CACHE_AGE):
            compiler.compile(format="pdf", timestamp=0)

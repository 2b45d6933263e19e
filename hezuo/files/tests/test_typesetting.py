"""Generated pages are set in the Noto CJK fonts: the PDF embeds them, and without them the
message says which fonts to install."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from hezuo.files.typesetting import TypesettingError, render_pdf

TEMPLATE = Path(__file__).resolve().parents[2] / "binders" / "resources" / "placeholder.typ"


def test_chinese_is_set_in_embedded_noto_cjk(tmp_path: Path) -> None:
    data = render_pdf(TEMPLATE, {"heading": "此处材料未能编入", "rows": [["原因", "文件已加密"]]})
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    with pikepdf.open(path) as pdf:
        fonts = {
            str(font.get("/BaseFont"))
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
        embedded = [
            any(
                key in descendant.FontDescriptor
                for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            for page in pdf.pages
            for font in page.Resources.Font.values()
            for descendant in font.get("/DescendantFonts", [])
        ]
    assert any("NotoSerifCJK" in name for name in fonts), fonts
    assert any("NotoSansCJK" in name for name in fonts), fonts
    assert embedded and all(embedded)


def test_missing_fonts_are_named(settings: object, tmp_path: Path) -> None:
    settings.HEZUO_FONT_DIRS = [str(tmp_path)]  # type: ignore[attr-defined]
    with pytest.raises(TypesettingError, match="Noto Serif CJK SC"):
        render_pdf(TEMPLATE, {"heading": "x", "rows": []})

"""Generated pages are set in the Noto CJK fonts: the PDF embeds them, and without them the
message says which fonts to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from hezuo.files.conversion import FONTCONFIG_FILE
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


@pytest.mark.parametrize(
    ("named", "taken"),
    [
        ("仿宋_GB2312", "Noto Serif CJK SC:style=Regular"),
        ("黑体", "Noto Sans CJK SC:style=Regular"),
        # 小标宋, the 公文 title's heavy Song: the bold serif is nearer than the regular one.
        ("方正小标宋简体", "Noto Serif CJK SC:style=Bold"),
    ],
)
def test_office_documents_fonts_are_taken_from_noto_cjk(named: str, taken: str) -> None:
    """What LibreOffice gets from fontconfig, as hezuo's conversion runs it, for the fonts
    Chinese Office documents name but a server lacks."""
    found = subprocess.run(
        ["fc-match", "--format=%{family[0]}:style=%{style[0]}", named],
        env={**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG_FILE)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout == taken


RENDERS = """
import sys
import django
django.setup()
from pathlib import Path
from hezuo.files.typesetting import render_pdf

def resident():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))

sizes = [resident()]
for number in range(8):
    rows = [[f"第 {number} 份 {row}", f"佐证材料说明 {row} " * 4] for row in range(1500)]
    render_pdf(Path(sys.argv[1]), {"heading": f"第 {number} 份", "rows": rows})
    sizes.append(resident())
print(*sizes)
"""


def test_a_process_setting_many_documents_does_not_keep_each_in_memory() -> None:
    """What typst computed for a document is let go once it is set: without that, a worker
    keeps the last ten documents' layouts (about 36 MB each for this one)."""
    done = subprocess.run(
        [sys.executable, "-c", RENDERS, str(TEMPLATE)],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    before, first, second, *_rest, last = (int(size) for size in done.stdout.split())
    # The first document reads the fonts and sets typst up; later ones must not add up.
    assert last - second < (first - before) / 2, done.stdout

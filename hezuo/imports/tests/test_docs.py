"""docs/imports.md says, for every kind of import, its sheets and what makes two rows the same
record, as the code has them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from hezuo.imports.kinds import IMPORTERS

DOCS = Path(__file__).resolve().parents[3] / "docs" / "imports.md"


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_docs_give_each_kinds_sheets_and_natural_key(kind: str) -> None:
    importer = IMPORTERS[kind]
    [line] = [line for line in DOCS.read_text().splitlines() if line.startswith(f"| `{kind}` ")]
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    with translation.override("zh-hans"):
        sheets = ", ".join(str(sheet.title) for sheet in importer.sheets)
        main = importer.sheets[0]
        key = ", ".join(main.column(name).heading(main.model).rstrip("*") for name in main.key)
        assert cells[0] == f"`{kind}` {importer.label}"
    assert cells[1] == sheets
    assert cells[2] == key

"""The documentation lists every placeholder a template may use."""

from __future__ import annotations

from pathlib import Path

import pytest

from hezuo.reports.kinds import ReportKind
from hezuo.reports.templates import placeholders

DOCS = Path(__file__).resolve().parents[3] / "docs" / "reports.md"


@pytest.mark.parametrize("kind", list(ReportKind))
def test_docs_list_every_placeholder_of_each_report(kind: ReportKind) -> None:
    text = DOCS.read_text()
    section = text.split(f"(`{kind.value}`)", 1)[1].split("**", 1)[0]
    for name in placeholders(kind):
        assert f"| `{name}` |" in section, name

"""Small documents and readers for the report tests."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx

from hezuo.reports.document import (
    Document,
    Entries,
    Heading,
    Notes,
    Paragraph,
    Section,
    Source,
    Table,
)


def sample_document(*, date: str = "2026年11月", days: str = "570") -> Document:
    """A two-section document with a figure, an estimate, a table and evidence."""
    notes = Notes()
    counted = notes.figure(
        days,
        unit="人日",
        what="学生境外交流培训（人日）",
        sources=(
            Source(
                kind="交流活动",
                title="台湾朝阳科技大学线上研习营",
                detail="在校生 30 人 × 10 天 = 300 人日",
                url="http://hezuo.example/s/x/activities/1/",
                evidence=("3.4.1.2.1",),
            ),
        ),
    )
    estimate = notes.figure(
        "3125",
        unit="人日",
        label="估算口径，未计入统计",
        what="国（境）外人员学习量（估算）",
        sources=(Source(kind="交流活动", title="外教视频", detail="25000 人 × 1 课时 ÷ 8"),),
    )
    return Document(
        kind="annual",
        title="2021年合作办学情况报告",
        school="示例职业技术学院",
        period="2021年度",
        date=date,
        sections=(
            Section(
                "programmes",
                "一、合作办学",
                (Paragraph(("学生境外交流培训", counted, "。")), Heading("小结", 2)),
            ),
            Section(
                "exchanges",
                "二、国际交流合作",
                (
                    Table(
                        headers=("指标", "数值", "估算"),
                        rows=(("学生境外交流培训", counted, estimate),),
                        title="主要数据",
                    ),
                    Entries((("3.4.1.1", "中外合作办学项目批准书"),)),
                ),
            ),
        ),
        notes=tuple(notes.notes),
    )


def docx_text(data: bytes | Path) -> str:
    """Every paragraph and table cell of a DOCX, as python-docx reads it (a row's cells
    apart by tabs)."""
    source = io.BytesIO(data) if isinstance(data, bytes) else io.BytesIO(data.read_bytes())
    document = docx.Document(source)
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    for section in document.sections:
        lines.extend(paragraph.text for paragraph in section.footer.paragraphs)
    return "\n".join(lines)


def squeeze(text: str) -> str:
    """Text without the spaces and line breaks a PDF's layout puts between Chinese characters."""
    return re.sub(r"\s+", "", text)

"""The `hezuo` command."""

from __future__ import annotations

from io import StringIO

import pytest

from hezuo.cli import main


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "hezuo demo" in out and "hezuo manage" in out


@pytest.mark.django_db
def test_an_unknown_command_fails_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["no_such_command"])
    assert caught.value.code != 0
    assert "no_such_command" in capsys.readouterr().err


# Committed tests start from an empty database: these load the demo themselves.
@pytest.mark.django_db(transaction=True)
def test_load_demo_runs_as_a_domain_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load_demo"]) == 0
    out = capsys.readouterr().out
    assert "已载入演示学校：中山火炬职业技术学院、深圳市龙岗职业技术学校" in out
    assert "torch-admin" in out


@pytest.mark.django_db(transaction=True)
def test_the_demo_gives_each_evidence_item_its_document() -> None:
    from django.core.management import call_command

    from hezuo.evidence.models import Evidence
    from hezuo.files.models import Processing

    call_command("load_demo", stdout=StringIO())
    items = Evidence.objects.all()
    assert items.count() > 20
    assert all(item.file_links.count() == 1 for item in items), "each item has its document"
    stored = items.first().file_links.get().stored_file  # type: ignore[union-attr]
    assert stored.original_name.endswith(".docx") and stored.processing == Processing.PENDING

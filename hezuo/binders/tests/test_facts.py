"""Each evidence PDF's pages are measured once — when the file is processed, or by the first
binder that needs them — and kept; later binders read what was kept."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from hezuo.accounts.access import system_access
from hezuo.binders import facts, frame, problems
from hezuo.binders.compiling import BinderOptions, compile_binder
from hezuo.binders.layout import FileSpec, Item
from hezuo.binders.problems import Problem
from hezuo.binders.tests.plans import plan_of
from hezuo.binders.tests.test_frame import content_pdf
from hezuo.files.services import stored_file_process, stored_file_save
from hezuo.files.storage import blob_put
from tests import samples
from tests.personas import Personas

CROWDED = content_pdf(b"BT /F1 40 Tf 200 20 Td (FOOT) Tj ET")


def kept(data: bytes) -> Path:
    sha256 = hashlib.sha256(data).hexdigest()
    return Path(settings.HEZUO_CACHE_DIR) / "page-facts" / f"v{facts.VERSION}" / sha256[:2] / sha256


def test_a_binder_measures_what_was_not_kept_and_the_next_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sha256 = hashlib.sha256(CROWDED).hexdigest()
    blob_put(f"blobs/test/{sha256}", CROWDED)
    plan = plan_of([Item("9.2.1", "落款在页脚", (FileSpec("a.pdf", f"blobs/test/{sha256}"),))])
    first = compile_binder(plan, BinderOptions(), tmp_path / "first.pdf")
    assert kept(CROWDED).exists()

    def never(path: Path) -> tuple[bool, ...]:
        raise AssertionError("measured again")

    monkeypatch.setattr(frame, "measure", never)
    second = compile_binder(plan, BinderOptions(), tmp_path / "second.pdf")
    assert second.warnings == first.warnings and len(first.warnings) == 1  # page 1 scaled


@pytest.mark.django_db
def test_processing_a_file_measures_its_pages_for_binders(personas: Personas) -> None:
    access = system_access(school=personas.alpha)
    data = samples.pdf("PROCESSED", pages=2)
    stored = stored_file_save(access=access, name="processed.pdf", data=data)
    assert not kept(data).exists()
    stored_file_process(stored_file=stored)
    assert kept(data).exists()
    assert facts.page_facts(Path("/nonexistent"), stored.sha256) == facts.PageFacts(
        2, None, (False, False), ()
    )


def test_a_file_that_cannot_be_used_is_kept_as_such_and_a_missing_one_is_not(
    tmp_path: Path,
) -> None:
    encrypted = tmp_path / "encrypted.pdf"
    encrypted.write_bytes(samples.pdf("LOCKED", password="secret"))
    sha256 = hashlib.sha256(encrypted.read_bytes()).hexdigest()
    found = facts.page_facts(encrypted, sha256)
    assert found == facts.PageFacts(0, Problem(problems.ENCRYPTED), (), ())
    assert facts.page_facts(Path("/nonexistent"), sha256) == found, "read from what was kept"
    missing = facts.page_facts(tmp_path / "gone.pdf", "0" * 64)
    assert missing.problem == Problem(problems.MISSING)
    # Nothing is kept for the missing file (the encrypted one's entry may share its folder).
    folder = Path(settings.HEZUO_CACHE_DIR) / "page-facts" / f"v{facts.VERSION}" / "00"
    assert not (folder / ("0" * 64)).exists()


def test_a_kept_measurement_that_cannot_be_read_is_measured_again(tmp_path: Path) -> None:
    path = tmp_path / "crowded.pdf"
    path.write_bytes(CROWDED)
    sha256 = hashlib.sha256(CROWDED).hexdigest()
    kept(CROWDED).parent.mkdir(parents=True)
    kept(CROWDED).write_text('{"pages": 3, "problem": null, "occupied": [false]}')
    assert facts.page_facts(path, sha256) == facts.PageFacts(1, None, (True,), ())

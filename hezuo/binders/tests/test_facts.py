"""Each evidence PDF's pages are measured once — when the file is processed, or by the first
binder that needs them — and kept; later binders read what was kept."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from hezuo.accounts.access import system_access
from hezuo.binders import facts, frame
from hezuo.binders.compiling import BinderOptions, compile_binder
from hezuo.binders.layout import FileSpec, Item
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
    assert facts.page_facts(Path("/nonexistent"), stored.sha256, 2) == facts.PageFacts(
        (False, False), ()
    )


def test_a_kept_measurement_of_another_page_count_is_measured_again(tmp_path: Path) -> None:
    path = tmp_path / "crowded.pdf"
    path.write_bytes(CROWDED)
    sha256 = hashlib.sha256(CROWDED).hexdigest()
    facts._write(sha256, facts.PageFacts((False, False, False), ()))
    assert facts.page_facts(path, sha256, 1) == facts.PageFacts((True,), ())

"""A file removed from its evidence is no longer anyone's but its uploader's; the office admin
sees it among the files nothing uses and may delete it for good (audited): its row goes, its
bytes leave the store unless another school holds the same bytes, and it is served no more."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hezuo.accounts.access import system_access
from hezuo.core.errors import AccessDenied, HezuoError, NotFound
from hezuo.core.models import AuditAction, AuditEvent
from hezuo.evidence.services import evidence_file_attach, evidence_file_detach
from hezuo.files.models import StoredFile
from hezuo.files.selectors import unused_files
from hezuo.files.services import stored_file_purge, stored_file_save
from hezuo.files.storage import blob_exists
from tests import samples
from tests.personas import Personas
from tests.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def _removed(world: World, content: bytes, name: str = "旧方案.pdf") -> StoredFile:
    stored = stored_file_save(access=world.access, name=name, data=content)
    link = evidence_file_attach(access=world.access, evidence=world.evidence, stored_file=stored)
    evidence_file_detach(access=world.access, link=link)
    return stored


def test_only_files_nothing_uses_are_listed(personas: Personas, world: World) -> None:
    removed = _removed(world, samples.pdf("removed"))
    kept = stored_file_save(access=world.access, name="在用.pdf", data=samples.pdf("kept"))
    evidence_file_attach(access=world.access, evidence=world.evidence, stored_file=kept)
    admin = personas.access(personas.alice)
    listed = set(unused_files(access=admin).values_list("pk", flat=True))
    assert removed.pk in listed and kept.pk not in listed
    with pytest.raises(AccessDenied):
        unused_files(access=personas.access(personas.tom))
    with pytest.raises(HezuoError):
        stored_file_purge(access=admin, stored_file=kept)
    assert StoredFile.objects.filter(pk=kept.pk).exists()


def test_the_office_admin_deletes_a_removed_file_for_good(
    personas: Personas, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    removed = _removed(world, samples.pdf("gone for good"))
    key = removed.storage_key
    assert blob_exists(key)
    uploader = Client()
    uploader.force_login(personas.tom)  # the world's files are uploaded as the system
    admin = Client()
    admin.force_login(personas.alice)
    page = admin.get("/s/alpha/files/unused/")
    assert page.status_code == 200 and "旧方案.pdf" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin.post(f"/s/alpha/files/{removed.pk}/purge/")
    assert answer.status_code == 302
    assert not StoredFile.objects.filter(pk=removed.pk).exists()
    assert not blob_exists(key), "its bytes left the store"
    assert AuditEvent.objects.filter(
        action=AuditAction.DELETE, object_id=removed.pk, actor=personas.alice
    ).exists()
    assert admin.get(f"/s/alpha/files/{removed.pk}/download/").status_code == 404


def test_bytes_another_school_holds_stay(
    personas: Personas, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    content = samples.pdf("shared bytes")
    removed = _removed(world, content)
    stored_file_save(access=system_access(school=personas.beta), name="同.pdf", data=content)
    with django_capture_on_commit_callbacks(execute=True):
        stored_file_purge(access=personas.access(personas.alice), stored_file=removed)
    assert blob_exists(removed.storage_key)


def test_another_school_cannot_purge_a_file_it_does_not_have(
    personas: Personas, world: World
) -> None:
    removed = _removed(world, samples.pdf("not yours"))
    with pytest.raises(NotFound):
        stored_file_purge(
            access=personas.access(personas.oscar, personas.beta), stored_file=removed
        )
    refused = Client()
    refused.force_login(personas.victor)
    assert refused.post(f"/s/alpha/files/{removed.pk}/purge/").status_code == 403
    assert StoredFile.objects.filter(pk=removed.pk).exists()

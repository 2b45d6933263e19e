"""Evidence files and review through the web: several files at once (a bad one reported, the
good ones kept), downloads only as attachments after an access check, previews only of PDFs,
and the review moves for the right roles only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User
from hezuo.core.review import ReviewStatus
from hezuo.evidence.models import EvidenceFile
from hezuo.files.models import StoredFile
from hezuo.files.services import stored_file_process
from tests import samples
from tests.personas import Personas, in_alpha
from tests.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def url(name: str, *args: object, school: str = "alpha") -> str:
    return reverse(f"web:{name}", args=[school, *args])


def _upload(client: Client, world: World, *files: tuple[str, bytes], htmx: bool = True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        url("evidence-upload", world.evidence.pk),
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
        headers=headers,
    )


def test_several_files_at_once_the_bad_one_reported_the_good_ones_kept(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    response = _upload(
        client_of(personas.tom),
        world,
        ("通知.pdf", samples.pdf("notice")),
        ("伪装.pdf", b"<html><script>alert(1)</script></html>"),
        ("名单.xlsx", samples.xlsx(("姓名",), ("王芳",))),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "伪装.pdf" in page and "网页或脚本" in page
    names = list(
        in_alpha(EvidenceFile)
        .filter(evidence=world.evidence)
        .values_list("stored_file__original_name", flat=True)
    )
    assert names == ["通知.pdf", "名单.xlsx"]
    assert in_alpha(StoredFile).count() == 2, "nothing of the refused file is stored"
    assert 'data-testid="file-row"' in page


def test_uploading_is_for_those_who_keep_the_item(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    assert (
        _upload(client_of(personas.victor), world, ("a.pdf", samples.pdf("a"))).status_code == 403
    )
    assert _upload(client_of(personas.lily), world, ("a.pdf", samples.pdf("a"))).status_code == 403
    assert _upload(client_of(personas.oscar), world, ("a.pdf", samples.pdf("a"))).status_code == 404
    assert not in_alpha(StoredFile).exists()


def test_an_empty_choice_is_explained_without_javascript(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    client = client_of(personas.alice)
    response = _upload(client, world, htmx=False)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "请选择要上传的文件" in page


def test_a_download_is_an_attachment_with_nosniff_after_an_access_check(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    data = samples.pdf("agreement")
    _upload(client_of(personas.alice), world, ("协议 文本.pdf", data))
    stored = in_alpha(StoredFile).get()
    response = client_of(personas.victor).get(url("file-download", stored.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''%E5%8D%8F%E8%AE%AE%20%E6%96%87%E6%9C%AC.pdf"
        in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert client_of(personas.oscar).get(url("file-download", stored.pk)).status_code == 404
    assert Client().get(url("file-download", stored.pk)).status_code == 302  # sign in first


def test_only_pdfs_are_shown_inline(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    client = client_of(personas.alice)
    _upload(client, world, ("照片.png", samples.image("PNG")), ("a.pdf", samples.pdf("a")))
    photo = in_alpha(StoredFile).get(original_name="照片.png")
    pdf = in_alpha(StoredFile).get(original_name="a.pdf")
    assert client.get(url("file-preview", photo.pk)).status_code == 404, "not converted yet"
    inline = client.get(url("file-preview", pdf.pk))
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["Content-Type"] == "application/pdf"
    stored_file_process(stored_file=photo)
    rendition = client.get(url("file-preview", photo.pk))
    assert rendition["Content-Type"] == "application/pdf"
    assert b"".join(rendition.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    download = client.get(url("file-download", photo.pk))
    assert (download["Content-Type"], download["Content-Disposition"][:11]) == (
        "image/png",
        "attachment;",
    )


def test_a_file_is_removed_from_the_item_but_its_bytes_stay(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    client = client_of(personas.tom)
    _upload(client, world, ("a.pdf", samples.pdf("a")))
    link = in_alpha(EvidenceFile).get()
    assert (
        client_of(personas.victor)
        .post(url("evidence-file-remove", world.evidence.pk, link.pk))
        .status_code
        == 403
    )
    response = client.post(
        url("evidence-file-remove", world.evidence.pk, link.pk), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert not in_alpha(EvidenceFile).exists()
    assert in_alpha(StoredFile).count() == 1


def test_the_review_moves_for_the_right_roles(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    review = url("evidence-review", world.evidence.pk)
    assert client_of(personas.rita).post(review, {"to": "submitted"}).status_code == 403
    client_of(personas.tom).post(review, {"to": "submitted"})
    world.evidence.refresh_from_db()
    assert world.evidence.review_status == ReviewStatus.SUBMITTED
    assert client_of(personas.victor).post(review, {"to": "approved"}).status_code == 403

    rita = client_of(personas.rita)
    response = rita.post(review, {"to": "returned", "comment": ""}, follow=True)
    assert "退回时须填写审核意见" in response.content.decode()
    rita.post(review, {"to": "returned", "comment": "缺少盖章页"})
    world.evidence.refresh_from_db()
    assert (world.evidence.review_status, world.evidence.review_comment) == (
        ReviewStatus.RETURNED,
        "缺少盖章页",
    )
    page = client_of(personas.tom).get(url("detail", "evidence", world.evidence.pk))
    assert "缺少盖章页" in page.content.decode(), "the uploader sees why"
    assert 'data-testid="review-submitted"' in page.content.decode()


def test_the_search_page_marks_the_terms_and_keeps_to_the_school(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    page = client_of(personas.victor).get(url("evidence-search"), {"q": "讲座"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="search-result"') == 1
    assert "<mark>讲座</mark>" in html
    nothing = client_of(personas.victor).get(url("evidence-search"), {"q": "不存在的词"})
    assert 'data-testid="no-results"' in nothing.content.decode()
    assert client_of(personas.oscar).get(url("evidence-search"), {"q": "讲座"}).status_code == 404
    bad_year = client_of(personas.victor).get(url("evidence-search"), {"q": "讲座", "year": "x"})
    assert 'data-testid="search-result"' not in bad_year.content.decode()
    assert "invalid-feedback" in bad_year.content.decode()


def test_search_from_the_command_line(personas: Personas, world: World) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("search", "讲座", school="alpha", format="json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(row["code"], row["title"]) for row in rows] == [("9.2.1", "讲座方案")]
    assert rows[0]["snippet"].count("[讲座]") >= 1
    assert rows[0]["url"].endswith(f"/s/alpha/evidence/{world.evidence.pk}/")


def test_codes_are_given_checked_and_renumbered(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    from hezuo.evidence.models import Evidence
    from hezuo.evidence.services import evidence_create

    tom = client_of(personas.tom)
    response = tom.post(
        url("create", "evidence"),
        {"project": world.project.pk, "task": world.task.pk, "title": "自动编号", "kind": "other"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert in_alpha(Evidence).get(title="自动编号").code == "9.2.2"
    response = tom.post(
        url("create", "evidence"),
        {
            "project": world.project.pk,
            "task": world.task.pk,
            "parent": world.evidence.pk,
            "title": "子材料",
            "kind": "other",
        },
    )
    assert in_alpha(Evidence).get(title="子材料").code == "9.2.1.1"
    evidence_create(
        access=world.access, project=world.project, task=world.task, code="9.2.5", title="跳号"
    )

    page = client_of(personas.victor).get(url("evidence-numbering", world.project.pk))
    html = page.content.decode()
    assert "9.2.3" in html and "9.2.4" in html, "the gaps are named"
    assert 'data-testid="renumber"' not in html, "a viewer sees the preview but cannot apply"
    assert (
        client_of(personas.victor).post(url("evidence-numbering", world.project.pk)).status_code
        == 403
    )
    assert (
        client_of(personas.oscar).get(url("evidence-numbering", world.project.pk)).status_code
        == 404
    )

    client_of(personas.alice).post(url("evidence-numbering", world.project.pk))
    assert in_alpha(Evidence).get(title="跳号").code == "9.2.3"
    after = client_of(personas.alice).get(url("evidence-numbering", world.project.pk))
    assert "编号连续" in after.content.decode()


def test_a_file_id_reaches_only_evidence_files_and_ones_own_uploads(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    from hezuo.accounts.services import api_token_create
    from hezuo.files.services import stored_file_keep
    from hezuo.files.sniffing import FileType

    # A document hezuo made for Alice (a members export, a report): hers, no one else's.
    made = stored_file_keep(
        school=world.project.school,
        name="成员-20261207.xlsx",
        data=samples.xlsx(("账号",), ("alice",)),
        file_type=FileType.XLSX,
        created_by=personas.alice,
    )
    assert client_of(personas.alice).get(url("file-download", made.pk)).status_code == 200
    assert client_of(personas.victor).get(url("file-download", made.pk)).status_code == 404
    assert client_of(personas.victor).get(url("file-preview", made.pk)).status_code == 404
    token = api_token_create(access=personas.access(personas.victor), name="读")[1]
    api = f"/api/v1/schools/alpha/files/{made.pk}/content"
    refused = Client().get(api, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 404

    _upload(client_of(personas.alice), world, ("通知.pdf", samples.pdf("notice")))
    attached = in_alpha(EvidenceFile).get().stored_file
    assert client_of(personas.victor).get(url("file-download", attached.pk)).status_code == 200
    shown = Client().get(
        f"/api/v1/schools/alpha/files/{attached.pk}/content",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert shown.status_code == 200


def test_the_files_section_polls_while_a_file_is_converted(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    client = client_of(personas.victor)
    _upload(client_of(personas.alice), world, ("照片.png", samples.image("PNG")))
    section = client.get(url("evidence-upload", world.evidence.pk)).content.decode()
    assert 'hx-trigger="every 3s"' in section and "待处理" in section
    stored_file_process(stored_file=in_alpha(StoredFile).get())
    section = client.get(url("evidence-upload", world.evidence.pk)).content.decode()
    assert 'hx-trigger="every 3s"' not in section and "已就绪" in section
    assert 'data-testid="dropzone"' not in section, "a viewer is offered no upload"

"""An approval number typed with spaces or in full-width characters is stored normalised
whichever way it comes in (the web form, the API, a service), and one of another province than
the school's is saved with a warning, not refused."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from hezuo.accounts.services import api_token_create
from hezuo.programmes.forms import ProgrammeForm
from hezuo.programmes.models import Programme
from hezuo.programmes.models import ProgrammeForm as Form
from hezuo.programmes.services import programme_create
from tests.personas import Personas, in_alpha

SPACED = "PDE 44 CA 3A 2021 0001 N"  # 24 characters as typed, 18 once normalised
FULL_WIDTH = "ＰＤＥ４４ＣＡ３Ａ　２０２１０００２ｎ"


def web_client(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.alice)
    return client


def programme_data(name: str, number: str) -> dict[str, Any]:
    return {
        "name": name,
        "form": Form.SINO_FOREIGN_PROGRAMME.value,
        "status": "approved",
        "approval_number": number,
    }


def api_post(personas: Personas, body: dict[str, Any]) -> Any:
    token = api_token_create(access=personas.access(personas.alice), name="接口")[1]
    return Client().post(
        "/api/v1/schools/alpha/programmes/",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_form_takes_the_number_as_typed_and_offers_no_length_limit(
    personas: Personas,
) -> None:
    form = ProgrammeForm(
        data=programme_data("会计专业合作项目", SPACED), access=personas.access(personas.alice)
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["approval_number"] == "PDE44CA3A20210001N"
    assert "maxlength" not in str(form["approval_number"])  # a browser would cut the spaces off


def test_the_web_page_stores_a_spaced_full_width_number_normalised(personas: Personas) -> None:
    client = web_client(personas)
    for name, number in (("会计专业合作项目", SPACED), ("物流专业合作项目", FULL_WIDTH)):
        response = client.post(
            reverse("web:create", args=["alpha", "programmes"]), programme_data(name, number)
        )
        assert response.status_code == 302, response.content.decode()
        warnings = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
        assert warnings == []  # Alpha is in province 44
    stored = dict(in_alpha(Programme).values_list("name", "approval_number"))
    assert stored["会计专业合作项目"] == "PDE44CA3A20210001N"
    assert stored["物流专业合作项目"] == "PDE44CA3A20210002N"


def test_the_web_page_saves_a_number_of_another_province_with_a_warning(
    personas: Personas,
) -> None:
    response = web_client(personas).post(
        reverse("web:create", args=["alpha", "programmes"]),
        programme_data("机电专业合作项目", "PDE33AU3A20050064N"),
        follow=True,
    )
    page = response.content.decode()
    assert "已创建“机电专业合作项目”。" in page
    assert "省份代码 33 与本校所在省份代码 44 不一致" in page
    assert in_alpha(Programme).filter(approval_number="PDE33AU3A20050064N").exists()


def test_the_api_stores_the_number_normalised_and_says_what_to_check(
    personas: Personas,
) -> None:
    same = api_post(personas, programme_data("会计专业合作项目", FULL_WIDTH))
    assert same.status_code == 201, same.content
    assert (same.json()["approval_number"], same.json()["warnings"]) == (
        "PDE44CA3A20210002N",
        [],
    )
    other = api_post(personas, programme_data("机电专业合作项目", "PDE 33 AU 3A 2005 0064 N"))
    assert other.status_code == 201, other.content
    assert other.json()["approval_number"] == "PDE33AU3A20050064N"
    [warning] = other.json()["warnings"]
    assert "省份代码 33 与本校所在省份代码 44 不一致" in warning
    token = api_token_create(access=personas.access(personas.alice), name="读取")[1]
    read = Client().get(
        f"/api/v1/schools/alpha/programmes/{other.json()['id']}/",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert read.json() == other.json()  # the record as GET gives it, warnings and all


def test_a_malformed_number_is_still_refused_by_the_api(personas: Personas) -> None:
    response = api_post(personas, programme_data("某项目", "PDE 44 CA 3A 2021 001 N"))
    assert response.status_code == 400
    assert "格式不正确" in str(response.json())


def test_the_model_normalises_whatever_sets_the_number(personas: Personas) -> None:
    programme = programme_create(
        access=personas.access(personas.alice),
        name="汽修专业合作项目",
        form=Form.SINO_FOREIGN_PROGRAMME,
    )
    programme.approval_number = FULL_WIDTH
    programme.full_clean()
    assert programme.approval_number == "PDE44CA3A20210002N"

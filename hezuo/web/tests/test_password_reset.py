"""Password reset by e-mail, through Django's test client: the mail is in the asker's language,
names the product and the school, and links to the site's own address whatever Host the request
named; the page after asking never tells whether an address has an account; the link works
once, and after it the new password signs in and the old one does not."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User

pytestmark = pytest.mark.django_db

SITE = "https://hezuo.example.edu.cn"
ADDRESS = "torch-admin@hezuo.invalid"  # the demo's office admin of 中山火炬
NEW_PASSWORD = "Fenghuang-2031-qiao"
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
RESET_LINK = re.compile(r"https?://[^/\s]+/accounts/password/reset/[^/\s]+/[^/\s]+/")


@pytest.fixture(autouse=True)
def site(demo: object, settings: object) -> None:
    settings.SITE_URL = SITE  # type: ignore[attr-defined]


def client_in(language: str) -> Client:
    """A visitor who chose ``language`` with the switch (Chinese when none), whatever the
    browser prefers."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if language != settings.LANGUAGE_CODE:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def ask_for_reset(client: Client, address: str, **headers: str) -> str:
    """Ask for a reset of ``address``; the page shown after it."""
    asked = client.post(reverse("password_reset"), {"email": address}, headers=headers)
    assert asked.status_code == 302, asked.content.decode()[:500]
    assert asked["Location"] == reverse("password_reset_done")
    return strip_tokens(client.get(asked["Location"]).content.decode())


def strip_tokens(html: str) -> str:
    """A page without its CSRF tokens, which differ from visitor to visitor."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def sign_in(client: Client, password: str) -> bool:
    response = client.post(reverse("login"), {"username": "torch-admin", "password": password})
    return response.status_code == 302


def test_the_sign_in_page_offers_a_reset_in_both_languages() -> None:
    chinese = client_in("zh-hans").get(reverse("login")).content.decode()
    english = client_in("en").get(reverse("login")).content.decode()
    link = f'href="{reverse("password_reset")}" data-testid="forgot-password"'
    assert link in chinese and "忘记密码？" in chinese
    assert link in english and "Forgot your password?" in english


@pytest.mark.parametrize(
    ("language", "subject", "school", "words"),
    [
        (
            "zh-hans",
            "重设您的 hezuo 密码",
            "学校：中山火炬职业技术学院",
            ["hezuo（合作）", "账号：torch-admin", "24 小时内有效", "请忽略这封邮件"],
        ),
        (
            "en",
            "Reset your hezuo password",
            "School: Zhongshan Torch Polytechnic",
            ["hezuo", "Account: torch-admin", "within 24 hours", "ignore this email"],
        ),
    ],
)
def test_a_forgotten_password_is_reset_through_the_mailed_link(
    language: str, subject: str, school: str, words: list[str]
) -> None:
    visitor = client_in(language)
    assert visitor.get(reverse("password_reset")).status_code == 200
    ask_for_reset(visitor, ADDRESS.upper())  # addresses match whatever their case

    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == subject
    body = str(message.body)
    assert school in body
    for word in words:
        assert word in body, word
    if language == "en":  # nothing Chinese but the user's own name
        display_name = str(User.objects.get(username="torch-admin"))
        assert not CHINESE.search(body.replace(display_name, "")), body

    (link,) = RESET_LINK.findall(body)
    assert link.startswith(SITE + "/accounts/password/reset/")
    path = link.removeprefix(SITE)
    form_page = visitor.get(path, follow=True)  # the token moves out of the address
    assert form_page.redirect_chain[-1][0].endswith("/set-password/")
    assert 'data-testid="set-password"' in form_page.content.decode()
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert 'data-testid="reset-complete"' in visitor.get(done["Location"]).content.decode()

    assert not sign_in(Client(), "hezuo-demo")
    assert sign_in(Client(), NEW_PASSWORD)
    again = Client().get(path, follow=True)  # the link worked once
    assert 'data-testid="reset-link-invalid"' in again.content.decode()


def test_a_forged_host_does_not_reach_the_mail(settings: object) -> None:
    # A site that answers to any Host (a proxy passing it through, ALLOWED_HOSTS=*).
    settings.ALLOWED_HOSTS = ["*"]  # type: ignore[attr-defined]
    ask_for_reset(Client(), ADDRESS, host="evil.example.com")
    (message,) = mail.outbox
    body = str(message.body)
    assert "evil.example.com" not in body
    (link,) = RESET_LINK.findall(body)
    assert link.startswith(SITE + "/")


def test_a_host_the_site_does_not_answer_to_gets_no_mail() -> None:
    refused = Client().post(
        reverse("password_reset"), {"email": ADDRESS}, headers={"host": "evil.example.com"}
    )
    assert refused.status_code == 400
    assert mail.outbox == []


def test_an_unknown_address_gets_the_same_page_and_no_mail() -> None:
    known = ask_for_reset(Client(), ADDRESS)
    unknown = ask_for_reset(Client(), "nobody@hezuo.invalid")
    assert unknown == known
    assert 'data-testid="reset-sent"' in known
    assert [message.to for message in mail.outbox] == [[ADDRESS]]


@pytest.mark.parametrize("state", ["inactive", "no usable password"])
def test_a_user_who_may_not_sign_in_gets_no_mail(state: str) -> None:
    user = User.objects.get(email=ADDRESS)
    if state == "inactive":
        user.is_active = False
    else:
        user.set_unusable_password()
    user.save()
    ask_for_reset(Client(), ADDRESS)
    assert mail.outbox == []


def test_the_mail_names_every_school_of_the_user() -> None:
    User.objects.filter(username="province-viewer").update(email="province@hezuo.invalid")
    ask_for_reset(client_in("en"), "province@hezuo.invalid")
    (message,) = mail.outbox
    assert (
        "Schools: Shenzhen Longgang Vocational and Technical School, Zhongshan Torch Polytechnic"
        in message.body
    )


def test_changing_a_password_uses_hezuos_pages_not_the_admins() -> None:
    client = client_in("zh-hans")
    client.force_login(User.objects.get(email=ADDRESS))
    page = client.get(reverse("password_change"))
    used = [template.name for template in page.templates]
    assert "registration/change_form.html" in used and "web/base.html" in used

"""Password reset by e-mail: Django's views and token, with the mail written by hezuo.

The link in the mail is built on ``HEZUO_SITE_URL``, never on the Host header of the request
that asked for it (a forged Host would otherwise put another site's address in a genuine mail).
The mail is in the language of that request, names the user's schools, and says how long the
link works. Whether an address belongs to anyone is never shown: the page after asking is the
same for every address, and inactive users or users without a usable password get no mail
(Django's rules).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import path, reverse
from django.utils.translation import get_language

from hezuo.accounts.models import Membership, User

# Names of hezuo's own: Django's (registration/password_reset_form.html …) are also the admin's
# templates, which are found first.
TEMPLATES = "registration/reset_"


def _in_english() -> bool:
    return (get_language() or "").startswith("en")


def school_names(user: User) -> list[str]:
    """The schools ``user`` works in, named in the current language (the English name where
    the school has one)."""
    english = _in_english()
    memberships = Membership.objects.filter(user=user, is_active=True).select_related("school")
    schools = {membership.school for membership in memberships}
    return sorted(
        school.name_en if english and school.name_en else school.name for school in schools
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form; the mail's link and words are hezuo's (``send_mail``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autofocus"] = True

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        site = urlsplit(settings.SITE_URL)
        schools = school_names(context["user"])
        separator = ", " if _in_english() else "、"
        confirm = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        context.update(
            # Django's names too, so nothing rendered can fall back on the request's Host.
            domain=site.netloc,
            protocol=site.scheme,
            site_name="hezuo",
            site_url=settings.SITE_URL,
            reset_url=settings.SITE_URL + confirm,
            schools=separator.join(schools),
            school_count=len(schools),
            valid_hours=max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        )
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name,
        )


urlpatterns = [
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            template_name=TEMPLATES + "form.html",
            subject_template_name=TEMPLATES + "subject.txt",
            email_template_name=TEMPLATES + "email.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name=TEMPLATES + "sent.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name=TEMPLATES + "confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name=TEMPLATES + "complete.html"),
        name="password_reset_complete",
    ),
]

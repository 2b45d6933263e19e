"""The base of every form that edits a school's records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from hezuo.accounts.access import Access
from hezuo.accounts.campus import campus_sign_in_offered, password_refused_by
from hezuo.accounts.models import Department, Membership
from hezuo.accounts.services import DEPARTMENT_EDITABLE, SCHOOL_EDITABLE
from hezuo.accounts.signin import locked_until
from hezuo.core.models import School
from hezuo.core.plain import plain


def limit_to_school(fields: dict[str, forms.Field], access: Access) -> None:
    """Offer only the acting school's records in every choice of another record."""
    for field in fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
            model = field.queryset.model
            if any(f.name == "school" for f in model._meta.fields):
                field.queryset = field.queryset.filter(school=access.school)


def plain_texts(data: dict[str, Any]) -> dict[str, Any]:
    """A form's cleaned texts with plain line ends and no bidirectional controls."""
    for name, value in data.items():
        if isinstance(value, str):
            data[name] = plain(value.replace("\r\n", "\n").replace("\r", "\n"))
    return data


class SchoolModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A ModelForm for one school: choices come from that school only. Saving is done by the
    caller through a service, never by ``form.save()``."""

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        limit_to_school(self.fields, access)

    def clean(self) -> dict[str, Any]:
        """Text is kept with plain line ends (a browser posts a text area's lines ended by
        CR LF, and a text typed again unchanged must stay unchanged: a task owner's rights
        depend on which fields change) and without bidirectional controls (``core.plain``)."""
        return plain_texts(super().clean() or {})


class MemberForm(SchoolModelForm):
    """Give a person a role in the school (a new person gets an account), or switch a
    membership on and off."""

    username = forms.SlugField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("仅用于新用户；留空则需由管理员另行设置密码后才能登录。"),
    )

    class Meta:
        model = Membership
        fields = ("role", "department", "is_active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in ("username", "display_name", "email", "password", "role", "department"):
                del self.fields[name]
            until = locked_until(self.instance.user.username) if self.instance.user_id else None
            self.fields["unlock"] = forms.BooleanField(
                label=_("解除登录锁定"),
                required=False,
                help_text=(
                    _("该用户多次输错密码，登录已被锁定至 %(until)s；勾选并保存后可立即重新登录。")
                    % {"until": date_format(timezone.localtime(until), "DATETIME_FORMAT")}
                    if until is not None
                    else _("该用户的登录当前未被锁定。")
                ),
            )
        else:
            del self.fields["is_active"]
            self.order_fields(["username", "display_name", "email", "password"])

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password") or "")
        if password:
            validate_password(password)
        return password


class DepartmentForm(SchoolModelForm):
    class Meta:
        model = Department
        fields = DEPARTMENT_EDITABLE


class SchoolSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    """The school's own settings, kept by its office admin (the slug, used in every address,
    stays as the platform operator made it)."""

    class Meta:
        model = School
        fields = SCHOOL_EDITABLE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not campus_sign_in_offered():  # without a campus sign-in, passwords are the only way in
            del self.fields["password_sign_in"]

    def clean(self) -> dict[str, Any]:
        return plain_texts(super().clean() or {})


PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


class PasswordRules:
    """What a sign-in form checks once the password was right: a school of the user's that
    signs its members in through the campus server only refuses hezuo's password (a campus
    directory's password, checked by another backend, is not hezuo's); and an account with a
    second factor needs its code (its device then marks the session, through django-otp's
    sign-in signal)."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)  # type: ignore[misc]
        if getattr(user, "backend", PASSWORD_BACKEND) == PASSWORD_BACKEND:
            school = password_refused_by(user)
            if school is not None:
                raise ValidationError(
                    _(
                        "%(school)s 已停用 hezuo 密码登录：请点击“统一身份认证登录”，"
                        "用学校的账号登录。"
                    )
                    % {"school": school.name},
                    code="password_sign_in_off",
                )
        if not user_has_device(user):
            return
        cleaned: dict[str, Any] = getattr(self, "cleaned_data", {})
        code = str(cleaned.get("otp_token") or "").strip()
        if not code:
            raise ValidationError(
                _("该账号已启用两步验证：请填写验证器 App 中的 6 位验证码。"), code="otp_required"
            )
        device = match_token(user, code)  # each wrong code slows the next (django-otp)
        if device is None:
            raise ValidationError(_("验证码不正确或已过期，请重新输入。"), code="otp_invalid")
        user.otp_device = device


class SignInForm(PasswordRules, AuthenticationForm):
    otp_token = forms.CharField(
        label=_("验证码"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("已启用两步验证的账号填写验证器 App 中的 6 位数字。"),
    )

"""What a new password must be, beside Django's own rules (settings.AUTH_PASSWORD_VALIDATORS:
not among the 20,000 passwords most often seen in breaches, not like the user's name or
address, not all digits): long enough — said in Chinese, which Django's own message no longer
is (its catalogue kept the old wording) — and not the password the user has now."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLength(MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("密码太短：至少需要 %(count)d 个字符。") % {"count": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少需要 %(count)d 个字符。") % {"count": self.min_length}


class NotTheCurrentPassword:
    """A password change must change it: the current password is refused as the new one."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is not None and user.pk is not None and user.check_password(password):
            raise ValidationError(_("新密码不能与当前密码相同。"), code="password_is_current")

    def get_help_text(self) -> str:
        return _("新密码不能与当前密码相同。")

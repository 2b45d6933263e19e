"""两步验证: an office admin or a platform operator adds a second factor to their password — a
six-digit code from an authenticator app (TOTP, django-otp) — and may remove it again with a
code. Once added, signing in with the password asks for a code (hezuo.accounts.forms)."""

from __future__ import annotations

import base64
import logging

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hezuo.accounts.models import Membership, Role, User

log = logging.getLogger("hezuo.security")


def may_use(user: User) -> bool:
    """Office admins and the platform's operators: those whose password opens the most."""
    return (
        user.is_superuser
        or Membership.objects.filter(user=user, role=Role.OFFICE_ADMIN, is_active=True).exists()
    )


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not may_use(user):
        raise PermissionDenied(_("两步验证供外事管理员和平台运维人员使用。"))
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    problem = ""
    if request.method == "POST":
        code = str(request.POST.get("code", "")).strip()
        with transaction.atomic():
            if confirmed is not None and request.POST.get("action") == "remove":
                if confirmed.verify_token(code):
                    confirmed.delete()
                    log.info("second factor removed by %s", user.username)
                    messages.success(request, _("已关闭两步验证。"))
                    return redirect("two-factor")
                problem = _("验证码不正确或已过期，请重新输入。")
            elif confirmed is None:
                pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
                if pending is not None and pending.verify_token(code):
                    pending.confirmed = True
                    pending.save(update_fields=["confirmed"])
                    otp_login(request, pending)
                    log.info("second factor added by %s", user.username)
                    messages.success(request, _("已开启两步验证：以后用密码登录时需要填写验证码。"))
                    return redirect("two-factor")
                problem = _("验证码不正确或已过期，请重新输入。")
    context: dict[str, object] = {"confirmed": confirmed, "problem": problem}
    if confirmed is None:
        pending, _made = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "hezuo"}
        )
        context["secret"] = base64.b32encode(pending.bin_key).decode()
        # Drawn here as SVG markup (no script, no image address), from the app's own URL.
        context["qr"] = mark_safe(  # segno's own markup of our own text
            segno.make(pending.config_url, error="m").svg_inline(scale=4, dark="#212529")
        )
    return render(request, "registration/two_factor.html", context)

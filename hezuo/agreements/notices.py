"""Expiry digests: the office hears once per threshold (90, 60, 30 days) about each agreement."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from hezuo.accounts.access import Access
from hezuo.agreements.models import Agreement, ExpiryNotice
from hezuo.core.links import list_url


def expiry_digest(access: Access, notices: list[ExpiryNotice]) -> tuple[str, str]:
    """The e-mail (subject, body) that tells the office about ``notices``, in Chinese."""
    with override(settings.LANGUAGE_CODE):
        subject = _("【hezuo】%(school)s：%(count)s 份合作协议即将到期") % {
            "school": access.school.name,
            "count": len(notices),
        }
        lines = [_("以下合作协议即将到期，请及时续签或办理终止：")] + [
            _("· %(title)s：%(until)s 到期，剩余 %(days)s 天")
            % {
                "title": notice.agreement.title,
                "until": notice.valid_until.isoformat(),
                "days": notice.days_left,
            }
            for notice in notices
        ]
        lines.append(list_url(access.school, Agreement))
    return subject, "\n".join(lines)

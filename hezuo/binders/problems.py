"""Why a file could not go into a binder. A problem keeps its message untranslated, so the
placeholder page says it in the document's language and the warning list in the reader's."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

ENCRYPTED = _("文件已加密，需要密码才能打开")
DAMAGED = _("文件已损坏，无法读取（%(detail)s）")
NO_PAGES = _("文件没有页面")
MISSING = _("文件在存储中找不到")
PENDING = _("文件尚在处理中，还没有 PDF 版本")
NOT_CONVERTED = _("文件未能转换为 PDF")
CONVERSION_FAILED = _("文件未能转换为 PDF：%(detail)s")
NO_FILES = _("这份材料还没有文件")
REPAIRED = _("文件有损坏，已按能读出的部分编入，请核对")
ACTIVE_REMOVED = _("文件含有脚本、启动程序、外部文件链接或附件等活动内容（%(detail)s 处），已移除")
XFA_FORM = _(
    "文件是 XFA 表单，合订本只能收入其静态页面（可能只显示“请稍候”页），请上传打印成 PDF 的版本"
)
XFA_DYNAMIC = _(
    "文件是动态 XFA 表单，页面上没有可读的内容（只有“请稍候”之类的提示），"
    "请用 Adobe Reader 打开后打印成 PDF 再上传"
)
ATTACHMENTS_LEFT = _("文件带有 %(detail)s 个附件，合订本只收入页面，附件未编入，如需要请单独提交")
SIGNED = _("文件带有电子签名：合订本保留签章的样子，但签名在合订本中不再能验证")
FORM_NOT_DRAWN = _("文件的表单未能画入页面，填写的内容可能不显示（%(detail)s）")
PAGE_DAMAGED = _("第 %(detail)s 页的内容已损坏，无法显示，以说明页代替")
SCALED = _("第 %(detail)s 页的下方有内容，已略微缩小，为页码留出位置")


class Problem(NamedTuple):
    message: str  # one of the messages above, untranslated
    detail: str = ""

    def __str__(self) -> str:
        """The message in the active language."""
        return gettext(self.message) % {"detail": self.detail}


class FileWarning(NamedTuple):
    """A file a binder or folder export could not include (or included only in part)."""

    code: str  # the evidence item's code
    name: str  # the file's name ("" for an item without files)
    problem: Problem

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "name": self.name,
            "message": self.problem.message,
            "detail": self.problem.detail,
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> FileWarning:
        return cls(data["code"], data["name"], Problem(data["message"], data["detail"]))

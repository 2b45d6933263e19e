"""The school's files nothing refers to any more (a file removed from its evidence …), which the
office admin may delete for good (hezuo.files.services.stored_file_purge)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hezuo.core.errors import AccessDenied, HezuoError, NotFound
from hezuo.files.selectors import stored_file_get, unused_files
from hezuo.files.services import stored_file_purge
from hezuo.web.access import SchoolRequest, school_view


@school_view
def unused(request: SchoolRequest) -> HttpResponse:
    files = list(unused_files(access=request.access)[:500])
    return render(
        request,
        "web/unused_files.html",
        {"files": files, "total": sum(item.size for item in files)},
    )


@require_POST
@school_view
def purge(request: SchoolRequest, file: int) -> HttpResponse:
    stored = stored_file_get(access=request.access, pk=file)
    try:
        stored_file_purge(access=request.access, stored_file=stored)
        messages.success(request, _("已永久删除“%(name)s”。") % {"name": stored.original_name})
    except (AccessDenied, NotFound):
        raise  # 403 and 404, as for any page
    except HezuoError as error:  # still in use
        messages.error(request, error.message)
    return redirect("web:unused-files", school=request.access.school.slug)

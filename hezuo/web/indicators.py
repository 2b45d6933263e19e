"""A year's indicators: values with last year's beside them, the records behind each value,
overrides with their reasons, and the workbook; a year without an official table says so, with
the one button that carries the last table forward."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hezuo.accounts.access import Capability
from hezuo.activities.calculations import round_figure
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.core.text import listing
from hezuo.core.years import parse_year
from hezuo.indicators.catalogues import available_catalogues, read_catalogue
from hezuo.indicators.figures import (
    Figures,
    definition_spec,
    indicator_figures,
    indicator_values,
    indicator_warnings,
)
from hezuo.indicators.models import IndicatorValue
from hezuo.indicators.provenance import indicator_record_page
from hezuo.indicators.selectors import indicator_official_tables, indicator_value_list
from hezuo.indicators.services import (
    indicator_catalogue_carry_forward,
    indicator_catalogue_install,
    indicator_override_set,
    indicator_values_snapshot,
)
from hezuo.indicators.xlsx import figures_workbook
from hezuo.web.access import SchoolRequest, school_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _options(request: SchoolRequest) -> tuple[int, bool]:
    asked = parse_year(request.GET.get("year") or request.POST.get("year"))
    year = asked or timezone.localdate().year - 1  # no year, or one hezuo does not accept
    estimates = (request.GET.get("estimates") or request.POST.get("estimates")) == "1"
    return year, estimates


def _stored(request: SchoolRequest, year: int) -> dict[str, IndicatorValue]:
    return {
        value.definition.code: value
        for value in indicator_value_list(access=request.access, year=year)
    }


def _url(request: SchoolRequest, name: str, year: int, estimates: bool, *args: str) -> str:
    path = reverse(name, args=[request.access.school.slug, *args])
    return f"{path}?year={year}" + ("&estimates=1" if estimates else "")


@school_view
def indicator_table(request: SchoolRequest) -> HttpResponse:
    access = request.access
    year, estimates = _options(request)
    figures = indicator_figures(
        access=access, year=year, include_estimates=estimates, with_provenance=False
    )
    last = indicator_values(access=access, year=year - 1, include_estimates=estimates)
    stored = _stored(request, year)
    tables = indicator_official_tables(access=access, year=year)
    rows = []
    for code, definition in figures.definitions.items():
        value = round_figure(figures.results[code].value)
        previous = round_figure(last[code].value) if code in last else None
        change = None
        if previous is not None and previous != 0:
            change = ((value - previous) / previous * 100).quantize(Decimal("0.1"))
        rows.append(
            {
                "code": code,
                "definition": definition,
                "value": value,
                "previous": previous,
                "difference": value - previous if previous is not None else None,
                "change": change,
                "records": figures.results[code].record_count,
                "stored": stored.get(code),
                "warnings": [w for w in figures.warnings if code in w.indicators],
            }
        )
    return render(
        request,
        "web/indicators.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 10, -1),
            "estimates": estimates,
            "rows": rows,
            "warnings": figures.warnings,
            "can_manage": access.can(Capability.MANAGE_SCHOOL),
            "catalogues": [(name, read_catalogue(name).title) for name in available_catalogues()],
            "tables": tables,
            "lapsed": listing(table.label for table in tables.lapsed),
        },
    )


@require_POST
@school_view
def indicator_install(request: SchoolRequest) -> HttpResponse:
    """Install (or bring up to date) a shipped catalogue for the school."""
    name = request.POST.get("catalogue", "")
    if name not in available_catalogues():
        raise Http404
    installed = indicator_catalogue_install(access=request.access, name=name)
    messages.success(
        request,
        ngettext("已安装 %(count)d 个指标。", "已安装 %(count)d 个指标。", len(installed))
        % {"count": len(installed)},
    )
    return redirect("web:indicators", school=request.access.school.slug)


@require_POST
@school_view
def indicator_carry_forward(request: SchoolRequest) -> HttpResponse:
    """Carry the last official table forward to the year shown (the notice's one button)."""
    year, estimates = _options(request)
    try:
        carried = indicator_catalogue_carry_forward(access=request.access, year=year)
    except AccessDenied:
        raise  # a refusal is a 403, not a message
    except HezuoError as error:
        messages.error(request, error.message)
    except ValidationError as error:  # a version of the same code and years is there already
        messages.error(request, listing(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "已把官方指标表沿用到%(year)s年度（%(count)d个指标）。",
                "已把官方指标表沿用到%(year)s年度（%(count)d个指标）。",
                len(carried),
            )
            % {"year": year, "count": len(carried)},
        )
    return redirect(_url(request, "web:indicators", year, estimates))


def _figures(request: SchoolRequest) -> tuple[Figures, int, bool]:
    year, estimates = _options(request)
    return (
        indicator_figures(access=request.access, year=year, include_estimates=estimates),
        year,
        estimates,
    )


@school_view
def indicator_detail(request: SchoolRequest, code: str) -> HttpResponse:
    year, estimates = _options(request)
    figures = indicator_figures(
        access=request.access, year=year, include_estimates=estimates, with_provenance=False
    )
    definition = figures.definitions.get(code)
    if definition is None:
        raise Http404(_("本年度没有这一指标。"))
    result = figures.results[code]
    records = None
    if result.ratio_of is None:
        records = indicator_record_page(
            access=request.access,
            spec=definition_spec(definition, include_estimates=estimates),
            period=figures.period,
            result=result,
            page=_page(request),
        )
    return render(
        request,
        "web/indicator_detail.html",
        {
            "definition": definition,
            "year": year,
            "estimates": estimates,
            "value": round_figure(result.value),
            "result": result,
            "records": records,
            "table": records.table if records is not None else None,
            "stored": _stored(request, year).get(code),
            "warnings": indicator_warnings(access=request.access, figures=figures, code=code),
            "can_manage": request.access.can(Capability.MANAGE_SCHOOL),
        },
    )


def _page(request: SchoolRequest) -> int:
    number = request.GET.get("page", "")
    return int(number) if number.isdigit() and len(number) < 9 else 1


@require_POST
@school_view
def indicator_snapshot(request: SchoolRequest) -> HttpResponse:
    figures, year, estimates = _figures(request)
    indicator_values_snapshot(access=request.access, figures=figures)
    messages.success(request, _("已保存 %(year)s 年度的指标值及其数据来源。") % {"year": year})
    return redirect(_url(request, "web:indicators", year, estimates))


@require_POST
@school_view
def indicator_override(request: SchoolRequest, code: str) -> HttpResponse:
    figures, year, estimates = _figures(request)
    if code not in figures.definitions:
        raise Http404(_("本年度没有这一指标。"))
    raw = request.POST.get("override_value", "").strip()
    try:
        indicator_override_set(
            access=request.access,
            figures=figures,
            code=code,
            override_value=Decimal(raw) if raw else None,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("已更新人工修正值。"))
    except InvalidOperation:
        messages.error(request, _("修正值须为数字。"))
    except AccessDenied:
        raise  # a refusal is a 403, not a message
    except HezuoError as error:
        messages.error(request, error.message)
    return redirect(_url(request, "web:indicator", year, estimates, code))


@school_view
def indicator_workbook(request: SchoolRequest) -> HttpResponse:
    figures, year, _estimates = _figures(request)
    response = HttpResponse(
        figures_workbook(access=request.access, figures=figures), content_type=XLSX
    )
    filename = f"indicators-{request.access.school.slug}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

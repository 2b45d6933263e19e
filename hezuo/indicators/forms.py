"""The indicator catalogue's form: the definition's fields, and its counting rule as choices
(what to count, and for each filter the values that count) instead of raw JSON. The rule is
checked by the computation's own parser, so a definition that is kept can be computed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.forms import SchoolModelForm
from hezuo.indicators.models import FormulaKind, IndicatorDefinition
from hezuo.indicators.spec import CHOICE_FILTERS, InvalidSpec, Source, parse_spec

FILTER_LABELS = {
    "activity_types": _("活动类型"),
    "directions": _("方向"),
    "modes": _("方式"),
    "person_categories": _("人员类别"),
    "roles": _("角色"),
    "partner_region_categories": _("合作方地区类别"),
    "partner_org_types": _("合作方机构类型"),
    "outcome_kinds": _("成果类型"),
    "standard_kinds": _("标准类型"),
    "outcome_levels": _("成果级别"),
    "programme_forms": _("办学形式"),
    "programme_statuses": _("办学状态"),
    "assistance_items": _("帮扶事项"),
}
RULE_FIELDS = ("source", *CHOICE_FILTERS, "numerator", "denominator", "scale")


class IndicatorDefinitionForm(SchoolModelForm):
    source = forms.ChoiceField(
        label=_("统计对象"),
        required=False,
        choices=[("", _("按计算方式默认")), *Source.choices],
        help_text=_("人日合计与人数合计统计参与记录；记录计数默认统计交流活动。"),
    )
    numerator = forms.CharField(
        label=_("分子指标代码"), required=False, max_length=50, help_text=_("仅用于比率。")
    )
    denominator = forms.CharField(
        label=_("分母指标代码"), required=False, max_length=50, help_text=_("仅用于比率。")
    )
    scale = forms.IntegerField(
        label=_("倍数"), required=False, min_value=1, help_text=_("比率乘以此数，百分比填 100。")
    )

    class Meta:
        model = IndicatorDefinition
        fields = (
            "code",
            "name",
            "unit",
            "report_family",
            "valid_from_year",
            "valid_to_year",
            "formula_kind",
            "hours_per_day",
            "include_estimates",
            "is_official",
            "sequence",
            "source_ref",
            "note",
        )
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, enum in CHOICE_FILTERS.items():
            self.fields[key] = forms.MultipleChoiceField(
                label=FILTER_LABELS[key],
                choices=enum.choices,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": min(6, len(enum.choices))}),
                help_text=_("不选表示不限。"),
            )
        current: dict[str, Any] = dict(self.instance.filters or {}) if self.instance.pk else {}
        for name in RULE_FIELDS:
            if name in current:
                self.initial[name] = current[name]
        # Left blank, the school's class-hours in a day apply: shown greyed, as they are now.
        self.fields["hours_per_day"].widget.attrs["placeholder"] = str(
            self.access.school.hours_per_day
        )
        if self.instance.pk is not None:
            # The code and first year identify a definition's version; they are not edited.
            for name in ("code", "report_family", "valid_from_year"):
                self.fields[name].disabled = True

    def add_error(self, field: str | None, error: Any) -> None:
        """The counting rule is this form's choices, not a field of its own: what the model
        finds wrong with it (``filters``) is shown above the form, once."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            errors = dict(error.error_dict)
            rule = [
                message
                for message in ValidationError(errors.pop("filters", [])).messages
                if message not in self.non_field_errors()
            ]
            if rule:
                above = [ValidationError(message) for message in rule]
                errors[NON_FIELD_ERRORS] = [*errors.get(NON_FIELD_ERRORS, []), *above]
            if not errors:
                return
            error = ValidationError(errors)
        super().add_error(field, error)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule: dict[str, Any] = {}
        if data.get("source"):
            rule["source"] = data["source"]
        for key in CHOICE_FILTERS:
            if data.get(key):
                rule[key] = list(data[key])
        if data.get("formula_kind") == FormulaKind.RATIO:
            rule["numerator"] = data.get("numerator", "").strip()
            rule["denominator"] = data.get("denominator", "").strip()
            if data.get("scale"):
                rule["scale"] = data["scale"]
        if data.get("formula_kind"):
            try:
                parse_spec(
                    formula_kind=data["formula_kind"],
                    filters=rule,
                    hours_per_day=data.get("hours_per_day") or 8,
                    include_estimates=bool(data.get("include_estimates")),
                )
            except InvalidSpec as error:
                self.add_error(None, str(error))
        for name in RULE_FIELDS:
            data.pop(name, None)
        data["filters"] = rule
        return data

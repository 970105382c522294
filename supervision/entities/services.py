"""Changing the register: loading lenders, agencies and mandates from files."""

from dataclasses import dataclass, field
from typing import IO

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from supervision.core.tabular import RowError, TableError, read_table

from .forms import AgencyForm, LenderForm, MandateForm
from .models import Agency, Lender, Mandate

LENDER_COLUMNS = ["code", "name", "type", "credit_code", "licence_no", "province"]
AGENCY_COLUMNS = ["code", "name", "credit_code", "licence_no", "province"]
MANDATE_COLUMNS = ["lender_code", "agency_code", "valid_from", "valid_to"]


@dataclass
class RegisterImportResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)


class RegisterImportError(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("%(count)d problems in the register files; nothing was saved.") % {"count": len(errors)})


def _form_errors(form: forms.ModelForm, line: int, row: dict, file: str, rename: dict[str, str]) -> list[RowError]:
    return [
        RowError(line, rename.get(name, name), row.get(rename.get(name, name), ""), " ".join(messages), file)
        for name, messages in form.errors.items()
    ]


def _load_rows(rows, *, file: str, form_for, rename: dict[str, str], kind: str, result, errors: list[RowError]):
    seen: dict[tuple, int] = {}
    for line, row in rows:
        data = {model_field: row.get(column, "") for model_field, column in rename.items()}
        data |= {name: value for name, value in row.items() if name not in rename.values()}
        form, key = form_for(data)
        if key in seen:
            errors.append(RowError(line, "", "", _("Same key as line %(line)d.") % {"line": seen[key]}, file))
            continue
        seen[key] = line
        if not form.is_valid():
            errors.extend(_form_errors(form, line, row, file, rename))
            continue
        is_new = form.instance.pk is None
        form.save()
        bucket = result.created if is_new else result.updated
        bucket[kind] = bucket.get(kind, 0) + 1


def _lender_form(data):
    instance = Lender.objects.filter(code=data.get("code", "")).first()
    return LenderForm(data, instance=instance), data.get("code")


def _agency_form(data):
    instance = Agency.objects.filter(code=data.get("code", "")).first()
    if instance:  # the file has no status column; keep the one the register holds
        data.setdefault("status", instance.status)
    else:
        data.setdefault("status", Agency._meta.get_field("status").default)
    return AgencyForm(data, instance=instance), data.get("code")


def _mandate_form(data):
    instance = Mandate.objects.filter(
        lender__code=data.get("lender"), agency__code=data.get("agency"), valid_from=data.get("valid_from") or None
    ).first() if data.get("valid_from") else None
    return MandateForm(data, instance=instance), (data.get("lender"), data.get("agency"), data.get("valid_from"))


def register_import(
    *, lenders: IO[bytes] | None = None, agencies: IO[bytes] | None = None, mandates: IO[bytes] | None = None
) -> RegisterImportResult:
    """Create or update register rows by code; all files load, or none of them does."""
    result = RegisterImportResult()
    errors: list[RowError] = []
    plan = [
        (lenders, "lenders.csv", LENDER_COLUMNS, (), _lender_form, {name: name for name in LENDER_COLUMNS}, "lenders"),
        (agencies, "agencies.csv", AGENCY_COLUMNS, (), _agency_form, {name: name for name in AGENCY_COLUMNS}, "agencies"),
        (
            mandates, "mandates.csv", MANDATE_COLUMNS, ("portfolio_note",), _mandate_form,
            {"lender": "lender_code", "agency": "agency_code", "valid_from": "valid_from", "valid_to": "valid_to"},
            "mandates",
        ),
    ]
    with transaction.atomic():
        for source, file, columns, optional, form_for, rename, kind in plan:
            if source is None:
                continue
            try:
                rows = read_table(source, columns=columns, optional=optional, file=file)
                _load_rows(rows, file=file, form_for=form_for, rename=rename, kind=kind, result=result, errors=errors)
            except TableError as exc:
                errors.extend(exc.errors)
        if errors:
            raise RegisterImportError(errors)
    return result

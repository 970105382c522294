import datetime as dt
import re

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PERIOD_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(value: str) -> dt.date:
    """'YYYY-MM' of a month that has started, as its first day."""
    match = PERIOD_PATTERN.match((value or "").strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise forms.ValidationError(_("Write the month as YYYY-MM, for example 2026-10."), code="period_format")
    period = dt.date(int(match[1]), int(match[2]), 1)
    if period > timezone.localdate().replace(day=1):
        raise forms.ValidationError(_("A report can only cover a month that has started."), code="period_future")
    if period.year < 2000:
        raise forms.ValidationError(_("The month is too far in the past."), code="period_past")
    return period


class PeriodField(forms.Field):
    widget = forms.TextInput(attrs={"placeholder": "2026-10", "pattern": r"\d{4}-\d{2}", "size": 7})

    def to_python(self, value):
        return parse_period(value) if value not in self.empty_values else None


class ReportUploadForm(forms.Form):
    period = PeriodField(label=_("Month (YYYY-MM)"))
    accounts = forms.FileField(label="accounts.csv", help_text=_("CSV (UTF-8 or GBK) or XLSX."))
    contacts = forms.FileField(label="contacts.csv", help_text=_("CSV (UTF-8 or GBK) or XLSX."))

    def clean(self):
        data = super().clean()
        for name in ("accounts", "contacts"):
            upload = data.get(name)
            if upload is not None and upload.size > settings.REPORT_UPLOAD_MAX_BYTES:
                self.add_error(name, _("The file is larger than the upload limit."))
        return data

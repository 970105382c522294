"""Form fields shared by every app."""

import datetime as dt

from django import forms

from .months import parse_period


class PeriodField(forms.Field):
    """A month written YYYY-MM, cleaned to its first day."""

    widget = forms.TextInput(attrs={"placeholder": "2026-10", "pattern": r"\d{4}-\d{2}", "size": 7})

    def to_python(self, value):
        return parse_period(value) if value not in self.empty_values else None

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else value


class DateInput(forms.DateInput):
    """The browser's date picker, which reads and writes ISO dates whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import ReportStatus
from .models import Report


class ReportFilterSet(django_filters.FilterSet):
    period = django_filters.CharFilter(label=_("Month (YYYY-MM)"), method="filter_period")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    entity = django_filters.CharFilter(label=_("Entity code"), method="filter_entity")

    class Meta:
        model = Report
        fields = ["period", "status", "entity"]

    def filter_period(self, queryset, name, value):
        year, _, month = value.partition("-")
        if not (year.isdigit() and month.isdigit()):
            return queryset.none()
        return queryset.filter(period__year=int(year), period__month=int(month))

    def filter_entity(self, queryset, name, value):
        return queryset.filter(agency__code=value) | queryset.filter(lender__code=value)

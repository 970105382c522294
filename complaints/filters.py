"""Filters shared by the triage queue, the API list, the stats endpoint and the CSV export."""

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from supervision.core.months import start_of_day
from supervision.core.provinces import Province

from .choices import Category, ComplaintStatus
from .models import Complaint


class ComplaintFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ComplaintStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"), method="filter_category")
    lender = django_filters.CharFilter(field_name="lender__code", label=_("Lender code"))
    agency = django_filters.CharFilter(field_name="agency__code", label=_("Agency code"))
    province = django_filters.ChoiceFilter(field_name="region", choices=Province.choices, label=_("Province"))
    received_from = django_filters.DateFilter(label=_("Received from"), method="filter_received_from")
    received_to = django_filters.DateFilter(label=_("Received to"), method="filter_received_to")
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Complaint
        fields = ["status", "category", "lender", "agency", "province", "received_from", "received_to", "q"]

    # Compare with the local day's bounds, not received_at::date, so the (…, received_at) indexes serve.
    def filter_received_from(self, queryset, name, value):
        return queryset.filter(received_at__gte=start_of_day(value))

    def filter_received_to(self, queryset, name, value):
        return queryset.filter(received_at__lt=start_of_day(value + dt.timedelta(days=1)))

    def filter_category(self, queryset, name, value):
        return queryset.filter(category_rows__code=value)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(narrative__icontains=value) | Q(receipt_no__iexact=value) | Q(lender_name__icontains=value)
            | Q(collector_name__icontains=value) | Q(lender__name__icontains=value) | Q(agency__name__icontains=value)
        )

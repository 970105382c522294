"""Filters shared by the register's pages and its API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Agency, Lender, Mandate


class EntitySearchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(credit_code__iexact=value))


class LenderFilterSet(EntitySearchFilterSet):
    class Meta:
        model = Lender
        fields = ["q", "type", "province"]


class AgencyFilterSet(EntitySearchFilterSet):
    class Meta:
        model = Agency
        fields = ["q", "status", "province"]


class MandateFilterSet(django_filters.FilterSet):
    lender = django_filters.CharFilter(field_name="lender__code", label=_("Lender code"))
    agency = django_filters.CharFilter(field_name="agency__code", label=_("Agency code"))
    valid_on = django_filters.DateFilter(label=_("Valid on"), method="filter_valid_on")

    class Meta:
        model = Mandate
        fields = ["lender", "agency", "valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)

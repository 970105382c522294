from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView
from django_filters.views import FilterView

from .filters import AgencyFilterSet, LenderFilterSet, MandateFilterSet
from .models import Agency, Lender, Mandate


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Pages show only what `visible_to` lets the user see; anything else is a 404."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class LenderListView(ScopedQuerysetMixin, FilterView):
    model = Lender
    filterset_class = LenderFilterSet
    paginate_by = 50
    template_name = "entities/lender_list.html"


class AgencyListView(ScopedQuerysetMixin, FilterView):
    model = Agency
    filterset_class = AgencyFilterSet
    paginate_by = 50
    template_name = "entities/agency_list.html"


class MandateListView(ScopedQuerysetMixin, FilterView):
    model = Mandate
    filterset_class = MandateFilterSet
    paginate_by = 50
    template_name = "entities/mandate_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("lender", "agency")


class EntityDetailView(ScopedQuerysetMixin, DetailView):
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_context_data(self, **kwargs):
        mandates = Mandate.objects.visible_to(self.request.user).filter(**{self.model._meta.model_name: self.object})
        return super().get_context_data(mandates=mandates.select_related("lender", "agency"), **kwargs)


class LenderDetailView(EntityDetailView):
    model = Lender
    template_name = "entities/lender_detail.html"


class AgencyDetailView(EntityDetailView):
    model = Agency
    template_name = "entities/agency_detail.html"


class MandateDetailView(ScopedQuerysetMixin, DetailView):
    model = Mandate
    template_name = "entities/mandate_detail.html"

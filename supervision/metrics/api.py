from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from supervision.accounts.permissions import IsRegulator
from supervision.core.months import parse_period
from supervision.core.serializers import LabelField
from supervision.rules.models import RuleProfile, profile_by_name

from . import selectors
from .models import Alert, MetricResult


class MetricResultSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    lender = serializers.CharField(source="lender.code", allow_null=True, default=None)
    period = serializers.DateField(format="%Y-%m")
    profile = serializers.CharField(source="profile.__str__")
    metric_label = LabelField("metric", source="metric")

    class Meta:
        model = MetricResult
        fields = ["id", "scope", "collector_code", "agency", "lender", "period", "metric", "metric_label", "value",
                  "numerator", "denominator", "profile", "computed_at"]


class AlertSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    lender = serializers.CharField(source="lender.code", allow_null=True, default=None)
    period = serializers.DateField(format="%Y-%m")
    kind_label = LabelField("alert_kind", source="kind")
    metric_label = LabelField("metric", source="metric")
    state_label = LabelField("alert_state", source="state")
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)

    class Meta:
        model = Alert
        fields = ["id", "scope", "agency", "lender", "period", "kind", "kind_label", "metric", "metric_label", "value",
                  "threshold", "baseline", "raised_at", "state", "state_label", "assignee", "dismissed_reason"]


def _period(request):
    value = request.query_params.get("period")
    if not value:
        return None
    try:
        return parse_period(value)
    except Exception as exc:
        raise ValidationError({"period": getattr(exc, "messages", [str(exc)])}) from None


def _profile(request) -> RuleProfile | None:
    name = request.query_params.get("profile")
    if not name:
        return None
    profile = profile_by_name(name)
    if profile is None:
        raise ValidationError({"profile": [f"No rule profile is named {name!r}."]})
    return profile


class MetricResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Metric results: regulators see all; an entity user its own agency's (or lender's) rows."""

    serializer_class = MetricResultSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database
            return MetricResult.objects.none()
        params = self.request.query_params
        return selectors.results_for(user=self.request.user, period=_period(self.request),
                                     entity=params.get("entity") or None, metric=params.get("metric") or None,
                                     profile=_profile(self.request))

    @extend_schema(parameters=[OpenApiParameter("period", str), OpenApiParameter("entity", str),
                               OpenApiParameter("metric", str),
                               OpenApiParameter("profile", str, description="A rule profile's name (its newest "
                                                "version); the default profile when absent.")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[OpenApiParameter("page", int)],
                   responses={200: inline_serializer("ContactsBehind", {
                       "columns": serializers.ListField(child=serializers.CharField()),
                       "rows": serializers.ListField(child=serializers.ListField())}),
                       404: OpenApiResponse(description="Not found")})
    @action(detail=True, methods=["get"], permission_classes=[IsRegulator])
    def contacts(self, request, pk=None):
        """The contacts behind a value, 50 a page, with pseudonymous identifiers."""
        try:
            page = max(1, int(request.query_params.get("page", 1)))
        except ValueError:
            raise ValidationError({"page": ["A page number."]}) from None
        columns, rows = selectors.contacts_behind(result=self.get_object(), page=page)
        return Response({"columns": columns, "rows": [[str(v) if v is not None else None for v in r] for r in rows]})


class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    """Alerts for supervisors: what crossed a threshold or surged."""

    serializer_class = AlertSerializer
    lookup_value_regex = "[0-9]+"
    permission_classes = [IsRegulator]
    queryset = Alert.objects.select_related("agency", "lender", "assignee")

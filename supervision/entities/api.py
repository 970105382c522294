from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets

from supervision.accounts.permissions import ReadScopedWriteSupervisor

from .filters import AgencyFilterSet, LenderFilterSet, MandateFilterSet
from .models import MANDATE_DATES_REVERSED, Agency, Lender, Mandate


class RegisterEntitySerializer(serializers.ModelSerializer):
    """A register entry. Entities created by complaint imports (firms outside China) have no credit code,
    so it may read null; whoever writes the register must give one."""

    def validate_credit_code(self, value):
        if not value:
            raise serializers.ValidationError(_("A unified social credit code is required."), code="required")
        return value


class LenderSerializer(RegisterEntitySerializer):
    class Meta:
        model = Lender
        fields = ["id", "code", "name", "type", "credit_code", "licence_no", "province", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"credit_code": {"required": True}, "province": {"required": True}}


class AgencySerializer(RegisterEntitySerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name", "credit_code", "licence_no", "province", "status", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"credit_code": {"required": True}, "province": {"required": True}}


class MandateSerializer(serializers.ModelSerializer):
    lender = serializers.SlugRelatedField(slug_field="code", queryset=Lender.objects.all())
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())

    class Meta:
        model = Mandate
        fields = ["id", "lender", "agency", "valid_from", "valid_to", "portfolio_note", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        valid_from = attrs.get("valid_from", getattr(self.instance, "valid_from", None))
        valid_to = attrs.get("valid_to", getattr(self.instance, "valid_to", None))
        if valid_from and valid_to and valid_to < valid_from:
            raise serializers.ValidationError(
                {"valid_to": [MANDATE_DATES_REVERSED]}, code="mandate_dates_reversed"
            )
        return attrs


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Lists and details scoped to what the user may see; writes for supervisors."""

    permission_classes = [ReadScopedWriteSupervisor]
    # The register keeps its history: entities are suspended or revoked, never deleted here.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    model = None
    lookup_value_regex = "[0-9]+"  # ids are integers; anything else is a 404 before any lookup

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class LenderViewSet(ScopedModelViewSet):
    model = Lender
    serializer_class = LenderSerializer
    filterset_class = LenderFilterSet
    lookup_field = "code"
    lookup_value_regex = "[-A-Za-z0-9_]+"


class AgencyViewSet(ScopedModelViewSet):
    model = Agency
    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet
    lookup_field = "code"
    lookup_value_regex = "[-A-Za-z0-9_]+"


class MandateViewSet(ScopedModelViewSet):
    model = Mandate
    serializer_class = MandateSerializer
    filterset_class = MandateFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("lender", "agency")

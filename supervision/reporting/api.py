from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from supervision.accounts.permissions import IsRegulator
from supervision.core.months import parse_period

from . import services, storage, views
from .filters import ReportFilterSet
from .messages import reason_message
from .models import Report
from .uploads import declared_too_large, limit_uploads


class UploadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "upload_too_large"
    default_detail = gettext_lazy("The file is larger than the upload limit.")


class CellErrorSerializer(serializers.Serializer):
    file = serializers.CharField()
    line = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    value = serializers.CharField()
    reason = serializers.CharField()
    message = serializers.SerializerMethodField()

    def get_message(self, error) -> str:
        return reason_message(error["reason"])


class ReportSerializer(serializers.ModelSerializer):
    submitter = serializers.CharField(source="submitter.code", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)
    due_date = serializers.DateField(read_only=True)
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = Report
        fields = [
            "id", "submitter", "period", "status", "progress", "stage", "accounts_rows", "contacts_rows",
            "error_count", "contract_version", "due_date", "is_late", "created_at", "finished_at",
        ]
        read_only_fields = fields


class ReportDetailSerializer(ReportSerializer):
    errors = CellErrorSerializer(source="errors_preview", many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "errors"]
        read_only_fields = fields


class CheckResultSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    accounts_rows = serializers.IntegerField()
    contacts_rows = serializers.IntegerField()
    error_count = serializers.IntegerField()
    errors = CellErrorSerializer(many=True)


class ReportUploadSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="YYYY-MM")
    accounts = serializers.FileField()
    contacts = serializers.FileField()

    def validate_period(self, value):
        try:
            return parse_period(value)
        except Exception as exc:  # forms.ValidationError carries the translated message
            raise serializers.ValidationError(getattr(exc, "messages", [str(exc)])) from None


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Monthly conduct reports: entity users submit and follow their own; regulators see all."""

    filterset_class = ReportFilterSet
    lookup_value_regex = "[0-9]+"
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related("lender", "agency")

    def get_serializer_class(self):
        if self.action == "create":
            return ReportUploadSerializer
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def initialize_request(self, request, *args, **kwargs):
        if request.method == "POST":
            self.upload_handler = limit_uploads(request)
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        # Before authentication: a session's CSRF check would otherwise read the whole body.
        if request.method == "POST" and declared_too_large(request):
            raise UploadTooLarge()
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": ReportUploadSerializer},
        responses={201: ReportSerializer, 200: ReportSerializer, 400: OpenApiResponse(description="Invalid input"),
                   403: OpenApiResponse(description="Not an entity user"), 413: OpenApiResponse(description="Too large"),
                   # A body that is not the multipart form it claims to be (no boundary, say) is refused before parsing.
                   415: OpenApiResponse(description="Not a multipart/form-data body")},
    )
    def create(self, request, *args, **kwargs):
        data = self._upload(request)
        report, created = services.report_submit(
            submitter=request.user.entity,
            period=data["period"],
            accounts=data["accounts"],
            contacts=data["contacts"],
            submitted_by=request.user,
            accounts_name=data["accounts"].name,
            contacts_name=data["contacts"].name,
        )
        report.refresh_from_db()
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _upload(self, request) -> dict:
        """The month and the two files of a submission (or its dry run), from an entity user."""
        if request.user.entity is None:
            raise PermissionDenied(_("Only users of a lender or an agency submit reports."))
        serializer = ReportUploadSerializer(data=request.data)
        if self.upload_handler.too_large:
            raise UploadTooLarge({self.upload_handler.too_large: [UploadTooLarge.default_detail]})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def get_throttles(self):
        if self.action == "check":  # a dry run costs a validation: its own, tighter budget
            self.throttle_scope = "report_check"
            return [ScopedRateThrottle()]
        return super().get_throttles()

    @extend_schema(
        request={"multipart/form-data": ReportUploadSerializer},
        responses={200: CheckResultSerializer, 400: OpenApiResponse(description="Invalid input"),
                   403: OpenApiResponse(description="Not an entity user"), 413: OpenApiResponse(description="Too large"),
                   415: OpenApiResponse(description="Not a multipart/form-data body")},
    )
    @action(detail=False, methods=["post"], url_path="validate")
    def check(self, request):
        """A dry run: every check of a submission, the same error report, and nothing stored."""
        data = self._upload(request)
        result = services.report_check(submitter=request.user.entity, period=data["period"],
                                       accounts=data["accounts"], contacts=data["contacts"])
        return Response(CheckResultSerializer(result).data)

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(description="Every bad cell"), 404: None})
    @action(detail=True, methods=["get"])
    def errors(self, request, pk=None):
        """The whole rejection list as CSV."""
        return views.errors_download(self.get_object())

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The raw file"), 404: None})
    @action(detail=True, methods=["get"], url_path=r"raw/(?P<kind>accounts|contacts)", permission_classes=[IsRegulator])
    def raw(self, request, pk=None, kind=None):
        """The file as uploaded, for inspections (regulator staff only)."""
        report = self.get_object()
        try:
            file = storage.open_file(storage.raw_path(getattr(report, f"{kind}_sha256")))
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(file, as_attachment=True, filename=getattr(report, f"{kind}_name"))

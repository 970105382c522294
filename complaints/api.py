import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from supervision.accounts.permissions import IsRegulator
from supervision.core.labels import label
from supervision.core.serializers import LabelField

from . import selectors, services
from .categorise import categorise, rules_for
from .choices import AccessPurpose, Category, CollectorKind, Outcome, PublicStatement, Resolution, ResponseType, Source
from .filters import ComplaintFilterSet
from .forms import NARRATIVE_MAX, CloseForm, ComplaintForm, ResponseForm, TriageForm
from .models import Complaint


class ComplaintSerializer(serializers.ModelSerializer):
    """A complaint as the reader may see it: personal data masked unless the reader may see it."""

    lender = serializers.CharField(source="lender.code", allow_null=True, default=None)
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    categories = serializers.SerializerMethodField()
    category_labels = serializers.SerializerMethodField()
    status_label = LabelField("complaint_status", source="status")
    region_label = LabelField("province", source="region")
    complainant = serializers.SerializerMethodField()
    responded_in_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = Complaint
        fields = [
            "id", "receipt_no", "source", "received_at", "status", "status_label", "outcome", "complainant_role",
            "lender", "lender_name", "collector_kind", "agency", "collector_name", "categories", "category_labels",
            "suggested_categories", "occurred_on", "channel", "region", "region_label", "consent_to_share",
            "forwarded_at", "response_due", "responded_at",
            "responded_in_time", "response_explanation", "response_remedy", "response_resolution", "complainant",
        ]
        read_only_fields = fields

    def get_categories(self, complaint) -> list[str]:
        return [row.code for row in complaint.category_rows.all()]

    def get_category_labels(self, complaint) -> list[str]:
        return [label("category", row.code) for row in complaint.category_rows.all()]

    def get_complainant(self, complaint) -> dict:
        return selectors.shown_to(self.context["request"].user, complaint, purpose=AccessPurpose.API,
                                  needs_personal_data=self.context.get("detail", False))


def _body(request) -> dict:
    """The request's fields; a JSON body that is not an object (a list, a number) is refused plainly."""
    if not hasattr(request.data, "get"):
        raise ValidationError({"non_field_errors": [_("Send the fields as a JSON object or a form.")]},
                              code="not_an_object")
    if hasattr(request.data, "getlist"):
        return request.data
    # A JSON object is read as a form would send it: a list where one value is expected gives its last value, and
    # anything nested arrives as text, which the field refuses by name (a form field given a list would crash).
    return MultiValueDict({name: [_flat(item) for item in value] if isinstance(value, list) else [_flat(value)]
                           for name, value in request.data.items()})


def _flat(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def _form_errors(form) -> ValidationError:
    return ValidationError({field: [str(message) for message in messages] for field, messages in form.errors.items()})


INTAKE_SCHEMA = inline_serializer(
    "ComplaintIntake",
    {
        "complainant_role": serializers.CharField(), "lender": serializers.CharField(required=False),
        "lender_name": serializers.CharField(required=False), "collector_kind": serializers.CharField(),
        "agency": serializers.CharField(required=False), "collector_name": serializers.CharField(required=False),
        "categories": serializers.ListField(child=serializers.CharField()), "occurred_on": serializers.DateField(),
        "channel": serializers.CharField(), "narrative": serializers.CharField(max_length=NARRATIVE_MAX),
        "evidence": serializers.ListField(child=serializers.FileField(), required=False),
        "complainant_name": serializers.CharField(required=False),
        "complainant_phone": serializers.CharField(required=False),
        "complainant_email": serializers.EmailField(required=False),
        "consent_to_share": serializers.BooleanField(required=False),
        "consent_to_publish": serializers.BooleanField(required=False),
    },
)
TRIAGE_SCHEMA = inline_serializer("ComplaintTriage", {
    "categories": serializers.ListField(child=serializers.ChoiceField(Category.choices)),
    "lender": serializers.CharField(required=False), "agency": serializers.CharField(required=False),
    "collector_kind": serializers.ChoiceField(CollectorKind.choices), "note": serializers.CharField(required=False),
})
RESPONSE_SCHEMA = inline_serializer("ComplaintResponse", {
    "explanation": serializers.CharField(max_length=5000), "remedy": serializers.CharField(required=False),
    "resolution": serializers.ChoiceField(Resolution.choices),
    "response_type": serializers.ChoiceField([c for c in ResponseType.choices if c[0] != ResponseType.IN_PROGRESS],
                                             required=False),
    "public_statement": serializers.ChoiceField(PublicStatement.choices, required=False),
})
CLOSE_SCHEMA = inline_serializer("ComplaintClose", {
    "outcome": serializers.ChoiceField([c for c in Outcome.choices if c[0] != Outcome.MERGED]),
    "note": serializers.CharField(required=False),
})
SUGGESTIONS_SCHEMA = inline_serializer("Suggestions", {
    "suggested": serializers.ListField(child=serializers.ChoiceField(Category.choices)),
    "evidence": inline_serializer("SuggestionEvidence", {
        "code": serializers.ChoiceField(Category.choices), "text": serializers.CharField(),
        "start": serializers.IntegerField(), "end": serializers.IntegerField(), "reason": serializers.CharField(),
    }, many=True),
})
RECEIPT_SCHEMA = inline_serializer("ComplaintReceipt", {"receipt_no": serializers.CharField(),
                                                        "tracking_url": serializers.CharField()})


class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Complaints: anyone files one; regulators see all; an entity sees those forwarded to it."""

    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilterSet
    lookup_value_regex = "[0-9]+"
    throttle_scope = "public"

    def get_queryset(self):
        return selectors.complaints_visible_to(self.request.user).select_related("lender", "agency").prefetch_related(
            "category_rows"
        )

    def get_permissions(self):
        if self.action in ("create", "categorise", "track"):
            return [AllowAny()]
        if self.action in ("triage", "forward", "close", "stats"):
            return [IsRegulator()]
        return [IsAuthenticated()]

    def get_serializer_context(self):
        # Only one complaint's own page needs the complainant's details unmasked (and logs that it showed them).
        return super().get_serializer_context() | {"detail": self.action == "retrieve"}

    def get_throttles(self):
        return [ScopedRateThrottle()] if self.action in ("create", "categorise", "track") else []

    @extend_schema(request={"multipart/form-data": INTAKE_SCHEMA, "application/json": INTAKE_SCHEMA},
                   responses={201: RECEIPT_SCHEMA, 400: OpenApiResponse(description="Field errors")})
    def create(self, request):
        """File a complaint; the answer is the receipt number and a private tracking link."""
        form = ComplaintForm(_body(request), request.FILES)
        if not form.is_valid():
            raise _form_errors(form)
        complaint, token = services.complaint_submit(data=form.complaint_data(), evidence=form.cleaned_data["evidence"],
                                                     source=Source.API)
        path = reverse("complaints:track", args=[complaint.receipt_no, token])
        return Response({"receipt_no": complaint.receipt_no, "tracking_url": request.build_absolute_uri(path)},
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=inline_serializer("Narrative", {"narrative": serializers.CharField(max_length=NARRATIVE_MAX)}),
                   responses={200: SUGGESTIONS_SCHEMA, 400: OpenApiResponse(description="No narrative")})
    @action(detail=False, methods=["post"])
    def categorise(self, request):
        """Suggested categories for a narrative, as the complainant types, with the words behind each and why."""
        narrative = _body(request).get("narrative")
        if not isinstance(narrative, str) or len(narrative) > NARRATIVE_MAX:
            raise ValidationError({"narrative": [_("Send the narrative as text of at most %(max)s characters.")
                                                 % {"max": NARRATIVE_MAX}]}, code="invalid")
        result = categorise(narrative, rules_for())
        return Response({"suggested": result.suggested, "evidence": [item.as_dict() for item in result.evidence]})

    @extend_schema(parameters=[OpenApiParameter("receipt", str), OpenApiParameter("token", str)],
                   responses={200: inline_serializer("TrackedStatus", {"receipt_no": serializers.CharField(),
                                                                       "status": serializers.CharField(),
                                                                       "status_label": serializers.CharField()}),
                              404: OpenApiResponse(description="Unknown receipt or token")})
    @action(detail=False, methods=["get"])
    def track(self, request):
        """A complaint's status, for whoever holds its receipt number and tracking token."""
        complaint = services.complaint_for_tracking(receipt_no=request.query_params.get("receipt", ""),
                                                    token=request.query_params.get("token", ""))
        if complaint is None:
            return Response({"detail": "Not found."}, status=404)
        return Response({"receipt_no": complaint.receipt_no, "status": complaint.status,
                         "status_label": label("complaint_status", complaint.status)})

    @extend_schema(parameters=[OpenApiParameter("group_by", str, enum=list(selectors.GROUPINGS), required=True)],
                   responses={200: inline_serializer("ComplaintCount", {
                       "key": serializers.CharField(), "name": serializers.CharField(allow_null=True),
                       "complaints": serializers.IntegerField()}, many=True),
                       400: OpenApiResponse(description="Unknown grouping")})
    @action(detail=False, methods=["get"], pagination_class=None)
    def stats(self, request):
        """Complaints counted per lender, agency, category, month or province, with the queue's filters; merged
        duplicates are not counted again. From the precomputed monthly counts when they answer exactly."""
        from supervision.dashboard.complaint_stats import precomputed_counts

        group_by = request.query_params.get("group_by")
        if group_by not in selectors.GROUPINGS:
            raise ValidationError({"group_by": [f"Choose one of: {', '.join(selectors.GROUPINGS)}."]})
        complaints = self.filter_queryset(selectors.complaints_visible_to(request.user).filter(duplicate_of__isnull=True))
        params = {name: request.query_params.get(name) for name in ComplaintFilterSet.base_filters}
        counted = precomputed_counts(params=params, group_by=group_by) if request.user.is_regulator else None
        return Response(counted if counted is not None else selectors.complaint_counts(complaints=complaints,
                                                                                        group_by=group_by))

    def _act(self, request, pk, form_class, service, **extra):
        complaint = get_object_or_404(self.get_queryset(), pk=pk)
        form = form_class(_body(request)) if form_class else None
        if form is not None and not form.is_valid():
            raise _form_errors(form)
        try:
            complaint = service(complaint=complaint, by=request.user, **(form.cleaned_data if form else {}), **extra)
        except DjangoValidationError as exc:
            raise ValidationError({"status": exc.messages}) from None
        return Response(self.get_serializer(complaint).data)

    @extend_schema(request=TRIAGE_SCHEMA, responses={200: ComplaintSerializer, 400: OpenApiResponse(description="Refused")})
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        return self._act(request, pk, TriageForm, services.complaint_triage)

    @extend_schema(request=None, responses={200: ComplaintSerializer, 400: OpenApiResponse(description="Refused")})
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        return self._act(request, pk, None, services.complaint_forward)

    @extend_schema(request=RESPONSE_SCHEMA, responses={200: ComplaintSerializer, 400: OpenApiResponse(description="Refused"),
                                                       403: OpenApiResponse(description="Not the entity")})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """The entity's answer (entity users of the complaint's lender or agency)."""
        if request.user.entity is None:
            return Response({"detail": "Only the entity the complaint was forwarded to answers it."}, status=403)
        return self._act(request, pk, ResponseForm, services.complaint_respond)

    @extend_schema(request=CLOSE_SCHEMA, responses={200: ComplaintSerializer, 400: OpenApiResponse(description="Refused")})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(request, pk, CloseForm, services.complaint_close)

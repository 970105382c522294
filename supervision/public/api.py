"""The public complaint database's API: no login, throttled, cached per publication run and query."""


from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from supervision.core.cache import cached
from supervision.core.exports import csv_response
from supervision.core.labels import label

from . import selectors
from .models import PublishedCategory, PublishedComplaint
from .selectors import IN_HOUSE, MAX_PAGE_SIZE, PublicQuery

CACHE_SECONDS = 300


class PublishedComplaintSerializer(serializers.ModelSerializer):
    """What the public may read of a complaint, codes with their labels."""

    public_id = serializers.IntegerField(source="pk")
    date_received = serializers.DateField(source="received_on")
    province_label = serializers.SerializerMethodField()
    lender = serializers.CharField(source="lender.code", default=None)
    lender_name = serializers.CharField(source="lender.name", default=None)
    agency = serializers.SerializerMethodField()
    agency_name = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    category_labels = serializers.SerializerMethodField()
    channel_label = serializers.SerializerMethodField()
    response_label = serializers.SerializerMethodField()
    public_statement_label = serializers.SerializerMethodField()
    has_narrative = serializers.SerializerMethodField()

    class Meta:
        model = PublishedComplaint
        fields = ["public_id", "date_received", "province", "province_label", "lender", "lender_name", "agency",
                  "agency_name", "categories", "category_labels", "channel", "channel_label", "response",
                  "response_label", "public_statement", "public_statement_label", "timely", "has_narrative",
                  "narrative"]

    def get_province_label(self, row) -> str:
        return label("province", row.province)

    def get_agency(self, row) -> str:
        return row.agency.code if row.agency_id else IN_HOUSE

    def get_agency_name(self, row) -> str:
        return row.agency.name if row.agency_id else _("In-house collection")

    def get_categories(self, row) -> list[str]:
        return sorted(category.code for category in row.categories.all())

    def get_category_labels(self, row) -> list[str]:
        return [label("category", code) for code in self.get_categories(row)]

    def get_channel_label(self, row) -> str:
        return label("complaint_channel", row.channel)

    def get_response_label(self, row) -> str:
        return label("response_type", row.response)

    def get_public_statement_label(self, row) -> str:
        return label("public_statement", row.public_statement)

    def get_has_narrative(self, row) -> bool:
        return bool(row.narrative)


FILTERS = [OpenApiParameter("search", str, description="Words or a phrase; Chinese is matched in character pairs"),
           OpenApiParameter("date_received_min", str), OpenApiParameter("date_received_max", str),
           *[OpenApiParameter(name, str, many=True) for facet in selectors.FACETS for name in (facet, f"not_{facet}")]]

CSV_HEADER = ["public_id", "date_received", "province", "lender", "lender_name", "agency", "agency_name",
              "categories", "channel", "response", "public_statement", "timely", "narrative"]


def _query(request) -> PublicQuery:
    query, errors = PublicQuery.from_params(request.query_params)
    if errors:
        raise ValidationError(errors)
    return query


def _number(request, name: str, default: int, top: int) -> int:
    value = request.query_params.get(name, str(default))
    if not value.isdigit() or not 1 <= int(value) <= top:
        raise ValidationError({name: [_("A whole number from 1 to %(top)s.") % {"top": top}]})
    return int(value)


def _cached(request, query: PublicQuery, *details, build):
    """Kept per publication run and per query as read, so parameters the endpoint ignores (a cache-buster, a
    tracking tag) cannot make every request a fresh search of the whole database."""
    return cached("public", selectors.data_version(), request.path, query.key(), *details, build=build,
                  seconds=CACHE_SECONDS)


class PublicComplaintViewSet(viewsets.ViewSet):
    """Published complaints, for anyone: search, filter or exclude, facet counts, trends, one complaint."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public_search"
    lookup_value_regex = "[0-9]+"

    def perform_content_negotiation(self, request, force=False):
        # `format=csv` is this endpoint's own parameter (streamed by _csv), not a renderer to negotiate.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(parameters=[*FILTERS, OpenApiParameter("sort", str, enum=["date_received", "-date_received"]),
                               OpenApiParameter("page", int), OpenApiParameter("size", int),
                               OpenApiParameter("format", str, enum=["json", "csv"])],
                   responses={200: OpenApiResponse(description="count, results, aggregations and meta"),
                              400: OpenApiResponse(description="A parameter could not be read")})
    def list(self, request):
        query = _query(request)
        if request.query_params.get("format") == "csv":
            return _csv(query)
        page, size = _number(request, "page", 1, 10_000), _number(request, "size", 25, MAX_PAGE_SIZE)

        def build():
            counted = selectors.facets(query)
            return {"count": counted.total,
                    "results": PublishedComplaintSerializer(selectors.results(query, page=page, size=size),
                                                            many=True).data,
                    "aggregations": counted.counts, "meta": selectors.meta()}

        return Response(_cached(request, query, page, size, build=build))

    @extend_schema(parameters=[*FILTERS, OpenApiParameter("lens", str, enum=[*selectors.LENSES]),
                               OpenApiParameter("interval", str, enum=[*selectors.STEPS])],
                   responses={200: OpenApiResponse(description="periods and series"),
                              400: OpenApiResponse(description="A parameter could not be read")})
    @action(detail=False, methods=["get"])
    def trends(self, request):
        query = _query(request)
        lens, interval = request.query_params.get("lens", "overview"), request.query_params.get("interval", "month")
        if lens not in selectors.LENSES or interval not in selectors.STEPS:
            raise ValidationError({"lens": [", ".join(selectors.LENSES)], "interval": [", ".join(selectors.STEPS)]})
        return Response(_cached(request, query, lens, interval, build=lambda: selectors.trends(
            query, lens=lens, interval=interval) | {"meta": selectors.meta()}))

    @extend_schema(responses={200: PublishedComplaintSerializer, 404: OpenApiResponse(description="Not published")})
    def retrieve(self, request, pk=None):
        row = get_object_or_404(PublishedComplaint.objects.select_related("lender", "agency")
                                .prefetch_related("categories"), pk=pk)
        return Response(PublishedComplaintSerializer(row).data)


CSV_BATCH = 5000


def _csv(query: PublicQuery):
    """Streamed in batches (flat memory), at most PUBLIC_CSV_MAX_ROWS rows; past that, a last line says so."""
    cap = settings.PUBLIC_CSV_MAX_ROWS
    ids = selectors.matching_ids(query, limit=cap + 1)
    in_house = _("In-house collection")

    def batch_lines(batch: list[int]):
        found = {row[0]: row for row in PublishedComplaint.objects.filter(pk__in=batch).values_list(
            "pk", "received_on", "province", "lender__code", "lender__name", "agency__code", "agency__name",
            "channel", "response", "public_statement", "timely", "narrative")}
        rows = [found[pk] for pk in batch if pk in found]  # in the search's order
        codes: dict[int, list[str]] = {}
        for published_id, code in PublishedCategory.objects.filter(published_id__in=batch) \
                .order_by("code").values_list("published_id", "code"):
            codes.setdefault(published_id, []).append(code)
        for (pk, day, province, lender, lender_name, agency, agency_name, channel, response, statement, timely,
             narrative) in rows:
            yield [pk, day, province, lender, lender_name, agency or IN_HOUSE, agency_name or in_house,
                   ";".join(codes.get(pk, [])), channel, response, statement, timely, narrative]

    def lines():
        for start in range(0, len(ids), CSV_BATCH):
            yield from batch_lines(ids[start:start + CSV_BATCH])

    return csv_response("complaints.csv", CSV_HEADER, _capped(lines(), cap), labelled={
        "province": "province", "categories": "category", "channel": "complaint_channel", "response": "response_type",
        "public_statement": "public_statement"})


def _capped(lines, cap: int):
    """The first `cap` lines, then a line saying the file stops there (when there were more)."""
    for number, line in enumerate(lines):
        if number == cap:
            yield [_("Only the first %(cap)s rows are in this file: narrow the search.") % {"cap": cap}]
            return
        yield line

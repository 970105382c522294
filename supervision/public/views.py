"""The public's pages: the front door, the complaint database's search and detail pages, entity profiles."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.models import Complaint
from supervision.accounts.permissions import supervisor_required
from supervision.accounts.views import home
from supervision.core.cache import cached
from supervision.core.querystrings import query_without
from supervision.enforcement.selectors import published_actions
from supervision.entities.models import Agency, Lender
from supervision.metrics.models import MetricResult, Scope
from supervision.rules.models import default_profile

from . import charts, selectors
from .api import CACHE_SECONDS
from .models import PublishedComplaint
from .publication import narrative_withhold
from .selectors import PublicQuery

PAGE_SIZE = 20


def front_door(request):
    """Visitors who are not logged in start here: complain, track, search, see enforcement; staff log in."""
    if request.user.is_authenticated:
        return home(request)
    return render(request, "public/front.html", {"meta": selectors.meta(),
                                                 "actions": published_actions()[:5]})


def complaint_search(request):
    """Search, filter and exclude; facet counts; a trend that follows the filters; the URL is the search."""
    query, errors = PublicQuery.from_params(request.GET)
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() and int(request.GET["page"]) > 0 else 1
    # The same answers as the API's, kept the same way: once per publication run, language and query.
    facets, rows, trend = cached(
        "public-page", selectors.data_version(), query.key(), page, seconds=CACHE_SECONDS,
        build=lambda: (selectors.facets(query), selectors.results(query, page=page, size=PAGE_SIZE),
                       selectors.trends(query, lens="overview", interval="month")))
    count = facets.total
    return render(request, "public/search.html", {
        "query": query, "errors": errors, "count": count, "page": page, "pages": max(1, -(-count // PAGE_SIZE)),
        "rows": [(row, _highlighted(row.narrative[:400], query.search)) for row in rows],
        "facets": [(facet, _facet_title(facet), values, request.GET.getlist(facet),
                    request.GET.getlist(f"not_{facet}")) for facet, values in facets.counts.items()],
        "chart": charts.embed(charts.trend(trend), "chart-public-trend"),
        "trend_rows": list(zip(trend["periods"], trend["series"][0]["counts"], strict=True)) if trend["series"] else [],
        "params": query_without(request.GET, "page"), "meta": selectors.meta(),
    })


def complaint_detail(request, public_id: int):
    row = get_object_or_404(PublishedComplaint.objects.select_related("lender", "agency")
                            .prefetch_related("categories"), pk=public_id)
    return render(request, "public/detail.html", {"row": row})


def entity_profile(request, kind: str, code: str):
    """An entity's public record: complaints over time by category, timeliness, enforcement, and its rate."""
    model = {"lenders": Lender, "agencies": Agency}.get(kind)
    if model is None:
        raise Http404
    entity = get_object_or_404(model, code=code)
    facet = "lender" if model is Lender else "agency"
    query = PublicQuery(include={facet: (code,)})
    trend = selectors.trends(query, lens="category", interval="month")
    counted = selectors.facets(query)
    timely = {row["value"]: row["count"] for row in counted.counts["timely"]}
    answered = sum(timely.values())
    rate = (MetricResult.objects.filter(scope=Scope.LENDER if model is Lender else Scope.AGENCY,
                                        entity_key=f"{facet}:{code}", metric="complaints_per_10k_accounts",
                                        profile=default_profile())
            .order_by("-period").values_list("period", "value", "denominator").first())
    return render(request, "public/profile.html", {
        "entity": entity, "kind": kind, "facet": facet, "total": counted.total,
        "chart": charts.embed(charts.trend(trend, stacked=True), "chart-profile-trend"), "trend": trend,
        "timely_share": round(100 * timely.get("true", 0) / answered) if answered else None, "answered": answered,
        "rate": rate if rate and rate[2] else None,
        "actions": published_actions().filter(**{facet: entity}),
    })


def _facet_title(facet: str) -> str:
    return {"lender": _("Lender"), "agency": _("Collection agency"), "category": _("Category"),
            "province": _("Province"), "channel": _("Channel"), "response": _("Response"),
            "timely": _("Answered in time"), "has_narrative": _("With the complainant's account")}[facet]


def _highlighted(text: str, search: str) -> str:
    """The excerpt with the searched words marked (escaped first: narratives are the public's text)."""
    safe = escape(text)
    for word in {word for word in search.split() if word}:
        safe = safe.replace(escape(word), f"<mark>{escape(word)}</mark>")
    return mark_safe(safe)  # noqa: S308 (escaped above)




def track(request):
    """The front door's tracking form: the receipt number and the private token lead to the status page."""
    receipt, token = request.GET.get("receipt", "").strip(), request.GET.get("token", "").strip()
    if not receipt or not token:
        raise Http404
    return redirect("complaints:track", receipt_no=receipt, token=token)


@supervisor_required
@require_POST
def withhold(request, complaint_id: int):
    """A supervisor keeps a complaint's narrative out of the public database, giving the reason."""
    complaint = get_object_or_404(Complaint, pk=complaint_id)
    try:
        narrative_withhold(complaint=complaint, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The narrative is withheld from publication."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(complaint)

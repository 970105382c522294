from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.accounts.models import SavedView, active_staff, chosen_staff
from supervision.accounts.permissions import regulator_required, supervisor_required
from supervision.core.exports import csv_response
from supervision.core.personal_data import mask_text
from supervision.core.querystrings import query_without

from . import queue, selectors, services
from .categorise import categorise, rules_for, segments
from .choices import AccessPurpose, Category, ComplaintStatus, Outcome
from .filters import ComplaintFilterSet
from .forms import CloseForm, ComplaintForm, ResponseForm, TriageForm
from .models import Complaint, Evidence


@supervisor_required
def personal_data_log(request):
    """Every view of unmasked personal data, for supervisors to review (filter by user or complaint)."""
    accesses = selectors.personal_data_accesses(username=request.GET.get("user", "").strip(),
                                                receipt_no=request.GET.get("receipt", "").strip())
    page = Paginator(accesses, 100).get_page(request.GET.get("page"))
    return render(request, "complaints/personal_data_log.html", {"page": page,
                                                                 "filters": query_without(request.GET, "page")})


def complaint_new(request):
    """The public complaint form: no login."""
    form = ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        complaint, token = services.complaint_submit(data=form.complaint_data(), evidence=form.cleaned_data["evidence"])
        return redirect(f"{complaint_tracking_path(complaint, token)}?new=1")
    return render(request, "complaints/complaint_new.html", {"form": form}, status=400 if form.errors else 200)


def complaint_tracking_path(complaint: Complaint, token: str) -> str:
    return reverse("complaints:track", args=[complaint.receipt_no, token])


def complaint_track(request, receipt_no: str, token: str):
    """Status only, for whoever holds the private link."""
    complaint = services.complaint_for_tracking(receipt_no=receipt_no, token=token)
    if complaint is None:
        raise Http404
    return render(request, "complaints/complaint_track.html", {"complaint": complaint, "new": "new" in request.GET})


QUEUE_PAGE = "complaints"


@login_required
def complaint_list(request):
    """The queue: filtered, sorted by an indexed column and paged by cursor; bulk actions for regulators."""
    complaints = selectors.complaints_visible_to(request.user)
    filterset = ComplaintFilterSet(request.GET, queryset=complaints)
    matching = filterset.qs
    mine = request.user.is_regulator and request.GET.get("mine") == "1"
    if mine:
        matching = matching.filter(assignee=request.user)
    sort = request.GET.get("sort", "-received")
    page = queue.queue_page(matching.select_related("lender", "agency", "assignee").prefetch_related("category_rows"),
                            sort=sort, after=request.GET.get("after", ""), before=request.GET.get("before", ""))
    count, capped = queue.queue_count(matching)
    rows = [(complaint, mask_text(complaint.narrative[:160], names=(complaint.complainant_name,)))
            for complaint in page.rows]
    return render(request, "complaints/complaint_list.html", {
        "filter": filterset, "rows": rows, "page": page, "count": count, "count_capped": capped, "sort": sort,
        "mine": mine, "params": query_without(request.GET, "after", "before"),
        "unsorted": query_without(request.GET, "after", "before", "sort"), "regulator": request.user.is_regulator,
        "saved_views": SavedView.objects.filter(user=request.user, page=QUEUE_PAGE),
        "staff": active_staff() if request.user.is_regulator else [],
        "outcomes": [choice for choice in Outcome.choices if choice[0] != Outcome.MERGED],
    })


@regulator_required
@require_POST
def complaint_bulk(request):
    """Assign, forward, mark duplicate or close the selected complaints: one event each, all or nothing."""
    ids = [int(value) for value in request.POST.getlist("complaint") if value.isdigit()]
    assignee = chosen_staff(request.POST.get("assignee", ""), me=request.user)
    duplicate_of = Complaint.objects.filter(receipt_no=request.POST.get("duplicate_of", "").strip()).first()
    try:
        done = services.complaints_bulk(
            complaints=selectors.complaints_visible_to(request.user).filter(pk__in=ids),
            action=request.POST.get("action", ""), by=request.user, assignee=assignee, duplicate_of=duplicate_of,
            outcome=request.POST.get("outcome", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s complaints updated.") % {"count": done})
    return redirect(f"{reverse('complaints:complaint_list')}?{request.POST.get('back', '')}")


@login_required
@require_POST
def saved_view_save(request):
    """Save the queue's current filters and order under a name, for this user only."""
    name = request.POST.get("name", "").strip()[:80]
    if not name:
        messages.error(request, _("Give the view a name."))
    else:
        SavedView.objects.update_or_create(user=request.user, page=QUEUE_PAGE, name=name,
                                           defaults={"query": request.POST.get("query", "")[:1000]})
        messages.success(request, _("Saved."))
    return redirect(f"{reverse('complaints:complaint_list')}?{request.POST.get('query', '')}")


@login_required
@require_POST
def saved_view_delete(request, pk: int):
    get_object_or_404(SavedView, pk=pk, user=request.user).delete()
    return redirect("complaints:complaint_list")


@regulator_required
def complaint_export(request):
    """The filtered queue as CSV, without the complainants' personal data."""
    filterset = ComplaintFilterSet(request.GET, queryset=selectors.complaints_visible_to(request.user))
    complaints = filterset.qs.select_related("lender", "agency").prefetch_related("category_rows")
    header = ["receipt_no", "received_at", "status", "outcome", "lender", "lender_name", "agency", "collector_name",
              "categories", "region", "channel", "occurred_on", "forwarded_at", "responded_at", "responded_in_time"]
    rows = (
        [c.receipt_no, c.received_at.isoformat(), c.status, c.outcome, c.lender.code if c.lender else "", c.lender_name,
         c.agency.code if c.agency else "", c.collector_name, ";".join(r.code for r in c.category_rows.all()),
         c.region, c.channel, c.occurred_on or "", c.forwarded_at or "", c.responded_at or "",
         "" if c.responded_in_time is None else c.responded_in_time]
        for c in complaints.iterator(chunk_size=2000)
    )
    return csv_response("complaints.csv", header, rows, labelled={
        "status": "complaint_status", "outcome": "outcome", "categories": "category", "region": "province",
        "channel": "complaint_channel"})


@login_required
def complaint_detail(request, pk: int):
    complaint = get_object_or_404(
        selectors.complaints_visible_to(request.user).select_related("lender", "agency", "duplicate_of"), pk=pk
    )
    shown = selectors.shown_to(request.user, complaint, purpose=AccessPurpose.COMPLAINT_PAGE)
    context = {
        "complaint": complaint,
        "shown": shown,
        "categories": [row.get_code_display() for row in complaint.category_rows.all()],
        # The regulator's own steps (assignment, notes) are not the entity's to read.
        "events": complaint.events.select_related("by") if request.user.is_regulator
        else complaint.events.filter(internal=False).select_related("by"),
        "narrative_parts": segments(shown["narrative"], []),
    }
    if request.user.is_regulator:
        # Triage: the words behind each suggestion are marked in the narrative, judged by the complaint's profile.
        suggestions = categorise(shown["narrative"], rules_for(complaint.rule_profile))
        context |= {
            "suggested": [Category(code).label for code in suggestions.suggested],
            "narrative_parts": segments(shown["narrative"], suggestions.evidence),
            "suggestion_evidence": suggestions.evidence,
            "evidence": complaint.evidence.all(),
            "duplicates": selectors.duplicate_candidates(complaint)[:10],
            "triage_form": TriageForm(initial={
                "categories": [row.code for row in complaint.category_rows.all()] or complaint.suggested_categories,
                "lender": complaint.lender.code if complaint.lender else None,
                "agency": complaint.agency.code if complaint.agency else None,
                "collector_kind": complaint.collector_kind,
            }),
            "close_form": CloseForm(),
        }
    elif complaint.status == ComplaintStatus.FORWARDED:
        context["response_form"] = ResponseForm()
    return render(request, "complaints/complaint_detail.html", context)


ACTIONS = {
    "triage": (TriageForm, services.complaint_triage, True),
    "forward": (None, services.complaint_forward, True),
    "close": (CloseForm, services.complaint_close, True),
    "respond": (ResponseForm, services.complaint_respond, False),
}


@login_required
@require_POST
def complaint_action(request, pk: int, action: str):
    """Triage, forward or close (regulators); respond (the entity it was forwarded to); merge."""
    complaint = get_object_or_404(selectors.complaints_visible_to(request.user), pk=pk)
    if action == "merge":
        if not request.user.is_regulator:
            raise PermissionDenied
        into = get_object_or_404(Complaint, pk=request.POST.get("into"))
        return _apply(request, complaint, lambda: services.complaint_merge(duplicate=complaint, into=into,
                                                                            by=request.user))
    if action not in ACTIONS:
        raise Http404
    form_class, service, for_regulators = ACTIONS[action]
    if for_regulators != request.user.is_regulator:
        raise PermissionDenied
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect(complaint)
    return _apply(request, complaint, lambda: service(complaint=complaint, by=request.user,
                                                      **(form.cleaned_data if form else {})))


def _apply(request, complaint, change):
    try:
        change()
        messages.success(request, _("Saved."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(complaint)


@regulator_required
def evidence_download(request, pk: int, evidence_id: int):
    evidence = get_object_or_404(Evidence, pk=evidence_id, complaint_id=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=f"evidence-{evidence.pk}{evidence.extension}",
                        content_type=evidence.content_type)

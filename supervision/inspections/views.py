import calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import can_proceed, has_transition_perm

from complaints.models import Complaint
from supervision.accounts.permissions import regulator_required, supervisor_required
from supervision.metrics.models import Alert, MetricResult

from . import services
from .choices import InspectionState
from .forms import AnswerForm, ApprovalForm, EvidenceForm, FindingForm
from .models import TRANSITIONS, Evidence, Inspection
from .report import inspection_report_pdf
from .selectors import my_work, visible_inspections, workload


def _report_visible(user, inspection) -> bool:
    return user.is_regulator or inspection.state in (InspectionState.REPORT_ISSUED, InspectionState.CLOSED)


@login_required
def inspection_list(request):
    inspections = visible_inspections(request.user)
    state = request.GET.get("state")
    if state in InspectionState.values:
        inspections = inspections.filter(state=state)
    if request.GET.get("lead", "").isdigit():
        inspections = inspections.filter(lead_id=request.GET["lead"])
    return render(request, "inspections/list.html", {
        "inspections": inspections[:300], "states": InspectionState.choices,
        "workload": workload() if request.user.is_regulator else None,
    })


@regulator_required
def inspection_calendar(request):
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    planned = {}
    for inspection in Inspection.objects.filter(planned_start__gte=weeks[0][0], planned_start__lte=weeks[-1][-1]) \
            .select_related("lender", "agency"):
        planned.setdefault(inspection.planned_start, []).append(inspection)
    return render(request, "inspections/calendar.html", {
        "first": first, "weeks": [[(day, planned.get(day, [])) for day in week] for week in weeks],
        "previous": (first - dt.timedelta(days=1)).strftime("%Y-%m"),
        "next": (first + dt.timedelta(days=32)).strftime("%Y-%m"),
    })


@login_required
def inspection_detail(request, pk: int):
    inspection = get_object_or_404(visible_inspections(request.user), pk=pk)
    steps = [action for action in TRANSITIONS
             if can_proceed(getattr(inspection, action)) and has_transition_perm(getattr(inspection, action), request.user)]
    show_findings = _report_visible(request.user, inspection)
    return render(request, "inspections/detail.html", {
        "inspection": inspection, "steps": steps, "events": inspection.events.select_related("by"),
        "findings": inspection.findings.prefetch_related("provisions", "complaints", "metric_results",
                                                         "evidence_items") if show_findings else [],
        "can_add_finding": request.user.is_regulator and inspection.state in (
            InspectionState.FIELDWORK, InspectionState.FINDINGS_DRAFTED),
        "approval_form": ApprovalForm(inspection=inspection) if "approve" in steps else None,
        "members": inspection.members.all() if request.user.is_regulator else [],
        "answer_form": AnswerForm() if request.user.entity is not None else None,
        "evidence": inspection.evidence.all() if request.user.is_regulator else [],
        "evidence_form": EvidenceForm() if request.user.is_regulator and inspection.is_open else None,
    })


@login_required
@require_POST
def inspection_step(request, pk: int, action: str):
    inspection = get_object_or_404(visible_inspections(request.user), pk=pk)
    try:
        services.inspection_transition(inspection=inspection, action=action, user=request.user,
                                       note=request.POST.get("note", ""),
                                       confirm_no_findings=request.POST.get("confirm_no_findings") == "1")
        messages.success(request, _("Done."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    return redirect(inspection)


@supervisor_required
@require_POST
def inspection_approve(request, pk: int):
    """Approve a proposed inspection with its plan: lead, team, dates, months, metrics and categories."""
    inspection = get_object_or_404(Inspection, pk=pk)
    form = ApprovalForm(request.POST, inspection=inspection)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{form.fields[field].label if field in form.fields else ''}: "
                                          f"{' '.join(errors)}" for field, errors in form.errors.items()))
        return redirect(inspection)
    data = form.cleaned_data
    try:
        services.inspection_approve(
            inspection=inspection, by=request.user, lead=data["lead"], members=list(data["members"]),
            planned_start=data["planned_start"], planned_end=data["planned_end"], period_from=data["period_from"],
            period_to=data["period_to"], metrics=data["metrics"], categories=data["categories"])
        messages.success(request, _("Approved and planned."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    return redirect(inspection)


@regulator_required
def finding_add(request, pk: int):
    """The finding form: provisions, complaints, metric values and evidence picked from this entity's own."""
    inspection = get_object_or_404(visible_inspections(request.user), pk=pk)
    form = FindingForm(request.POST or None, inspection=inspection, complaint_search=request.GET.get("q", ""))
    if request.method == "GET":
        form.initial |= {name: [int(value) for value in request.GET.getlist(name) if value.isdigit()]
                         for name in ("complaints", "metric_results") if name in request.GET}
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_record(inspection=inspection, by=request.user, **form.picked())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Finding recorded."))
            return redirect(inspection)
    return render(request, "inspections/finding_form.html", {"inspection": inspection, "form": form},
                  status=400 if form.errors else 200)


@regulator_required
def finding_start(request):
    """From a complaint or a metric value: the entity's inspection in fieldwork, with that evidence ticked."""
    complaint = Complaint.objects.filter(pk=request.GET.get("complaint") or None).first()
    result = MetricResult.objects.filter(pk=request.GET.get("metric_result") or None).first()
    source = complaint or result
    if source is None:
        raise Http404
    entities = Q(agency_id=source.agency_id) if source.agency_id else Q(pk__in=[])
    if source.lender_id and not (result and result.scope == "agency"):
        entities |= Q(lender_id=source.lender_id)
    open_work = list(Inspection.objects.filter(entities, state__in=(InspectionState.FIELDWORK,
                                                                    InspectionState.FINDINGS_DRAFTED)))
    query = f"complaints={complaint.pk}" if complaint else f"metric_results={result.pk}"
    if len(open_work) == 1:
        return redirect(f"{reverse('inspections:finding_add', args=[open_work[0].pk])}?{query}")
    if not open_work:
        messages.error(request, _("No inspection of this entity is in fieldwork: propose or advance one first."))
        return redirect(source.get_absolute_url() if complaint else reverse("metrics:contacts_behind", args=[result.pk]))
    return render(request, "inspections/finding_start.html", {"inspections": open_work, "query": query})


@login_required
def my_inspections(request):
    """An inspector's own work: inspections she leads or is on the team of, by state and date, with what is due."""
    if not request.user.is_regulator:
        raise PermissionDenied
    return render(request, "inspections/mine.html", {"groups": my_work(request.user)})


@regulator_required
@require_POST
def evidence_add(request, pk: int):
    inspection = get_object_or_404(Inspection, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        form.instance.inspection, form.instance.uploaded_by = inspection, request.user
        form.save()
    else:
        messages.error(request, "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()))
    return redirect(inspection)


@regulator_required
def evidence_download(request, pk: int, evidence_id: int):
    evidence = get_object_or_404(Evidence, pk=evidence_id, inspection_id=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=f"evidence-{evidence.pk}")


@login_required
@require_POST
def finding_answer(request, pk: int, finding_id: int):
    inspection = get_object_or_404(visible_inspections(request.user), pk=pk)
    finding = get_object_or_404(inspection.findings, pk=finding_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("answer", [])))
        return redirect(inspection)
    try:
        services.finding_answer(finding=finding, user=request.user, answer=form.cleaned_data["answer"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(inspection)


@login_required
def inspection_report(request, pk: int):
    inspection = get_object_or_404(visible_inspections(request.user), pk=pk)
    if not _report_visible(request.user, inspection):
        raise PermissionDenied
    return render(request, "inspections/report.html", {
        "inspection": inspection, "findings": inspection.findings.prefetch_related("provisions")})


@login_required
def inspection_report_download(request, pk: int):
    inspection = get_object_or_404(visible_inspections(request.user), pk=pk)
    if not _report_visible(request.user, inspection):
        raise PermissionDenied
    response = HttpResponse(inspection_report_pdf(inspection), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inspection-{inspection.pk}.pdf"'
    return response


@regulator_required
@require_POST
def inspect_alert(request, alert_id: int):
    """An alert opens a proposed inspection, for a supervisor to approve."""
    alert = get_object_or_404(Alert, pk=alert_id)
    return redirect(services.inspection_from_alert(alert=alert, by=request.user))

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import can_proceed, has_transition_perm

from supervision.accounts.permissions import regulator_required
from supervision.core.exports import csv_response
from supervision.inspections.models import Finding, Inspection
from supervision.provisions.selectors import provision_counts

from . import selectors, services
from .choices import ActionKind, ActionState
from .forms import ActionForm, MilestoneDecisionForm, MilestoneForm, MilestoneSubmitForm, StepForm
from .models import ENTITY_STEPS, SUPERVISOR_STEPS, EnforcementAction


@login_required
def action_list(request):
    actions = EnforcementAction.objects.visible_to(request.user).select_related("lender", "agency")
    for name, choices in (("state", ActionState.values), ("kind", ActionKind.values)):
        if request.GET.get(name) in choices:
            actions = actions.filter(**{name: request.GET[name]})
    if request.GET.get("entity"):
        actions = actions.filter(lender__code=request.GET["entity"]) | actions.filter(agency__code=request.GET["entity"])
    context = {"actions": actions.order_by("deadline", "-issued_on")[:300], "states": ActionState.choices,
               "kinds": ActionKind.choices}
    if request.user.is_regulator:
        context |= {"repeat_offenders": selectors.repeat_offenders(), "fines": selectors.fines_per_year(),
                    "by_provision": provision_counts(EnforcementAction.objects.all())}
    return render(request, "enforcement/list.html", context)


@regulator_required
def action_new(request):
    """Issue an action, from a finding (?finding=<id>) or directly against an entity: supervisors decide."""
    if not request.user.is_supervisor:
        raise PermissionDenied
    finding = Finding.objects.filter(pk=request.GET.get("finding") or request.POST.get("finding") or 0).first()
    form = ActionForm(request.POST or None, finding=finding)
    target = {}
    if finding is None:
        from supervision.entities.models import Agency, Lender

        code = request.POST.get("entity") or request.GET.get("entity", "")
        target = ({"lender": entity} if (entity := Lender.objects.filter(code=code).first()) else
                  {"agency": entity} if (entity := Agency.objects.filter(code=code).first()) else {})
    if request.method == "POST" and form.is_valid():
        if finding is None and not target:
            form.add_error(None, _("Name the entity (its code), or issue the action from a finding."))
        else:
            data = form.cleaned_data | {"provisions": list(form.cleaned_data["provisions"])}
            action = services.action_issue(by=request.user, finding=finding, **target, **data)
            return redirect(action)
    entity_code = request.POST.get("entity") or request.GET.get("entity", "")
    return render(request, "enforcement/new.html", {"form": form, "finding": finding, "entity_code": entity_code},
                  status=400 if form.errors else 200)


@login_required
def action_detail(request, pk: int):
    action = get_object_or_404(EnforcementAction.objects.visible_to(request.user).select_related("lender", "agency"), pk=pk)
    steps = [step for step in ENTITY_STEPS + SUPERVISOR_STEPS
             if can_proceed(getattr(action, step)) and has_transition_perm(getattr(action, step), request.user)]
    return render(request, "enforcement/detail.html", {
        "action": action, "steps": steps, "form": StepForm(), "updates": action.updates.select_related("submitted_by"),
        "milestones": action.milestones.all(), "provisions": action.provisions.all(),
        "milestone_form": MilestoneForm() if request.user.is_supervisor and action.is_open else None,
        "submit_form": MilestoneSubmitForm() if request.user.entity is not None else None,
        "decision_form": MilestoneDecisionForm() if request.user.is_supervisor else None,
        "events": action.events.select_related("by"),
        "history": action.history.select_related("history_user")[:50] if request.user.is_regulator else [],
    })


@login_required
@require_POST
def action_step(request, pk: int, step: str):
    action = get_object_or_404(EnforcementAction.objects.visible_to(request.user), pk=pk)
    form = StepForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(" ".join(errors) for errors in form.errors.values()))
        return redirect(action)
    try:
        services.action_step(action=action, step=step, user=request.user, note=form.cleaned_data["note"],
                             evidence=form.cleaned_data["evidence"])
        messages.success(request, _("Done."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    return redirect(action)


@regulator_required
@require_POST
def milestone_add(request, pk: int):
    action = get_object_or_404(EnforcementAction, pk=pk)
    form = MilestoneForm(request.POST)
    return _apply(request, action, form, lambda data: services.milestone_add(action=action, by=request.user, **data))


@login_required
@require_POST
def milestone_submit(request, pk: int, milestone_id: int):
    action = get_object_or_404(EnforcementAction.objects.visible_to(request.user), pk=pk)
    milestone = get_object_or_404(action.milestones, pk=milestone_id)
    form = MilestoneSubmitForm(request.POST, request.FILES)
    return _apply(request, action, form, lambda data: services.milestone_submit(milestone=milestone, user=request.user,
                                                                                 **data))


@regulator_required
@require_POST
def milestone_decide(request, pk: int, milestone_id: int):
    action = get_object_or_404(EnforcementAction, pk=pk)
    milestone = get_object_or_404(action.milestones, pk=milestone_id)
    form = MilestoneDecisionForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    return _apply(request, action, form, lambda data: services.milestone_decide(milestone=milestone, by=request.user,
                                                                                 accept=accept, **data))


def _apply(request, action, form, change):
    """Validate the form, make the change, and say how it went on the action's page."""
    if not form.is_valid():
        messages.error(request, "; ".join(" ".join(errors) for errors in form.errors.values()))
        return redirect(action)
    try:
        change(form.cleaned_data)
        messages.success(request, _("Done."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    return redirect(action)


@regulator_required
def audit_trail(request):
    """Every change to complaints, findings and actions: who, when, what."""
    from complaints.models import Complaint

    records = []
    for label, model in ((_("Complaint"), Complaint), (_("Inspection"), Inspection), (_("Finding"), Finding),
                         (_("Enforcement action"), EnforcementAction)):
        for record in model.history.select_related("history_user").order_by("-history_date")[:100]:
            changes = []
            if record.prev_record:
                changes = [_described_change(model, change) for change in record.diff_against(record.prev_record).changes]
            records.append({"what": label, "object": record.id, "when": record.history_date, "who": record.history_user,
                            "type": record.get_history_type_display(), "changes": changes})
    records.sort(key=lambda record: record["when"], reverse=True)
    return render(request, "enforcement/audit.html", {"records": records[:200]})


def _described_change(model, change) -> str:
    """“Status: Received → Triaged”: the field's name and its values as people read them, not as stored."""
    field = model._meta.get_field(change.field)
    shown = dict(field.flatchoices) if field.choices else {}

    def value(raw) -> str:
        return str(shown.get(raw, raw))[:40]

    return f"{str(field.verbose_name).capitalize()}: {value(change.old)} → {value(change.new)}"


def public_disclosure(request):
    """No login: published actions and monthly complaint counts per lender and agency; no personal data."""
    actions = selectors.published_actions()
    counts = selectors.public_complaint_counts()
    action_rows = [{"issued_on": a.issued_on.isoformat(), "entity_code": a.target.code, "entity_name": a.target.name,
                    "kind": a.kind, "provisions": "; ".join(p.citation for p in a.provisions.all()),
                    "legal_basis": a.legal_basis,
                    "amount_yuan": str(a.amount_yuan) if a.amount_yuan is not None else ""} for a in actions]
    fmt = request.GET.get("format")
    dataset = request.GET.get("data", "actions")
    rows = action_rows if dataset == "actions" else counts
    if fmt == "json":
        return JsonResponse({"data": rows}, json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        header = list(rows[0]) if rows else (["issued_on", "entity_code", "entity_name", "kind", "provisions",
                                              "legal_basis", "amount_yuan"] if dataset == "actions" else
                                             ["month", "lender", "lender_name", "agency", "agency_name", "complaints"])
        return csv_response(f"{dataset}.csv", header, ([row[key] for key in header] for row in rows),
                            labelled={"kind": "action_kind"})
    return render(request, "enforcement/public.html", {"actions": actions, "counts": counts})

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.choices import Category
from complaints.models import Complaint
from supervision.accounts.models import Role, User, active_staff
from supervision.core.forms import DateInput, PeriodField
from supervision.core.labels import label
from supervision.metrics.definitions import METRICS
from supervision.metrics.models import MetricResult
from supervision.provisions.models import Provision
from supervision.provisions.selectors import provisions_for
from supervision.rules.models import default_profile

from .choices import Severity
from .models import Evidence


class ApprovalForm(forms.Form):
    """Approving an inspection is planning it: who, when, which months, which metrics and categories."""

    lead = forms.ModelChoiceField(label=_("Lead inspector"), queryset=User.objects.none())
    members = forms.ModelMultipleChoiceField(label=_("Team"), queryset=User.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())
    period_from = PeriodField(label=_("Months from (YYYY-MM)"))
    period_to = PeriodField(label=_("Months to (YYYY-MM)"))
    metrics = forms.MultipleChoiceField(label=_("Metrics in scope"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    categories = forms.MultipleChoiceField(label=_("Complaint categories in scope"), required=False,
                                           widget=forms.CheckboxSelectMultiple, choices=Category.choices)

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = active_staff()
        self.fields["lead"].queryset = staff.filter(role=Role.INSPECTOR) | staff.filter(role=Role.SUPERVISOR)
        self.fields["members"].queryset = staff
        self.fields["metrics"].choices = [(code, metric.label) for code, metric in METRICS.items()]
        if inspection is not None and not self.is_bound:
            self.initial |= {"period_from": inspection.period_from, "period_to": inspection.period_to,
                             "planned_start": inspection.planned_start, "metrics": inspection.scope_metrics,
                             "categories": inspection.scope_categories}
            if inspection.alert_id and inspection.alert.metric in METRICS:
                self.initial["metrics"] = [inspection.alert.metric]

    def clean(self):
        data = super().clean()
        if data.get("planned_start") and data.get("planned_end") and data["planned_end"] < data["planned_start"]:
            self.add_error("planned_end", _("The end comes after the start."))
        if data.get("period_from") and data.get("period_to") and data["period_to"] < data["period_from"]:
            self.add_error("period_to", _("The last month comes after the first."))
        return data


class PickedChoices(forms.ModelMultipleChoiceField):
    """Checkboxes whose labels say what each choice is (a complaint's categories, a value against its threshold)."""

    def __init__(self, *args, describe, **kwargs):
        self.describe = describe
        super().__init__(*args, widget=forms.CheckboxSelectMultiple, required=False, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.describe(obj)


class FindingForm(forms.Form):
    """A finding built by picking: provisions from the library, this entity's complaints and metric values,
    this inspection's evidence."""

    provisions = forms.ModelMultipleChoiceField(label=_("Provisions breached"), queryset=Provision.objects.all(),
                                                widget=forms.CheckboxSelectMultiple)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    rule = forms.CharField(label=_("In a few words"), max_length=200, required=False)
    description = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3}))
    required_remedy = forms.CharField(label=_("Required remedy"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, inspection, complaint_search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        target = {"agency": inspection.agency} if inspection.agency_id else {"lender": inspection.lender}
        profile = default_profile()
        suggested = provisions_for(profile=profile, categories=inspection.scope_categories,
                                   metrics=inspection.scope_metrics)
        self.suggested = set(suggested.values_list("pk", flat=True))
        self.fields["provisions"].queryset = Provision.objects.order_by("source", "clause")
        self.fields["provisions"].help_text = _("Those the inspection's scope suggests come first and are ticked.")
        complaints = Complaint.objects.filter(**target).prefetch_related("category_rows").order_by("-received_at")
        if complaint_search:
            complaints = complaints.filter(Q(receipt_no__icontains=complaint_search)
                                           | Q(narrative__icontains=complaint_search))
        # The entity's own roll-up and its pairs (whose contacts can be opened), not its peers'.
        # A value not reported (null) is no evidence of anything: it is not offered.
        results = MetricResult.objects.filter(**target, profile=profile, value__isnull=False).exclude(
            metric="contacts").select_related(
            "lender").order_by("-period", "scope", "collector_code", "metric")
        if inspection.period_from and inspection.period_to:
            results = results.filter(period__gte=inspection.period_from, period__lte=inspection.period_to)
        thresholds = profile.metric_alert_rates
        contacts = {(key, period): n for key, period, n in MetricResult.objects.filter(
            **target, metric="contacts", profile=profile).values_list("entity_key", "period", "numerator")}

        def describe_result(result) -> str:
            who = f"× {result.lender.code}" if result.scope == "pair" and result.lender else label("scope", result.scope)
            text = f"{result.period:%Y-%m} · {who} · {label('metric', result.metric)} · {result.value:g}"
            total = contacts.get((result.entity_key, result.period))
            if result.metric in thresholds and total:
                rate = result.numerator * 1000 / total
                text += " (" + _("%(rate).1f per 1,000 contacts; threshold %(threshold)g") % {
                    "rate": rate, "threshold": thresholds[result.metric]} + ")"
            return text

        self.fields["complaints"] = PickedChoices(
            label=_("Complaints about this entity"), queryset=complaints[:100] if not self.is_bound else complaints,
            describe=lambda complaint: f"{complaint.receipt_no} · {complaint.received_at:%Y-%m-%d} · " + "、".join(
                label("category", row.code) for row in complaint.category_rows.all()))
        self.fields["metric_results"] = PickedChoices(
            label=_("Metric values of this entity and period"), queryset=results,
            describe=describe_result)
        self.fields["evidence_items"] = PickedChoices(
            label=_("Evidence"), queryset=inspection.evidence.all(), describe=lambda item: item.description)
        if not self.is_bound:
            self.initial.setdefault("provisions", list(self.suggested))

    def picked(self) -> dict:
        data = self.cleaned_data
        return {name: list(data.get(name) or []) for name in ("provisions", "complaints", "metric_results",
                                                                "evidence_items")} | {
            "severity": data["severity"], "description": data["description"],
            "required_remedy": data["required_remedy"], "rule": data.get("rule", "")}


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["file", "description"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("Evidence files are limited to 50 MB."))
        return upload


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

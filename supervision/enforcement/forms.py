from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.core.forms import DateInput
from supervision.core.labels import label
from supervision.provisions.models import Provision

from .models import EnforcementAction, Milestone


class ActionForm(forms.ModelForm):
    class Meta:
        model = EnforcementAction
        fields = ["kind", "provisions", "remedy", "legal_basis", "amount_yuan", "issued_on", "deadline", "published"]
        widgets = {"issued_on": DateInput(), "deadline": DateInput(),
                   "legal_basis": forms.Textarea(attrs={"rows": 2}), "remedy": forms.Textarea(attrs={"rows": 2}),
                   "provisions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, finding=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provisions"].queryset = Provision.objects.order_by("source", "clause")
        days = ", ".join(f"{label('action_kind', kind)} {number}" for kind, number in
                         settings.ENFORCEMENT_DEADLINE_DAYS.items())
        self.fields["deadline"].help_text = _("Left empty, the kind's usual deadline applies (days: %(days)s).") % {
            "days": days}
        if not self.is_bound:
            self.initial.setdefault("issued_on", timezone.localdate())
        if finding is not None and not self.is_bound:
            self.initial |= {"provisions": list(finding.provisions.values_list("pk", flat=True)),
                             "remedy": finding.required_remedy, "kind": "rectification_order"}

    def clean(self):
        data = super().clean()
        if data.get("kind") == "fine" and not data.get("amount_yuan"):
            self.add_error("amount_yuan", _("A fine needs its amount in yuan."))
        if data.get("deadline") and data.get("issued_on") and data["deadline"] < data["issued_on"]:
            self.add_error("deadline", _("The deadline cannot come before the issue date."))
        return data


class StepForm(forms.Form):
    note = forms.CharField(label=_("Plan, progress or reasons"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False, max_length=5000)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["what", "due_on", "evidence_required"]
        widgets = {"due_on": DateInput()}


class MilestoneSubmitForm(forms.Form):
    submission = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class MilestoneDecisionForm(forms.Form):
    note = forms.CharField(label=_("Reasons (required to reject)"), required=False, max_length=1000)

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EnforcementAction


class ActionForm(forms.ModelForm):
    class Meta:
        model = EnforcementAction
        fields = ["kind", "legal_basis", "amount_yuan", "issued_on", "deadline", "published"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}), "deadline": forms.DateInput(attrs={"type": "date"}),
                   "legal_basis": forms.Textarea(attrs={"rows": 2})}

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

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Finding


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["rule", "severity", "description", "required_remedy"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "required_remedy": forms.Textarea(attrs={"rows": 2})}


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint
from supervision.metrics.models import MetricResult

from .models import Evidence, Finding


class FindingForm(forms.ModelForm):
    complaint_receipts = forms.CharField(
        label=_("Complaints (receipt numbers, separated by spaces)"), required=False, max_length=2000)
    metric_result_ids = forms.CharField(
        label=_("Metric values (their ids on the metrics page, separated by spaces)"), required=False, max_length=2000)

    class Meta:
        model = Finding
        fields = ["rule", "severity", "description", "required_remedy"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "required_remedy": forms.Textarea(attrs={"rows": 2})}

    def clean_complaint_receipts(self):
        receipts = self.cleaned_data["complaint_receipts"].split()
        found = list(Complaint.objects.filter(receipt_no__in=receipts))
        missing = sorted(set(receipts) - {complaint.receipt_no for complaint in found})
        if missing:
            raise forms.ValidationError(_("No complaint has these receipt numbers: %(list)s") % {"list": " ".join(missing)})
        return found

    def clean_metric_result_ids(self):
        ids = self.cleaned_data["metric_result_ids"].split()
        if not all(value.isdigit() for value in ids):
            raise forms.ValidationError(_("Write the ids as numbers."))
        found = list(MetricResult.objects.filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise forms.ValidationError(_("Some of these metric values do not exist."))
        return found

    def save(self, commit=True):
        finding = super().save(commit=commit)
        if commit:
            finding.complaints.set(self.cleaned_data["complaint_receipts"])
            finding.metric_results.set(self.cleaned_data["metric_result_ids"])
        return finding


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

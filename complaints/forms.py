from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.core.forms import DateInput
from supervision.entities.models import Agency, Lender

from .choices import Category, Channel, CollectorKind, ComplainantRole, Outcome, PublicStatement, Resolution, ResponseType
from .evidence import MAX_EVIDENCE_FILES, check_evidence

NARRATIVE_MAX = 5000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,audio/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ComplaintForm(forms.Form):
    """What a complainant tells us: the web form and the public API validate with this one form."""

    complainant_role = forms.ChoiceField(label=_("You are"), choices=ComplainantRole.choices)
    lender = forms.ModelChoiceField(
        Lender.objects.all(), to_field_name="code", required=False, label=_("Lender"),
        error_messages={"invalid_choice": _("No lender has this code in the register.")},
    )
    lender_name = forms.CharField(label=_("Or the lender's name, if it is not in the list"), max_length=200,
                                  required=False)
    collector_kind = forms.ChoiceField(label=_("Who collected"), choices=CollectorKind.choices,
                                       initial=CollectorKind.UNKNOWN)
    agency = forms.ModelChoiceField(
        Agency.objects.all(), to_field_name="code", required=False, label=_("Collection agency"),
        error_messages={"invalid_choice": _("No agency has this code in the register.")},
    )
    collector_name = forms.CharField(label=_("Or the collector's name"), max_length=200, required=False)
    categories = forms.MultipleChoiceField(label=_("What happened"), choices=Category.choices,
                                           widget=forms.CheckboxSelectMultiple)
    occurred_on = forms.DateField(label=_("When it happened"), widget=DateInput())
    channel = forms.ChoiceField(label=_("How they contacted"), choices=Channel.choices)
    narrative = forms.CharField(label=_("Describe what happened"), widget=forms.Textarea(attrs={"rows": 8}),
                                max_length=NARRATIVE_MAX)
    evidence = MultipleFileField(label=_("Evidence (images, recordings, PDF; up to 5 files of 10 MB)"), required=False)
    complainant_name = forms.CharField(label=_("Your name"), max_length=100, required=False)
    complainant_phone = forms.RegexField(label=_("Your phone"), regex=r"^\+?[\d\s-]{7,20}$", required=False,
                                         error_messages={"invalid": _("Write a phone number with digits only.")})
    complainant_email = forms.EmailField(label=_("Your e-mail"), required=False)
    consent_to_share = forms.BooleanField(label=_("The entity may read my account unmasked"), required=False)
    consent_to_publish = forms.BooleanField(
        label=_("My account may be published in the public complaint database, with personal data removed"),
        required=False)

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."), code="future")
        if day.year < 2000:
            raise forms.ValidationError(_("The date is too far in the past."), code="past")
        return day

    def clean_evidence(self):
        files = self.cleaned_data["evidence"]
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(_("Attach at most 5 files."), code="too_many")
        problems = []
        for upload in files:
            try:
                check_evidence(upload)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise forms.ValidationError(problems, code="bad_evidence")
        return files

    def clean(self):
        data = super().clean()
        if not data.get("lender") and not data.get("lender_name"):
            self.add_error("lender", _("Choose the lender, or write its name."))
        if data.get("collector_kind") == CollectorKind.AGENCY and not (data.get("agency") or data.get("collector_name")):
            self.add_error("agency", _("Choose the agency, or write its name."))
        return data

    def complaint_data(self) -> dict:
        """The cleaned fields that become the complaint's own (evidence goes separately)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "evidence"}


class TriageForm(forms.Form):
    categories = forms.MultipleChoiceField(label=_("Categories"), choices=Category.choices,
                                           widget=forms.CheckboxSelectMultiple)
    lender = forms.ModelChoiceField(Lender.objects.all(), to_field_name="code", required=False, label=_("Lender"))
    agency = forms.ModelChoiceField(Agency.objects.all(), to_field_name="code", required=False, label=_("Agency"))
    collector_kind = forms.ChoiceField(label=_("Who collected"), choices=CollectorKind.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ResponseForm(forms.Form):
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    remedy = forms.CharField(label=_("Remedy"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                             required=False)
    resolution = forms.ChoiceField(label=_("Resolution"), choices=Resolution.choices)
    response_type = forms.ChoiceField(label=_("How the complaint was closed (shown publicly)"), required=False,
                                      choices=[c for c in ResponseType.choices if c[0] != ResponseType.IN_PROGRESS])
    public_statement = forms.ChoiceField(label=_("Public statement (optional)"), required=False,
                                         choices=[("", "—"), *PublicStatement.choices])


    def clean_response_type(self):
        return self.cleaned_data["response_type"] or ResponseType.WITH_EXPLANATION


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in Outcome.choices if c[0] != Outcome.MERGED])
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

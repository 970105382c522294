from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.core.provinces import province_code

from .models import Agency, Lender, Mandate


class ProvinceField(forms.ChoiceField):
    """Accepts a province code or its Chinese or English name, as files write them."""

    def to_python(self, value):
        value = super().to_python(value)
        return province_code(value) or value


class RegisterEntityForm(forms.ModelForm):
    """The register requires what the model leaves optional for firms imported from abroad."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit_code"].required = True


class LenderForm(RegisterEntityForm):
    province = ProvinceField(label=_("province"), choices=Lender._meta.get_field("province").choices)

    class Meta:
        model = Lender
        fields = ["code", "name", "type", "credit_code", "licence_no", "province"]


class AgencyForm(RegisterEntityForm):
    province = ProvinceField(label=_("province"), choices=Agency._meta.get_field("province").choices)

    class Meta:
        model = Agency
        fields = ["code", "name", "credit_code", "licence_no", "province", "status"]


class MandateForm(forms.ModelForm):
    lender = forms.ModelChoiceField(
        Lender.objects.all(), to_field_name="code", label=_("lender"),
        error_messages={"invalid_choice": _("No lender has this code in the register.")},
    )
    agency = forms.ModelChoiceField(
        Agency.objects.all(), to_field_name="code", label=_("agency"),
        error_messages={"invalid_choice": _("No agency has this code in the register.")},
    )

    class Meta:
        model = Mandate
        fields = ["lender", "agency", "valid_from", "valid_to", "portfolio_note"]

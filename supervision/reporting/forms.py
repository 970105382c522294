
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from supervision.core.forms import PeriodField


class ReportUploadForm(forms.Form):
    period = PeriodField(label=_("Month (YYYY-MM)"))
    accounts = forms.FileField(label="accounts.csv", help_text=_("CSV (UTF-8 or GBK) or XLSX."))
    contacts = forms.FileField(label="contacts.csv", help_text=_("CSV (UTF-8 or GBK) or XLSX."))

    def clean(self):
        data = super().clean()
        for name in ("accounts", "contacts"):
            upload = data.get(name)
            if upload is not None and upload.size > settings.REPORT_UPLOAD_MAX_BYTES:
                self.add_error(name, _("The file is larger than the upload limit."))
        return data

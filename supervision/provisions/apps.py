from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvisionsConfig(AppConfig):
    """The legal and standard provisions the product enforces: cited by findings, actions and disclosures."""

    name = "supervision.provisions"
    label = "provisions"
    verbose_name = _("Provisions library")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from supervision.core import labels

        from .choices import (
            AccessPurpose,
            Category,
            Channel,
            CollectorKind,
            ComplainantRole,
            ComplaintStatus,
            Outcome,
            PublicStatement,
            Resolution,
            ResponseType,
            Source,
        )

        labels.register("category", Category)
        labels.register("complainant_role", ComplainantRole)
        labels.register("complaint_channel", Channel)
        labels.register("collector_kind", CollectorKind)
        labels.register("complaint_status", ComplaintStatus)
        labels.register("outcome", Outcome)
        labels.register("resolution", Resolution)
        labels.register("complaint_source", Source)
        labels.register("response_type", ResponseType)
        labels.register("public_statement", PublicStatement)
        labels.register("access_purpose", AccessPurpose)

"""Which provisions a conduct category or a metric breaches, and how often each is cited."""

from django.db.models import Count, Q, QuerySet

from .models import Provision, SubjectKind


def provisions_for(*, profile, categories=(), metrics=()) -> QuerySet[Provision]:
    """The provisions the given categories and metrics breach under `profile`, each once."""
    wanted = Q(mappings__subject_kind=SubjectKind.CATEGORY, mappings__subject__in=list(categories)) | Q(
        mappings__subject_kind=SubjectKind.METRIC, mappings__subject__in=list(metrics))
    return Provision.objects.filter(wanted, mappings__profile=profile).distinct().order_by("source", "clause")


def provision_counts(actions: QuerySet) -> list[dict]:
    """How many of these enforcement actions cite each provision, most cited first."""
    return list(Provision.objects.filter(actions__in=actions).annotate(actions_citing=Count("actions", distinct=True))
                .order_by("-actions_citing", "source", "clause"))

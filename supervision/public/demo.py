"""The demo's public database: what the publication rule publishes, narratives past their delay."""

from django.db.models import F

from .models import PublishedComplaint
from .publication import narrative_delay, publish


def demo_publication() -> int:
    """Publish, then run again as if the narrative delay had passed, so consented narratives show."""
    publish()
    PublishedComplaint.objects.update(published_at=F("published_at") - narrative_delay())
    publish()
    return PublishedComplaint.objects.count()

"""What running the product needs of its own: the beat's heartbeat."""

from django.db import models


class Heartbeat(models.Model):
    """The last time a scheduled job ran; readiness says the scheduler is dead when it is too old."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()

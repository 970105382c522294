"""Serializer fields shared by every API."""

from rest_framework import serializers

from . import labels


class LabelField(serializers.CharField):
    """The registry's label of a code field, read-only, beside the code (`metric_label` next to `metric`)."""

    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return labels.label(self.kind, value)

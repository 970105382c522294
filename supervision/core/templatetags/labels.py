from django import template

from supervision.core import labels

register = template.Library()


@register.filter
def label(code, kind: str) -> str:
    """{{ result.metric|label:"metric" }}: the registry's word for a code."""
    return labels.label(kind, code)


@register.simple_tag
def labels_of(kind: str) -> list[tuple[str, str]]:
    """{% labels_of "province" as provinces %}: (code, label) pairs for a select."""
    return list(labels.labels(kind).items())

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def kind_of(entity) -> str:
    """'lender' or 'agency', for URLs that take the entity's kind."""
    return entity._meta.model_name

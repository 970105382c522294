from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def sparkline(values: list[float], *, label: str = "", width: int = 64, height: int = 16, threshold=None) -> str:
    """A line of values as an inline SVG (no script: the Content-Security-Policy allows none inline).

    A dashed line marks the threshold when it falls in range; the last point is a dot.
    """
    if not values:
        return ""
    top = max([*values, threshold or 0]) or 1.0
    step = width / max(1, len(values) - 1)

    def y(value: float) -> float:
        return round(height - 1 - (height - 2) * value / top, 1)

    points = " ".join(f"{round(index * step, 1)},{y(value)}" for index, value in enumerate(values))
    limit = (format_html('<line x1="0" x2="{}" y1="{}" y2="{}" class="spark-threshold"/>', width, y(threshold),
                         y(threshold)) if threshold else "")
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">{}'
        '<polyline points="{}" fill="none"/><circle cx="{}" cy="{}" r="1.6"/></svg>',
        width, height, width, height, label, limit, points, round((len(values) - 1) * step, 1), y(values[-1]),
    )

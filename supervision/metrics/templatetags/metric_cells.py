"""The metrics page's cells, built in Python: a page of 50 entities has 650 of them, each with a sparkline,
and the template language would spend most of the page's time on them."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from supervision.core.sparkline import sparkline_svg

register = template.Library()


def _number(value: float) -> str:
    """1234.5 → "1,234.5"; 2.0 → "2" (the template's floatformat:"-2" with intcomma)."""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.simple_tag
def metric_cells(row: dict, *, drill_down: bool) -> str:
    """Every metric cell of one row: the rate (or value), the count behind it, the 12-month line."""
    cells = []
    for cell in row["cells"]:
        metric = cell["metric"]
        value, count = cell["value"], cell["count"]
        if value is None:
            shown = "—"
        elif metric.unit == "share":
            shown = f"{round(value * 100)}%"
        else:
            shown = _number(value)
        if count and drill_down and cell["result_id"]:
            count_html = (f'<br><small><a href="{reverse("metrics:contacts_behind", args=[cell["result_id"]])}">'
                          f'{count:,}</a></small>')
        else:
            count_html = f"<br><small>{count:,}</small>" if count else ""
        title = f' title="{escape(cell["why"])}"' if cell.get("why") else ""
        if metric.group == "complaints" and row.get("complaints_computed_at"):
            title = f' title="{escape(_("Computed"))} {row["complaints_computed_at"]:%Y-%m-%d %H:%M}"'
        line = sparkline_svg(cell["trend"], label=str(metric.label), threshold=cell["threshold"])
        cells.append(f'<td class="num {cell["level"]}"{title}>{shown}{count_html}<br>{line}</td>')
    return mark_safe("".join(cells))  # noqa: S308 (numbers, escaped labels and our own URLs)

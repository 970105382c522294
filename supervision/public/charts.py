"""The public pages' figures (Plotly, drawn by our own static script)."""

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from supervision.dashboard.charts import PALETTE, embed, escaped, laid_out

__all__ = ["embed", "trend"]


def trend(data: dict, *, stacked: bool = False) -> go.Figure:
    """Complaints per period, one line (or stacked bars) per series, every period shown even when zero."""
    figure = go.Figure()
    for index, series in enumerate(data["series"]):
        if stacked:
            figure.add_bar(name=escaped(series["label"]), x=data["periods"], y=series["counts"],
                           marker_color=PALETTE[index % len(PALETTE)])
        else:
            figure.add_scatter(name=escaped(series["label"]), x=data["periods"], y=series["counts"],
                               mode="lines+markers", line_color=PALETTE[index % len(PALETTE)])
    return laid_out(figure, _("Published complaints over time"), barmode="stack" if stacked else None, height=340,
                   xaxis={"type": "category"}, yaxis_title=_("Complaints"),
                   legend={"orientation": "h", "y": -0.25})

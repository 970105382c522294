"""Plotly figures built from selector output; templates only embed them.

Colours are the Okabe-Ito palette, readable with the common colour-vision deficiencies. Every
label that comes from data is HTML-escaped, since Plotly renders some markup in labels.
"""

import html

import plotly.graph_objects as go
from django.utils.html import format_html, json_script
from django.utils.translation import gettext as _
from plotly.utils import PlotlyJSONEncoder

from complaints.choices import Category
from supervision.core.labels import label

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999",
           "#882255", "#44AA99", "#332288", "#AA4499"]
SEQUENTIAL = [[0, "#FFFFFF"], [0.5, "#E69F00"], [1, "#B8322A"]]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def escaped(text) -> str:
    """Text for a figure's labels, which Plotly renders as HTML: names and narratives come from outside."""
    return html.escape(str(text or ""))


def laid_out(figure: go.Figure, title: str, **extra) -> go.Figure:
    """Every figure of ours, public pages' included: the same template, margins and Chinese-capable fonts."""
    figure.update_layout(title=title, template="plotly_white", margin={"l": 60, "r": 20, "t": 50, "b": 50},
                         font={"family": "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"}, **extra)
    return figure


def complaints_by_month(rows: list[dict], months: list[str]) -> go.Figure:
    """Stacked bars over every month of the range, so a month without complaints shows as empty, not missing."""
    figure = go.Figure()
    for index, code in enumerate(Category.values):
        values = {row["month"]: row["complaints"] for row in rows if row["category"] == code}
        if values:
            figure.add_bar(name=escaped(label("category", code)), x=months, y=[values.get(m, 0) for m in months],
                           marker_color=PALETTE[index % len(PALETTE)])
    return laid_out(figure, _("Complaints per month, by category"), barmode="stack", height=460,
                   xaxis={"title": _("Month"), "type": "category"}, yaxis_title=_("Complaints"),
                   legend={"orientation": "h", "y": -0.25, "font": {"size": 10}})


def ranking(rows: list[dict], *, value: str, title: str, axis: str) -> go.Figure:
    rows = list(reversed(rows))
    figure = go.Figure(go.Bar(x=[row[value] for row in rows], y=[escaped(row["name"] or row["code"]) for row in rows],
                              orientation="h", marker_color=PALETTE[0],
                              hovertemplate="%{y}: %{x}<extra></extra>"))
    return laid_out(figure, title, xaxis_title=axis, height=380)


def metric_heatmap(data: dict) -> go.Figure:
    figure = go.Figure(go.Heatmap(z=data["rates"], x=[escaped(label("metric", code)) for code in data["metrics"]],
                                  y=[escaped(name) for name in data["agencies"]],
                                  colorscale=SEQUENTIAL, colorbar={"title": _("per 1,000 contacts")},
                                  hovertemplate="%{y} · %{x}: %{z}<extra></extra>"))
    return laid_out(figure, _("Agencies × violation metrics, per 1,000 contacts"),
                   height=max(320, 28 * len(data["agencies"]) + 120))


def contacts_by_hour(data: dict) -> go.Figure:
    figure = go.Figure(go.Heatmap(z=data["matrix"], x=list(range(24)), y=[_(day) for day in WEEKDAYS],
                                  colorscale=SEQUENTIAL, colorbar={"title": _("Contacts")},
                                  hovertemplate="%{y} %{x}:00 · %{z}<extra></extra>"))
    for hour in (data["permitted_from"], data["permitted_until"]):
        figure.add_vline(x=hour - 0.5, line_dash="dash", line_color="#000000")
    return laid_out(figure, _("Contacts by local hour and weekday (dashed: permitted hours)"),
                   xaxis_title=_("Local hour"), height=340)


def complaints_by_province(rows: list[dict]) -> go.Figure:
    figure = go.Figure(go.Bar(x=[escaped(label("province", row["region"])) for row in rows],
                              y=[row["complaints"] for row in rows], marker_color=PALETTE[2]))
    return laid_out(figure, _("Complaints by province"), yaxis_title=_("Complaints"))


def entity_complaints(rows: list[dict]) -> go.Figure:
    figure = go.Figure(go.Scatter(x=[row["month"] for row in rows], y=[row["complaints"] for row in rows],
                                  mode="lines+markers", line_color=PALETTE[0], name=_("Complaints")))
    return laid_out(figure, _("Complaints per month"), yaxis_title=_("Complaints"), xaxis={"type": "category"})


def entity_against_peers(rows: list[dict], metric: str) -> go.Figure:
    figure = go.Figure()
    figure.add_scatter(x=[row["month"] for row in rows], y=[row["own"] for row in rows], mode="lines+markers",
                       name=_("This entity"), line_color=PALETTE[5])
    figure.add_scatter(x=[row["month"] for row in rows], y=[row["peer_median"] for row in rows], mode="lines+markers",
                       name=_("Peer median"), line={"color": PALETTE[8], "dash": "dash"})
    if rows and rows[0]["threshold"]:
        figure.add_scatter(x=[row["month"] for row in rows], y=[row["threshold"] for row in rows], mode="lines",
                           name=_("Alert threshold"), line={"color": PALETTE[5], "dash": "dot", "width": 1})
    return laid_out(figure, f"{label('metric', metric)} · {_('per 1,000 contacts')}", xaxis={"type": "category"},
                   legend={"orientation": "h", "y": -0.2})


def embed(figure: go.Figure, element_id: str) -> str:
    """The figure as data beside an empty element; static/js/charts.js draws it.

    No inline script: the Content-Security-Policy allows only our own script files.
    """
    spec = figure.to_plotly_json() | {"config": {"displaylogo": False, "responsive": True}}
    return format_html('<div id="{}" class="plotly-chart"></div>{}', element_id,
                       json_script(spec, f"{element_id}-spec", encoder=PlotlyJSONEncoder))

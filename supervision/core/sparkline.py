from django.utils.html import escape


def sparkline_svg(values: list[float], *, label: str = "", width: int = 64, height: int = 16, threshold=None) -> str:
    """A line of values as an inline SVG (no script: the Content-Security-Policy allows none inline).

    A dashed line marks the threshold when it falls in range; the last point is a dot. Built as one
    string, since a metrics page draws hundreds of them.
    """
    known = [(index, value) for index, value in enumerate(values) if value is not None]  # None: not reported
    if not known:
        return ""
    top = max(max(value for _index, value in known), threshold or 0) or 1.0
    step = width / max(1, len(values) - 1)
    scale = (height - 2) / top

    def y(value: float) -> float:
        return round(height - 1 - scale * value, 1)

    points = " ".join(f"{index * step:.1f},{y(value)}" for index, value in known)
    last_index, last_value = known[-1]
    limit = (f'<line x1="0" x2="{width}" y1="{y(threshold)}" y2="{y(threshold)}" class="spark-threshold"/>'
             if threshold else "")
    return (f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(label)}">{limit}<polyline points="{points}" fill="none"/>'
            f'<circle cx="{last_index * step:.1f}" cy="{y(last_value)}" r="1.6"/></svg>')


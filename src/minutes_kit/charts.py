"""A measure's values across periods as an inline SVG line chart, drawn at build time so
the page needs no script or network; the table beside it carries the same numbers."""

from __future__ import annotations

from collections.abc import Sequence

from .escape import html_attribute, html_text, one_line

WIDTH, HEIGHT, PAD = 640, 260, 44


def _text(value: str) -> str:
    """Chart text on one line: the chart is one raw-HTML line of a Markdown page, and a
    blank line would end it there."""
    return html_text(one_line(value))


def line_chart(title: str, labels: Sequence[str],
               series: Sequence[tuple[str, Sequence[float | None], str]]) -> str:
    """An SVG of one or more named series over ``labels``; ``None`` leaves a gap."""
    values = [v for _, points, _ in series for v in points if v is not None]
    if not values or not labels:
        return ""
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    span = high - low
    low, high = low - span * 0.1, high + span * 0.1

    def x(i: int) -> float:
        steps = max(1, len(labels) - 1)
        return PAD + (WIDTH - 2 * PAD) * (i / steps if len(labels) > 1 else 0.5)

    def y(v: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (v - low) / (high - low)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'class="mk-chart" aria-labelledby="chart-title">',
             f'<title id="chart-title">{_text(title)}</title>',
             f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" class="mk-axis"/>',
             f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" class="mk-axis"/>']
    for value in (low + (high - low) * k / 4 for k in range(5)):
        parts.append(f'<text x="{PAD - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
                     f'class="mk-tick">{value:.1f}</text>')
    for i, label in enumerate(labels):
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - PAD + 18}" text-anchor="middle" '
                     f'class="mk-tick">{_text(label)}</text>')
    for n, (name, points, style) in enumerate(series):
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(points) if v is not None)
        parts.append(f'<polyline points="{path}" class="mk-series mk-{html_attribute(style)}" fill="none"/>')
        parts += [f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="4" class="mk-{html_attribute(style)}">'
                  f"<title>{_text(name)} {_text(labels[i])}: {v:g}</title></circle>"
                  for i, v in enumerate(points) if v is not None]
        parts.append(f'<text x="{WIDTH - PAD}" y="{16 + 16 * n}" text-anchor="end" '
                     f'class="mk-legend mk-{html_attribute(style)}">{_text(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)

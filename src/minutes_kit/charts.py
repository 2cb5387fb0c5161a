"""A measure's values across periods as an inline SVG line chart, drawn at build time so
the page needs no script or network; the table beside it carries the same numbers.

The chart has its own size (``width`` and ``height``), since a theme may shrink a
figure to its content and an SVG with only a ``viewBox`` has none. It is drawn narrow
(480 units) so its 17-unit text stays above 12 px on a 390 px phone. Each series is told
apart by its dash pattern and a label at its line's end, never by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .escape import html_attribute, html_text, one_line

WIDTH, HEIGHT = 480, 300
LEFT, RIGHT, TOP, BOTTOM = 58, 86, 40, 36
FONT = 17
LABEL_ROOM = 96  # the width of a period label such as "Q3 2011/12"


def _text(value: str) -> str:
    """Chart text on one line: the chart is one raw-HTML line of a Markdown page, and a
    blank line would end it there."""
    return html_text(one_line(value))


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values (1, 2, 2.5 or 5 times a power of ten) spanning ``low``-``high``."""
    if high - low < 1e-9 * max(1.0, abs(low), abs(high)):  # one value (or near): a span around it
        low, high = low - 1, high + 1
    rough = (high - low) / (count - 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= rough)
    first, last = math.floor(low / step), math.ceil(high / step)
    first -= first * step > low  # low / step can round to the next tick (-5e-324 / 2 is -0.0)
    last += last * step < high
    places = max(0, -math.floor(math.log10(step)) + (1 if step / power == 2.5 else 0))
    return [round(k * step, places) for k in range(first, last + 1)]


def tick_text(value: float) -> str:
    return f"{value:,.10g}"


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions near ``wanted`` (sorted) but at least ``gap`` apart, within the plot."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, placed[-1] + gap) if placed else y)
    overflow = placed[-1] - high if placed else 0
    return [max(low, y - max(0, overflow)) for y in placed]


def line_chart(title: str, labels: Sequence[str],
               series: Sequence[tuple[str, Sequence[float | None], str]], axis: str = "") -> str:
    """An SVG of one or more named series over ``labels``; ``None`` leaves a gap. ``axis``
    names the y-axis (its unit and which way is better) above it."""
    values = [v for _, points, _ in series for v in points if v is not None]
    if not values or not labels:
        return ""
    scale = ticks(min(values), max(values))
    low, high = scale[0], scale[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + plot_w * (i / (len(labels) - 1) if len(labels) > 1 else 0.5)

    def y(v: float) -> float:
        return TOP + plot_h * (high - v) / (high - low)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="mk-chart" aria-labelledby="chart-title">',
             f'<title id="chart-title">{_text(title)}</title>',
             f'<text x="4" y="{FONT + 2}" class="mk-tick">{_text(axis)}</text>' if axis else ""]
    for value in scale:
        parts.append(f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{LEFT + plot_w}" y2="{y(value):.1f}" '
                     'class="mk-grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + FONT / 3:.1f}" text-anchor="end" '
                     f'class="mk-tick">{tick_text(value)}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" class="mk-axis"/>')
    every = max(1, math.ceil(len(labels) * LABEL_ROOM / (plot_w + LABEL_ROOM)))
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + FONT + 6}" text-anchor="middle" '
                         f'class="mk-tick">{_text(label)}</text>')
    ends: list[tuple[float, str, str]] = []
    for name, points, style in series:
        shown = [(i, v) for i, v in enumerate(points) if v is not None]
        if not shown:
            continue
        kind = html_attribute(style)
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in shown)
        parts.append(f'<polyline points="{path}" class="mk-series mk-{kind}" fill="none"/>')
        parts += [f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="4" class="mk-{kind}">'
                  f"<title>{_text(name)} {_text(labels[i])}: {v:g}</title></circle>" for i, v in shown]
        ends.append((y(shown[-1][1]), name, kind))
    ends.sort()
    places = _spread([at for at, _, _ in ends], FONT + 2, TOP, TOP + plot_h)
    for at, (_, name, kind) in zip(places, ends, strict=True):
        parts.append(f'<text x="{LEFT + plot_w + 8}" y="{at + FONT / 3:.1f}" '
                     f'class="mk-legend mk-{kind}">{_text(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)

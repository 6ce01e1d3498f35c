"""Charts drawn on the server as SVG (templates/reports/_charts.html draws what these compute):
no script, nothing the Content-Security-Policy would have to allow; each chart is shown with
its data table beside it, which is what screen readers read."""
from dataclasses import dataclass

WIDTH, BAR, GAP, LABEL = 680, 18, 8, 260  # pixels: the drawing, one bar, between bars, labels


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: int
    series: int  # which colour (the legend's order)


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    scale: int  # the value the full width stands for
    label_width: int = LABEL
    width: int = WIDTH


def stacked(rows: list[tuple[str, tuple[int, ...]]]) -> Chart:
    """Horizontal bars, one a row, each stacking its values left to right."""
    scale = max((sum(values) for _, values in rows), default=0) or 1
    span = WIDTH - LABEL - 10
    bars = []
    for i, (label, values) in enumerate(rows):
        x, segments = float(LABEL), []
        for series, value in enumerate(values):
            width = span * value / scale
            segments.append(Segment(round(x, 1), round(width, 1), value, series))
            x += width
        bars.append(Bar(label, i * (BAR + GAP) + GAP, tuple(segments)))
    return Chart(tuple(bars), len(rows) * (BAR + GAP) + GAP, scale)


def grouped(rows: list[tuple[str, tuple[int, ...]]]) -> Chart:
    """Horizontal bars, one a value, grouped by row (received beside handled, by month)."""
    scale = max((v for _, values in rows for v in values), default=0) or 1
    span = WIDTH - LABEL - 10
    bars, y = [], float(GAP)
    for label, values in rows:
        segments = tuple(Segment(LABEL, round(span * v / scale, 1), v, series)
                         for series, v in enumerate(values))
        bars.append(Bar(label, y, segments))
        y += len(values) * BAR + GAP
    return Chart(tuple(bars), int(y), scale)

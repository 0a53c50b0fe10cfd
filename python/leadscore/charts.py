"""Small, dependency-free SVG charts for the self-contained HTML report.

Each function returns one <svg class="chart"> element; marks carry
class="mark" so a browser check can tell an empty chart from a drawn one.
"""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 560, 300, 44
COLOURS = ("#2563eb", "#f97316", "#16a34a", "#9333ea", "#dc2626")


def _frame(title: str, body: list[str], x_label: str, y_label: str) -> str:
    axes = (f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - 10}" y2="{HEIGHT - PAD}" stroke="#555"/>'
            f'<line x1="{PAD}" y1="10" x2="{PAD}" y2="{HEIGHT - PAD}" stroke="#555"/>'
            f'<text x="{WIDTH / 2}" y="{HEIGHT - 8}" text-anchor="middle" class="axis">{escape(x_label)}</text>'
            f'<text x="12" y="{HEIGHT / 2}" transform="rotate(-90 12 {HEIGHT / 2})" text-anchor="middle" '
            f'class="axis">{escape(y_label)}</text>')
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}">{axes}{"".join(body)}</svg>')


def _scale(value: float, low: float, high: float, out_low: float, out_high: float) -> float:
    span = (high - low) or 1.0
    return out_low + (value - low) / span * (out_high - out_low)


def _legend(names: list[str]) -> list[str]:
    return [f'<text x="{PAD + 10 + 150 * i}" y="22" fill="{COLOURS[i % len(COLOURS)]}" class="legend">'
            f'&#9632; {escape(n)}</text>' for i, n in enumerate(names)]


def bars(title: str, labels: list[str], series: dict[str, list[float]], x_label: str, y_label: str) -> str:
    """Grouped bars: one group per label, one bar per series."""
    top = max([v for values in series.values() for v in values if v is not None] + [1e-12])
    group = (WIDTH - PAD - 20) / max(len(labels), 1)
    width = group * 0.8 / max(len(series), 1)
    body = _legend(list(series)) if len(series) > 1 else []
    for s, (name, values) in enumerate(series.items()):
        for i, value in enumerate(values):
            if value is None:
                continue
            height = _scale(value, 0, top, 0, HEIGHT - PAD - 30)
            x = PAD + 5 + i * group + s * width
            body.append(f'<rect class="mark" x="{x:.1f}" y="{HEIGHT - PAD - height:.1f}" width="{width:.1f}" '
                        f'height="{height:.1f}" fill="{COLOURS[s % len(COLOURS)]}">'
                        f'<title>{escape(name)} {escape(str(labels[i]))}: {value:.4g}</title></rect>')
    for i, label in enumerate(labels):
        body.append(f'<text x="{PAD + 5 + i * group + group * 0.4:.1f}" y="{HEIGHT - PAD + 14}" '
                    f'text-anchor="middle" class="tick">{escape(str(label))}</text>')
    body.append(f'<text x="{PAD - 4}" y="34" text-anchor="end" class="tick">{top:.3g}</text>')
    return _frame(title, body, x_label, y_label)


def lines(title: str, series: dict[str, list[tuple[float, float]]], x_label: str, y_label: str,
          diagonal: bool = False) -> str:
    """Lines with point marks; `diagonal` draws y = x (perfect calibration)."""
    points = [p for values in series.values() for p in values]
    xs, ys = [p[0] for p in points] or [0.0, 1.0], [p[1] for p in points] or [0.0, 1.0]
    low, high = (min(xs + ys), max(xs + ys)) if diagonal else (min(ys + [0.0]), max(ys + [1e-12]))
    x_low, x_high = (low, high) if diagonal else (min(xs), max(xs))

    def at(x: float, y: float) -> str:
        return f"{_scale(x, x_low, x_high, PAD, WIDTH - 20):.1f},{_scale(y, low, high, HEIGHT - PAD, 30):.1f}"

    body = _legend(list(series))
    if diagonal:
        body.append(f'<polyline points="{at(low, low)} {at(high, high)}" stroke="#999" stroke-dasharray="4" '
                    'fill="none"/>')
    for s, (name, values) in enumerate(series.items()):
        colour = COLOURS[s % len(COLOURS)]
        body.append(f'<polyline points="{" ".join(at(x, y) for x, y in values)}" stroke="{colour}" '
                    'stroke-width="2" fill="none"/>')
        body += [f'<circle class="mark" cx="{at(x, y).split(",")[0]}" cy="{at(x, y).split(",")[1]}" r="3" '
                 f'fill="{colour}"><title>{escape(name)}: ({x:.4g}, {y:.4g})</title></circle>' for x, y in values]
    body.append(f'<text x="{PAD - 4}" y="34" text-anchor="end" class="tick">{high:.3g}</text>')
    body.append(f'<text x="{WIDTH - 20}" y="{HEIGHT - PAD + 14}" text-anchor="end" class="tick">{x_high:.3g}</text>')
    return _frame(title, body, x_label, y_label)

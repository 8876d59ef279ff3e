"""All provinces on one chart: how far each phase got in each province against the plan."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rollout.formatting import date_nl, signed_days
from rollout.plan.charts.common import (
    DAY_FIGURES_NOTE,
    FIGURE_COLOUR,
    OVERDUE_COLOUR,
    PHASE_COLOUR,
    PHASE_LINE_COLOUR,
    STATUS_COLOURS,
    Window,
    iso,
    layout_for,
    runs_on_hover,
    runs_on_marks,
    span_ms,
)
from rollout.plan.rules import Status


@dataclass(frozen=True)
class OverviewBar:
    province: str
    phase_number: int
    phase_name: str
    planned_start: date
    planned_end: date
    #: First actual start and last actual end of the phase's activities in this province.
    actual_start: date | None
    actual_end: date | None
    complete: bool
    on_time_share: float | None
    overdue: int
    #: Days after (+) or before (-) the planned end; for an unfinished phase, days past it.
    deviation_days: int | None = None


#: How the actual span of a phase is drawn, by how it stands: (legend name, colour).
OVERVIEW_STATES = {
    "overdue": ("Werkelijk: iets achterstallig", OVERDUE_COLOUR),
    "late": ("Werkelijk: (deels) laat afgerond", STATUS_COLOURS[Status.DONE_LATE]),
    "running": ("Werkelijk: lopend, op schema", STATUS_COLOURS[Status.IN_PROGRESS]),
    "done": ("Werkelijk: op tijd afgerond", STATUS_COLOURS[Status.DONE]),
}


def overview_state(bar: OverviewBar) -> str:
    """Overdue wins over late, late over running or done in time."""
    if bar.overdue:
        return "overdue"
    late = (bar.on_time_share is not None and bar.on_time_share < 1) or (
        bar.complete and bar.deviation_days is not None and bar.deviation_days > 0
    )
    if late:
        return "late"
    return "done" if bar.complete else "running"


def _day_figure(days: int) -> str:
    return f"{signed_days(days)} d"


def _overview_hover(b: OverviewBar, today: date | None) -> str:
    share = "—" if b.on_time_share is None else f"{round(b.on_time_share * 100)}%"
    running = f"lopend (vandaag {date_nl(today)})" if today else "niet afgerond"
    lines = [
        f"<b>{b.province}: fase {b.phase_number} ({b.phase_name})</b>",
        f"Gepland: {date_nl(b.planned_start)} – {date_nl(b.planned_end)}",
        f"Werkelijk: {date_nl(b.actual_start)} – "
        + (date_nl(b.actual_end) if b.complete else running),
        f"Op tijd afgerond: {share}",
        f"Achterstallig: {b.overdue}",
    ]
    if b.deviation_days is not None:
        lines.append(f"Dagen t.o.v. gepland einde: {_day_figure(b.deviation_days)}")
    return "<br>".join(lines)


@dataclass(frozen=True)
class _Row:
    bar: OverviewBar
    label: str
    #: Where the actual bar ends, and whether it runs past the axis there (None: no bar).
    end: date | None = None
    clipped: bool = False


def _rows(bars: Sequence[OverviewBar], window: Window, today: date | None) -> list[_Row]:
    rows = []
    for b in bars:
        label = f"{b.province} · F{b.phase_number} {b.phase_name}"
        if b.actual_start is None:
            rows.append(_Row(b, label))
            continue
        end, clipped = (b.actual_end, False) if b.complete else window.running_end(today)
        rows.append(_Row(b, label, end, clipped))
    return rows


def _planned_trace(rows: list[_Row], today: date | None) -> dict:
    return {
        "type": "bar",
        "orientation": "h",
        "name": "Gepland",
        "y": [r.label for r in rows],
        "base": [iso(r.bar.planned_start) for r in rows],
        "x": [span_ms(r.bar.planned_start, r.bar.planned_end) for r in rows],
        "marker": {"color": PHASE_COLOUR, "line": {"color": PHASE_LINE_COLOUR, "width": 1}},
        "width": 0.8,
        "hovertext": [_overview_hover(r.bar, today) for r in rows],
        "hoverinfo": "text",
    }


def _actual_traces(rows: list[_Row], today: date | None) -> list[dict]:
    """One trace per state, so that the legend names every colour; a triangle where a bar
    runs past the axis."""
    traces, runs_on = [], []
    for state, (name, colour) in OVERVIEW_STATES.items():
        drawn = [r for r in rows if r.end and overview_state(r.bar) == state]
        if not drawn:
            continue
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "meta": {"state": state},
                "y": [r.label for r in drawn],
                "base": [iso(r.bar.actual_start) for r in drawn],
                "x": [span_ms(r.bar.actual_start, r.end) for r in drawn],
                "marker": {"color": colour},
                "width": 0.45,
                "hovertext": [_overview_hover(r.bar, today) for r in drawn],
                "hoverinfo": "text",
            }
        )
        runs_on += [
            (r.label, r.end, runs_on_hover(_overview_hover(r.bar, today), today))
            for r in drawn
            if r.clipped
        ]
    return traces + runs_on_marks(runs_on)


def _day_figures_trace(rows: list[_Row]) -> list[dict]:
    """The days ahead of or behind the plan beside each bar; inside the end of a bar that runs
    past the axis, in white."""
    shown = [r for r in rows if r.bar.deviation_days is not None]
    if not shown:
        return []
    return [
        {
            "type": "scatter",
            "mode": "text",
            "name": "Dagen t.o.v. gepland einde",
            "showlegend": False,
            "y": [r.label for r in shown],
            "x": [
                iso(r.end - timedelta(days=4))
                if r.clipped
                else iso(max(r.bar.planned_end, r.end or r.bar.planned_end) + timedelta(days=2))
                for r in shown
            ],
            "text": [_day_figure(r.bar.deviation_days) for r in shown],
            "textposition": ["middle left" if r.clipped else "middle right" for r in shown],
            "textfont": {
                "color": ["#ffffff" if r.clipped else FIGURE_COLOUR for r in shown],
                "size": 11,
            },
            "hoverinfo": "skip",
            "cliponaxis": False,  # a figure beside a bar at the axis's end reads in the margin
        }
    ]


def overview_timeline(bars: Sequence[OverviewBar], today: date | None) -> dict:
    """All provinces on one chart: one row per province per phase ("Antwerpen · F3 Matching"),
    the planned window as a light bar, the actual span over it in the colour of how the phase
    stands, the days ahead of or behind the plan beside it, and a line for today (none when
    `today` is None, as for a round that has ended)."""
    dates = [
        d for b in bars for d in (b.planned_start, b.planned_end, b.actual_start, b.actual_end) if d
    ]
    window = Window.around(dates, today)
    rows = _rows(bars, window, today)
    traces = [_planned_trace(rows, today), *_actual_traces(rows, today), *_day_figures_trace(rows)]
    categories = list(dict.fromkeys(r.label for r in rows))
    layout = layout_for(categories, window, today, "", {})
    layout["margin"]["r"] = 50
    layout["legend"]["title"] = {"text": DAY_FIGURES_NOTE, "side": "top", "font": {"size": 11}}
    return {"data": traces, "layout": layout}

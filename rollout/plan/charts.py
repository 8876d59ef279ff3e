"""Plotly figures of the plan as plain dicts, built from plain rows: no database, no request,
no pandas (px.timeline costs ~77 ms a figure; a dict well under 1 ms)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rollout.formatting import MONTHS_NL, date_nl
from rollout.plan.rules import STATUS_LABELS, Status

DAY_MS = 86_400_000

#: The warning colour of overdue items, and the other statuses' colours (Bootstrap's palette).
OVERDUE_COLOUR = "#dc3545"
STATUS_COLOURS = {
    Status.PLANNED: "#adb5bd",
    Status.IN_PROGRESS: "#0d6efd",
    Status.DONE: "#198754",
    Status.DONE_LATE: "#fd7e14",
    Status.OVERDUE: OVERDUE_COLOUR,
}
PHASE_COLOUR = "rgba(13, 110, 253, 0.16)"
ACTUAL_COLOUR = "#212529"
TODAY_COLOUR = "#6f42c1"


@dataclass(frozen=True)
class TimelinePhase:
    number: int
    name: str
    planned_start: date
    planned_end: date


@dataclass(frozen=True)
class TimelineItem:
    name: str
    phase_number: int
    is_milestone: bool
    planned_start: date
    planned_end: date
    actual_start: date | None
    actual_end: date | None
    status: Status
    responsible: str = ""
    moved: bool = False


def _iso(day: date) -> str:
    return day.isoformat()


def _span_ms(start: date, end: date) -> int:
    """Bar length from the start of `start` to the end of `end`."""
    return ((end - start).days + 1) * DAY_MS


def month_ticks(first: date, last: date, max_ticks: int = 14) -> tuple[list[str], list[str]]:
    """Tick positions on the first of the month and Dutch labels ("feb 2021")."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = max(1, -(-months // max_ticks))
    values, labels = [], []
    year, month = first.year, first.month
    for index in range(months + 1):
        if index % step == 0:
            values.append(date(year, month, 1).isoformat())
            labels.append(f"{MONTHS_NL[month - 1]} {year}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return values, labels


def _unique_labels(names: Sequence[str], width: int = 48) -> list[str]:
    seen: dict[str, int] = {}
    labels = []
    for name in names:
        label = name if len(name) <= width else name[: width - 1] + "…"
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels


def _item_hover(item: TimelineItem) -> str:
    planned = (
        date_nl(item.planned_start)
        if item.is_milestone
        else f"{date_nl(item.planned_start)} – {date_nl(item.planned_end)}"
    )
    actual = "—"
    if item.actual_end:
        actual = (
            date_nl(item.actual_end)
            if item.is_milestone or not item.actual_start
            else f"{date_nl(item.actual_start)} – {date_nl(item.actual_end)}"
        )
    elif item.actual_start:
        actual = f"begonnen {date_nl(item.actual_start)}"
    lines = [
        f"<b>{item.name}</b>",
        f"Gepland: {planned}" + (" (verschoven)" if item.moved else ""),
        f"Werkelijk: {actual}",
        f"Status: {STATUS_LABELS[item.status]}",
    ]
    if item.responsible:
        lines.append(f"Verantwoordelijke: {item.responsible}")
    return "<br>".join(lines)


def _today_marks(today: date) -> tuple[list[dict], list[dict]]:
    shape = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": _iso(today),
        "x1": _iso(today),
        "y0": 0,
        "y1": 1,
        "line": {"color": TODAY_COLOUR, "width": 2, "dash": "dot"},
        "name": "vandaag",
    }
    note = {
        "x": _iso(today),
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "showarrow": False,
        "text": f"Vandaag ({date_nl(today)})",
        "font": {"color": TODAY_COLOUR, "size": 11},
    }
    return [shape], [note]


def _layout(categories: list[str], first: date, last: date, today: date, title: str) -> dict:
    if last < today <= last + timedelta(days=365):
        last = today  # keep today's line in view shortly after the plan
    tickvals, ticktext = month_ticks(first, last)
    shapes, annotations = _today_marks(today)
    return {
        "title": {"text": title, "x": 0, "font": {"size": 15}},
        "barmode": "overlay",
        "height": 140 + 26 * len(categories),
        "margin": {"l": 10, "r": 10, "t": 60 if title else 30, "b": 40},
        "xaxis": {
            "type": "date",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "range": [_iso(first - timedelta(days=7)), _iso(last + timedelta(days=7))],
            "gridcolor": "#e9ecef",
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": categories,
            "autorange": "reversed",
            "automargin": True,
        },
        "legend": {"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0},
        "shapes": shapes,
        "annotations": annotations,
        "hoverlabel": {"align": "left"},
        "plot_bgcolor": "#ffffff",
    }


def province_timeline(
    phases: Sequence[TimelinePhase],
    items: Sequence[TimelineItem],
    today: date,
    title: str = "",
) -> dict:
    """The timeline of one province: the phases as wide bars, each activity as a bar and each
    milestone as a diamond (hollow: planned, filled: reached), actual dates beside the planned
    ones, overdue items in the warning colour and a line for today."""
    phase_labels = {p.number: f"<b>Fase {p.number}: {p.name}</b>" for p in phases}
    item_labels = _unique_labels([i.name for i in items])
    categories = []
    for phase in phases:
        categories.append(phase_labels[phase.number])
        categories += [
            label
            for item, label in zip(items, item_labels, strict=True)
            if item.phase_number == phase.number
        ]

    traces: list[dict] = [
        {
            "type": "bar",
            "orientation": "h",
            "name": "Fase (gepland)",
            "y": [phase_labels[p.number] for p in phases],
            "base": [_iso(p.planned_start) for p in phases],
            "x": [_span_ms(p.planned_start, p.planned_end) for p in phases],
            "marker": {"color": PHASE_COLOUR, "line": {"color": "#0d6efd", "width": 1}},
            "width": 0.8,
            "hovertext": [
                f"<b>Fase {p.number}: {p.name}</b><br>{date_nl(p.planned_start)} – "
                f"{date_nl(p.planned_end)}"
                for p in phases
            ],
            "hoverinfo": "text",
        }
    ]
    labelled = list(zip(items, item_labels, strict=True))
    for status in Status:
        bars = [(i, label) for i, label in labelled if i.status is status and not i.is_milestone]
        marks = [(i, label) for i, label in labelled if i.status is status and i.is_milestone]
        colour = STATUS_COLOURS[status]
        if bars:
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "name": STATUS_LABELS[status],
                    "legendgroup": status.value,
                    "meta": {"status": status.value},
                    "y": [label for _, label in bars],
                    "base": [_iso(i.planned_start) for i, _ in bars],
                    "x": [_span_ms(i.planned_start, i.planned_end) for i, _ in bars],
                    "marker": {"color": colour, "opacity": 0.55},
                    "width": 0.6,
                    "hovertext": [_item_hover(i) for i, _ in bars],
                    "hoverinfo": "text",
                }
            )
        if marks:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": f"Mijlpaal: {STATUS_LABELS[status].lower()}",
                    "legendgroup": status.value,
                    "showlegend": not bars,
                    "meta": {"status": status.value, "milestone": True},
                    "y": [label for _, label in marks],
                    "x": [_iso(i.planned_start) for i, _ in marks],
                    "marker": {
                        "symbol": "diamond-open",
                        "size": 14,
                        "color": colour,
                        "line": {"width": 2.5},
                    },
                    "hovertext": [_item_hover(i) for i, _ in marks],
                    "hoverinfo": "text",
                }
            )

    actual_bars = [
        (i, label) for i, label in labelled if not i.is_milestone and i.actual_start is not None
    ]
    if actual_bars:
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": "Werkelijke uitvoering",
                "y": [label for _, label in actual_bars],
                "base": [_iso(i.actual_start) for i, _ in actual_bars],
                "x": [_span_ms(i.actual_start, i.actual_end or today) for i, _ in actual_bars],
                "marker": {"color": ACTUAL_COLOUR},
                "width": 0.18,
                "hovertext": [_item_hover(i) for i, _ in actual_bars],
                "hoverinfo": "text",
            }
        )
    reached = [(i, label) for i, label in labelled if i.is_milestone and i.actual_end]
    if reached:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Mijlpaal bereikt",
                "y": [label for _, label in reached],
                "x": [_iso(i.actual_end) for i, _ in reached],
                "marker": {"symbol": "diamond", "size": 11, "color": ACTUAL_COLOUR},
                "hovertext": [_item_hover(i) for i, _ in reached],
                "hoverinfo": "text",
            }
        )

    dates = [p.planned_start for p in phases] + [p.planned_end for p in phases]
    dates += [i.planned_start for i in items] + [i.planned_end for i in items]
    dates += [d for i in items for d in (i.actual_start, i.actual_end) if d]
    first, last = (min(dates), max(dates)) if dates else (today, today)
    return {"data": traces, "layout": _layout(categories, first, last, today, title)}


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


def overview_timeline(bars: Sequence[OverviewBar], today: date) -> dict:
    """All provinces on one chart: one row per province per phase, the planned window as a
    light bar and the actual span over it, in the warning colour where something is overdue."""
    categories = []
    for bar in bars:
        label = f"{bar.province} · F{bar.phase_number}"
        if label not in categories:
            categories.append(label)
    labels = [f"{b.province} · F{b.phase_number}" for b in bars]

    def hover(b: OverviewBar) -> str:
        share = "—" if b.on_time_share is None else f"{round(b.on_time_share * 100)}%"
        return "<br>".join(
            [
                f"<b>{b.province}: fase {b.phase_number} ({b.phase_name})</b>",
                f"Gepland: {date_nl(b.planned_start)} – {date_nl(b.planned_end)}",
                f"Werkelijk: {date_nl(b.actual_start)} – "
                + (date_nl(b.actual_end) if b.complete else "lopend"),
                f"Op tijd afgerond: {share}",
                f"Achterstallig: {b.overdue}",
            ]
        )

    actual = [(b, label) for b, label in zip(bars, labels, strict=True) if b.actual_start]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": "Gepland",
            "y": labels,
            "base": [_iso(b.planned_start) for b in bars],
            "x": [_span_ms(b.planned_start, b.planned_end) for b in bars],
            "marker": {"color": PHASE_COLOUR, "line": {"color": "#0d6efd", "width": 1}},
            "width": 0.8,
            "hovertext": [hover(b) for b in bars],
            "hoverinfo": "text",
        },
        {
            "type": "bar",
            "orientation": "h",
            "name": "Werkelijk",
            "y": [label for _, label in actual],
            "base": [_iso(b.actual_start) for b, _ in actual],
            "x": [
                _span_ms(b.actual_start, b.actual_end if b.complete else today) for b, _ in actual
            ],
            "marker": {
                "color": [
                    OVERDUE_COLOUR if b.overdue else STATUS_COLOURS[Status.DONE] for b, _ in actual
                ]
            },
            "width": 0.35,
            "hovertext": [hover(b) for b, _ in actual],
            "hoverinfo": "text",
        },
    ]
    dates = [d for b in bars for d in (b.planned_start, b.planned_end, b.actual_start) if d]
    first, last = (min(dates), max(dates)) if dates else (today, today)
    return {"data": traces, "layout": _layout(categories, first, last, today, "")}

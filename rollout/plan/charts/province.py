"""The timeline of one province: phases, activities and milestones, planned and actual."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rollout.formatting import date_nl
from rollout.plan.charts.common import (
    ACTUAL_COLOUR,
    PHASE_COLOUR,
    PHASE_LINE_COLOUR,
    STATUS_COLOURS,
    Window,
    iso,
    layout_for,
    runs_on_hover,
    runs_on_marks,
    span_ms,
    unique_labels,
)
from rollout.plan.rules import STATUS_LABELS, Status


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
    #: The plan activity it shows: what session marks are placed by.
    activity_id: int | None = None


@dataclass(frozen=True)
class TimelineMark:
    """Something that happened on an activity's bar on one day (a held session), given as plain
    data by whoever knows it: the plan knows no sessions."""

    activity_id: int
    day: date
    label: str


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
            if item.is_milestone or not item.actual_start or item.actual_start == item.actual_end
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


def _categories(phases, items, phase_labels, item_labels) -> list[str]:
    categories = []
    for phase in phases:
        categories.append(phase_labels[phase.number])
        categories += [
            label
            for item, label in zip(items, item_labels, strict=True)
            if item.phase_number == phase.number
        ]
    return categories


def _phase_trace(phases: Sequence[TimelinePhase], phase_labels: dict[int, str]) -> dict:
    return {
        "type": "bar",
        "orientation": "h",
        "name": "Fase (gepland)",
        "y": [phase_labels[p.number] for p in phases],
        "base": [iso(p.planned_start) for p in phases],
        "x": [span_ms(p.planned_start, p.planned_end) for p in phases],
        "marker": {"color": PHASE_COLOUR, "line": {"color": PHASE_LINE_COLOUR, "width": 1}},
        "width": 0.8,
        "hovertext": [
            f"<b>Fase {p.number}: {p.name}</b><br>{date_nl(p.planned_start)} – "
            f"{date_nl(p.planned_end)}"
            for p in phases
        ],
        "hoverinfo": "text",
    }


def _status_traces(labelled: list[tuple[TimelineItem, str]]) -> list[dict]:
    """The planned window of each item in its status's colour: bars, and hollow diamonds for
    milestones (in the legend under the status when it has no bar)."""
    traces = []
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
                    "base": [iso(i.planned_start) for i, _ in bars],
                    "x": [span_ms(i.planned_start, i.planned_end) for i, _ in bars],
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
                    "x": [iso(i.planned_start) for i, _ in marks],
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
    return traces


def _marks(name: str, marked: list[tuple[TimelineItem, str, date]], marker: dict) -> list[dict]:
    """A scatter trace of one marker per (item, row label, day), hovering the item."""
    if not marked:
        return []
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "name": name,
            "y": [label for _, label, _ in marked],
            "x": [iso(day) for _, _, day in marked],
            "marker": marker,
            "hovertext": [_item_hover(i) for i, _, _ in marked],
            "hoverinfo": "text",
        }
    ]


def _actual_bars(
    labelled: list[tuple[TimelineItem, str]], window: Window, today: date | None
) -> list[dict]:
    """A thin dark bar from an activity's actual start to its end, or on to today; a triangle
    where it runs past the axis."""
    bars, runs_on = [], []
    for item, label in labelled:
        if item.is_milestone or item.actual_start is None:
            continue
        end, clipped = (item.actual_end, False) if item.actual_end else window.running_end(today)
        bars.append((item, label, end))
        if clipped:
            runs_on.append((label, end, runs_on_hover(_item_hover(item), today)))
    if not bars:
        return []
    trace = {
        "type": "bar",
        "orientation": "h",
        "name": "Werkelijke uitvoering",
        "y": [label for _, label, _ in bars],
        "base": [iso(i.actual_start) for i, _, _ in bars],
        "x": [span_ms(i.actual_start, end) for i, _, end in bars],
        "marker": {"color": ACTUAL_COLOUR},
        "width": 0.18,
        "hovertext": [_item_hover(i) for i, _, _ in bars],
        "hoverinfo": "text",
    }
    return [trace, *runs_on_marks(runs_on)]


def _actual_traces(
    labelled: list[tuple[TimelineItem, str]], window: Window, today: date | None
) -> list[dict]:
    """What happened: the actual bars, a dot on the day an activity was done (visible however
    short it took, also without a recorded start) and a filled diamond on the day a milestone
    was reached."""
    done = [(i, label, i.actual_end) for i, label in labelled if i.actual_end]
    dot = {
        "symbol": "circle",
        "size": 10,
        "color": ACTUAL_COLOUR,
        "line": {"color": "#ffffff", "width": 1.5},
    }
    diamond = {"symbol": "diamond", "size": 11, "color": ACTUAL_COLOUR}
    return [
        *_actual_bars(labelled, window, today),
        *_marks("Activiteit afgerond op", [d for d in done if not d[0].is_milestone], dot),
        *_marks("Mijlpaal bereikt", [d for d in done if d[0].is_milestone], diamond),
    ]


SESSION_MARKER = {
    "symbol": "star",
    "size": 11,
    "color": "#ffffff",
    "line": {"color": ACTUAL_COLOUR, "width": 1.5},
}


def _session_marks(
    labelled: list[tuple[TimelineItem, str]], marks: Sequence[TimelineMark]
) -> list[dict]:
    """One marker per held session on its activity's row (marks of activities not shown are
    left out)."""
    rows = {item.activity_id: label for item, label in labelled if item.activity_id is not None}
    shown = [m for m in marks if m.activity_id in rows]
    if not shown:
        return []
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "name": "Gehouden sessie",
            "meta": {"sessions": True},
            "y": [rows[m.activity_id] for m in shown],
            "x": [iso(m.day) for m in shown],
            "marker": SESSION_MARKER,
            "hovertext": [f"<b>{m.label}</b><br>Gehouden op {date_nl(m.day)}" for m in shown],
            "hoverinfo": "text",
        }
    ]


def province_timeline(
    phases: Sequence[TimelinePhase],
    items: Sequence[TimelineItem],
    today: date | None,
    title: str = "",
    marks: Sequence[TimelineMark] = (),
) -> dict:
    """The timeline of one province: the phases as wide bars, each activity as a bar and each
    milestone as a diamond (hollow: planned, filled: reached), actual dates beside the planned
    ones, overdue items in the warning colour and a line for today (none when `today` is None,
    as for a round that has ended), and a star for each held session in `marks`."""
    phase_labels = {p.number: f"<b>Fase {p.number}: {p.name}</b>" for p in phases}
    item_labels = unique_labels([i.name for i in items])
    labelled = list(zip(items, item_labels, strict=True))
    dates = [p.planned_start for p in phases] + [p.planned_end for p in phases]
    dates += [i.planned_start for i in items] + [i.planned_end for i in items]
    dates += [d for i in items for d in (i.actual_start, i.actual_end) if d]
    dates += [m.day for m in marks]
    window = Window.around(dates, today)
    traces = [_phase_trace(phases, phase_labels)]
    traces += _status_traces(labelled) + _actual_traces(labelled, window, today)
    traces += _session_marks(labelled, marks)
    names = {label: i.name for i, label in labelled if label != i.name}
    categories = _categories(phases, items, phase_labels, item_labels)
    return {"data": traces, "layout": layout_for(categories, window, today, title, names)}

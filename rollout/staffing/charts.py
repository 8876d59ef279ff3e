"""Declared against required hours per role over time, as a Plotly figure dict (no database)."""

from collections.abc import Sequence
from datetime import date

from rollout.formatting import date_nl
from rollout.plan.charts import month_ticks, today_marks
from rollout.plan.models import STAFFING_ROLE_LABELS, StaffingRole
from rollout.staffing.rules import Rule, change_days, declared_on, required_hours

NO_EXTRA = "<extra></extra>"
ROLE_COLOURS = {
    StaffingRole.COORDINATOR: "#0d6efd",
    StaffingRole.PP_COUNSELLOR: "#d63384",
    StaffingRole.PARENT_COUNSELLOR: "#198754",
}


#: Lines of equal height would hide each other: each role's lines sit a little apart
#: (hours a week on the axis; the hover gives the true value) and carry their own marker.
ROLE_OFFSETS = {
    StaffingRole.COORDINATOR: 0.4,
    StaffingRole.PP_COUNSELLOR: 0.0,
    StaffingRole.PARENT_COUNSELLOR: -0.4,
}
ROLE_MARKERS = {
    StaffingRole.COORDINATOR: "circle",
    StaffingRole.PP_COUNSELLOR: "diamond",
    StaffingRole.PARENT_COUNSELLOR: "square",
}


def _shifted(values: list[float | None], offset: float) -> list[float | None]:
    return [None if v is None else round(v + offset, 2) for v in values]


def _trace(role, name, x, values, line, hovertemplate) -> dict:
    return {
        "type": "scatter",
        # the declared line is a light band, its required line dotted on top of it: where the
        # team has exactly the hours needed both stay visible
        "opacity": 1 if "dash" in line else 0.45,
        "mode": "lines+markers",
        "line": {"shape": "hv", "color": ROLE_COLOURS[role], **line},
        "marker": {"symbol": ROLE_MARKERS[role], "size": 7, "color": ROLE_COLOURS[role]},
        "name": name,
        "x": x,
        "y": _shifted(values, ROLE_OFFSETS[role]),
        "customdata": values,
        # the day as every page writes it, for the hover text
        "text": [date_nl(date.fromisoformat(day)) for day in x],
        "legendgroup": role.value,
        "hovertemplate": hovertemplate + NO_EXTRA,
    }


def _role_traces(members: Sequence, rules: Sequence[Rule], role, days: list[date]) -> list[dict]:
    """The declared line of one role and, on top of it, its required line."""
    label = STAFFING_ROLE_LABELS[role]
    x = [d.isoformat() for d in days]
    declared = [declared_on(members, d)[role] for d in days]
    required = [required_hours(rules, role, d) for d in days]
    return [
        _trace(
            role,
            f"{label}: gedeclareerd",
            x,
            declared,
            {"width": 4},
            f"{label}<br>%{{customdata:~g}} uur per week vanaf %{{text}}",
        ),
        _trace(
            role,
            f"{label}: vereist",
            x,
            required,
            {"width": 2, "dash": "dot"},
            f"{label}: minstens %{{customdata:~g}} uur vanaf %{{text}}",
        ),
    ]


def _layout(start: date, end: date, today: date) -> dict:
    """Months on the x-axis, hours a week up, the legend below; today's line while in view."""
    tickvals, ticktext = month_ticks(start, end)
    shapes, annotations = today_marks(today, in_legend=False) if start <= today <= end else ([], [])
    return {
        "height": 360,
        "separators": ",.",
        "margin": {"l": 50, "r": 10, "t": 30, "b": 40},
        "xaxis": {
            "type": "date",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "range": [start.isoformat(), end.isoformat()],
        },
        "yaxis": {"title": {"text": "uur per week"}, "rangemode": "tozero"},
        "legend": {"orientation": "h", "y": -0.15},
        "shapes": shapes,
        "annotations": annotations,
    }


def hours_over_time(
    members: Sequence, rules: Sequence[Rule], start: date, end: date, today: date
) -> dict:
    """A step line per role of the declared hours (solid) and the required hours (dotted, none
    while the rule does not apply yet): the step to 19 hours for the P&P counsellor at the start
    of the trajectories shows."""
    days = change_days(members, rules, start, end)
    traces = [trace for role in StaffingRole for trace in _role_traces(members, rules, role, days)]
    return {"data": traces, "layout": _layout(start, end, today)}

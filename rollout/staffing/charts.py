"""Declared against required hours per role over time, as a Plotly figure dict (no database)."""

from collections.abc import Sequence
from datetime import date

from rollout.formatting import date_nl
from rollout.plan.charts import TODAY_COLOUR, month_ticks
from rollout.plan.models import STAFFING_ROLE_LABELS, StaffingRole
from rollout.staffing.rules import Rule, change_days, declared_on, required_hours

NO_EXTRA = "<extra></extra>"
ROLE_COLOURS = {
    StaffingRole.COORDINATOR: "#0d6efd",
    StaffingRole.PP_COUNSELLOR: "#d63384",
    StaffingRole.PARENT_COUNSELLOR: "#198754",
}


def hours_over_time(
    members: Sequence, rules: Sequence[Rule], start: date, end: date, today: date
) -> dict:
    """A step line per role of the declared hours (solid) and the required hours (dotted): the
    step to 19 hours for the P&P counsellor at the start of the trajectories shows."""
    days = change_days(members, rules, start, end)
    traces = []
    for role in StaffingRole:
        label = STAFFING_ROLE_LABELS[role]
        declared = [declared_on(members, d)[role] for d in days]
        required = [required_hours(rules, role, d) or 0 for d in days]
        x = [d.isoformat() for d in days]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "line": {"shape": "hv", "color": ROLE_COLOURS[role], "width": 3},
                "name": f"{label}: gedeclareerd",
                "x": x,
                "y": declared,
                "legendgroup": role.value,
                "hovertemplate": f"{label}<br>%{{y}} uur per week vanaf %{{x|%d/%m/%Y}}" + NO_EXTRA,
            }
        )
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "line": {"shape": "hv", "color": ROLE_COLOURS[role], "width": 1.5, "dash": "dot"},
                "name": f"{label}: vereist",
                "x": x,
                "y": required,
                "legendgroup": role.value,
                "hovertemplate": f"{label}: minstens %{{y}} uur vanaf %{{x|%d/%m/%Y}}" + NO_EXTRA,
            }
        )
    tickvals, ticktext = month_ticks(start, end)
    return {
        "data": traces,
        "layout": {
            "height": 360,
            "margin": {"l": 50, "r": 10, "t": 30, "b": 40},
            "xaxis": {
                "type": "date",
                "tickvals": tickvals,
                "ticktext": ticktext,
                "range": [start.isoformat(), end.isoformat()],
            },
            "yaxis": {"title": {"text": "uur per week"}, "rangemode": "tozero"},
            "legend": {"orientation": "h", "y": -0.15},
            "shapes": [
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": today.isoformat(),
                    "x1": today.isoformat(),
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": TODAY_COLOUR, "width": 2, "dash": "dot"},
                }
            ]
            if start <= today <= end
            else [],
            "annotations": [
                {
                    "x": today.isoformat(),
                    "y": 1,
                    "xref": "x",
                    "yref": "paper",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "text": f"Vandaag ({date_nl(today)})",
                    "font": {"color": TODAY_COLOUR, "size": 11},
                }
            ]
            if start <= today <= end
            else [],
        },
    }

"""Plotly figures of the plan as plain dicts, built from plain rows: no database, no request,
no pandas (px.timeline costs ~77 ms a figure; a dict well under 1 ms)."""

from rollout.formatting import date_nl
from rollout.plan.charts.common import (
    ACTUAL_COLOUR,
    DAY_FIGURES_NOTE,
    OVERDUE_COLOUR,
    PHASE_COLOUR,
    STATUS_COLOURS,
    TODAY_COLOUR,
    month_ticks,
    today_marks,
    wrap_label,
)
from rollout.plan.charts.overview import OverviewBar, overview_state, overview_timeline
from rollout.plan.charts.province import (
    TimelineItem,
    TimelineMark,
    TimelinePhase,
    province_timeline,
)

__all__ = [
    "ACTUAL_COLOUR",
    "DAY_FIGURES_NOTE",
    "OVERDUE_COLOUR",
    "PHASE_COLOUR",
    "STATUS_COLOURS",
    "TODAY_COLOUR",
    "OverviewBar",
    "TimelineItem",
    "TimelineMark",
    "TimelinePhase",
    "date_nl",
    "month_ticks",
    "overview_state",
    "overview_timeline",
    "province_timeline",
    "today_marks",
    "wrap_label",
]

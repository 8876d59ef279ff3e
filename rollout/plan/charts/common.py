"""What the plan's charts share: colours, the x-axis window and its month labels, row labels
that break between words, the today line and the layout."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rollout.formatting import MONTHS_NL, date_nl
from rollout.plan.rules import Status

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
PHASE_LINE_COLOUR = "#0d6efd"
ACTUAL_COLOUR = "#212529"
TODAY_COLOUR = "#6f42c1"
FIGURE_COLOUR = "#495057"

#: Row labels: at most this many characters a line and this many lines, broken between words.
LABEL_WIDTH = 44
LABEL_LINES = 2
ROW_HEIGHT = 26
LINE_HEIGHT = 13
#: Height added below the rows for the month labels and a legend of up to three lines.
BOTTOM_MARGIN = 150
#: What the figures beside the overview's bars and in its table mean.
DAY_FIGURES_NOTE = (
    "Getal naast een balk: dagen voor (−) of achter (+)<br>"
    "op het geplande einde van de fase (nog niet af: dagen erover)"
)
RUNS_ON = "Nog niet afgerond: loopt verder"


def iso(day: date) -> str:
    return day.isoformat()


def span_ms(start: date, end: date) -> int:
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


def _wrap(words: Sequence[str], width: int) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def wrap_label(name: str, width: int = LABEL_WIDTH, max_lines: int = LABEL_LINES) -> str:
    """A row label on at most `max_lines` lines, broken between words (never inside one). A name
    too long for them loses words in the middle ("…"), never its end: "…, sessie 2" stays."""
    words = name.split()
    lines = _wrap(words, width)
    if len(lines) <= max_lines:
        return "<br>".join(lines)
    head = lines[: max_lines - 1]
    rest = words[sum(len(line.split()) for line in head) :]
    tail = [rest.pop()]
    while rest and len(" ".join([rest[-1], *tail])) <= width - 2:
        tail.insert(0, rest.pop())
    return "<br>".join([*head, "… " + " ".join(tail)])


def unique_labels(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    labels = []
    for name in names:
        label = wrap_label(name)
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels


@dataclass(frozen=True)
class Window:
    """The days the x-axis shows: the plan and what happened, and today shortly after it."""

    first: date
    last: date

    @classmethod
    def around(cls, dates: Sequence[date], today: date | None) -> "Window":
        if not dates:  # an empty plan: nothing to show but an axis
            day = today or date(2000, 1, 1)
            return cls(day, day)
        first, last = min(dates), max(dates)
        if today and last < today <= last + timedelta(days=365):
            last = today  # keep today's line in view shortly after the plan
        return cls(first, last)

    def shows(self, day: date | None) -> bool:
        return day is not None and self.first <= day <= self.last

    def running_end(self, today: date | None) -> tuple[date, bool]:
        """Where the bar of something unfinished ends, and whether it runs past the axis: at
        today, or at the axis's end when today lies beyond it or is not drawn."""
        if today is None or today > self.last:
            return self.last, True
        return today, False


def runs_on_marks(ends: list[tuple[str, date, str]]) -> list[dict]:
    """Dark triangles where unfinished bars run past the axis: (label, day, hover)."""
    if not ends:
        return []
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "name": RUNS_ON,
            "y": [label for label, _, _ in ends],
            "x": [iso(day) for _, day, _ in ends],
            "marker": {
                "symbol": "triangle-right",
                "size": 13,
                "color": ACTUAL_COLOUR,
                "line": {"color": "#ffffff", "width": 1},
            },
            "hovertext": [hover for _, _, hover in ends],
            "hoverinfo": "text",
        }
    ]


def runs_on_hover(hover: str, today: date | None) -> str:
    more = f"loopt door tot vandaag ({date_nl(today)})" if today else "niet afgerond"
    return f"{hover}<br><i>{more}</i>"


def today_marks(today: date, in_legend: bool = True) -> tuple[list[dict], list[dict]]:
    """The dotted line on today and its label above the plot, as (shapes, annotations); every
    chart with a time axis draws today this way. `in_legend` names the line in the legend."""
    shape = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": iso(today),
        "x1": iso(today),
        "y0": 0,
        "y1": 1,
        "line": {"color": TODAY_COLOUR, "width": 2, "dash": "dot"},
    }
    if in_legend:
        shape |= {"name": "Vandaag", "showlegend": True}
    note = {
        "x": iso(today),
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "showarrow": False,
        "text": f"Vandaag ({date_nl(today)})",
        "font": {"color": TODAY_COLOUR, "size": 11},
    }
    return [shape], [note]


def height_for(categories: list[str]) -> int:
    lines = sum(label.count("<br>") for label in categories)
    return 60 + BOTTOM_MARGIN + ROW_HEIGHT * len(categories) + LINE_HEIGHT * lines


def layout_for(
    categories: list[str], window: Window, today: date | None, title: str, names: dict[str, str]
) -> dict:
    tickvals, ticktext = month_ticks(window.first, window.last)
    shapes, annotations = today_marks(today) if window.shows(today) else ([], [])
    return {
        "title": {"text": title, "x": 0, "font": {"size": 15}},
        "barmode": "overlay",
        "height": height_for(categories),
        "margin": {"l": 10, "r": 10, "t": 60 if title else 30, "b": 10},
        "xaxis": {
            "type": "date",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "range": [
                iso(window.first - timedelta(days=7)),
                iso(window.last + timedelta(days=7)),
            ],
            "gridcolor": "#e9ecef",
            "automargin": True,
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": categories,
            "autorange": "reversed",
            "automargin": True,
        },
        # In the figure's own bottom strip, below the month labels: never over an axis label.
        "legend": {
            "orientation": "h",
            "xref": "container",
            "x": 0.01,
            "yref": "container",
            "y": 0.01,
            "yanchor": "bottom",
        },
        "shapes": shapes,
        "annotations": annotations,
        "hoverlabel": {"align": "left"},
        "plot_bgcolor": "#ffffff",
        #: Full names of the rows whose label is wrapped or shortened (charts.js: tooltips).
        "meta": {"names": names},
    }

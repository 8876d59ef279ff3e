"""The figures are plain dicts built from plain rows: tested without a database."""

from datetime import date

from rollout.plan.charts import (
    OVERDUE_COLOUR,
    OverviewBar,
    TimelineItem,
    TimelinePhase,
    month_ticks,
    overview_timeline,
    province_timeline,
)
from rollout.plan.rules import Status

PHASES = [
    TimelinePhase(1, "Sensibiliseren", date(2021, 2, 1), date(2021, 3, 31)),
    TimelinePhase(2, "Aanmelding & beeldvorming", date(2021, 3, 1), date(2021, 5, 31)),
]
ITEMS = [
    TimelineItem(
        "Inspiratiemoment",
        1,
        True,
        date(2021, 2, 11),
        date(2021, 2, 11),
        date(2021, 2, 11),
        date(2021, 2, 11),
        Status.DONE,
        "MFC Bethanië",
    ),
    TimelineItem(
        "Website",
        1,
        False,
        date(2021, 2, 1),
        date(2021, 3, 31),
        date(2021, 2, 3),
        None,
        Status.OVERDUE,
        "MFC Bethanië",
    ),
    TimelineItem(
        "Deadline",
        2,
        True,
        date(2021, 5, 21),
        date(2021, 5, 21),
        None,
        None,
        Status.PLANNED,
        "MFC Bethanië",
        moved=True,
    ),
]
TODAY = date(2021, 4, 15)


def trace(figure, name):
    return next(t for t in figure["data"] if t["name"] == name)


def test_phases_are_wide_bars_over_their_planned_window():
    figure = province_timeline(PHASES, ITEMS, TODAY)
    phases = trace(figure, "Fase (gepland)")
    assert phases["y"] == [
        "<b>Fase 1: Sensibiliseren</b>",
        "<b>Fase 2: Aanmelding & beeldvorming</b>",
    ]
    assert phases["base"] == ["2021-02-01", "2021-03-01"]
    assert phases["x"][0] == 59 * 86_400_000  # 1 Feb to 31 Mar inclusive
    assert phases["width"] > trace(figure, "Achterstallig")["width"]


def test_rows_follow_the_plan_order_under_their_phase():
    figure = province_timeline(PHASES, ITEMS, TODAY)
    assert figure["layout"]["yaxis"]["categoryarray"] == [
        "<b>Fase 1: Sensibiliseren</b>",
        "Inspiratiemoment",
        "Website",
        "<b>Fase 2: Aanmelding & beeldvorming</b>",
        "Deadline",
    ]


def test_milestones_are_diamonds_hollow_when_planned_and_filled_when_reached():
    figure = province_timeline(PHASES, ITEMS, TODAY)
    planned = [t for t in figure["data"] if t.get("meta", {}).get("milestone")]
    assert {t["marker"]["symbol"] for t in planned} == {"diamond-open"}
    reached = trace(figure, "Mijlpaal bereikt")
    assert reached["marker"]["symbol"] == "diamond"
    assert reached["x"] == ["2021-02-11"]


def test_overdue_items_are_in_the_warning_colour():
    figure = province_timeline(PHASES, ITEMS, TODAY)
    overdue = trace(figure, "Achterstallig")
    assert overdue["marker"]["color"] == OVERDUE_COLOUR
    assert overdue["y"] == ["Website"]


def test_actual_dates_show_beside_the_planned_ones_until_today_when_unfinished():
    figure = province_timeline(PHASES, ITEMS, TODAY)
    actual = trace(figure, "Werkelijke uitvoering")
    assert actual["base"] == ["2021-02-03"]
    assert actual["x"] == [(TODAY - date(2021, 2, 3)).days * 86_400_000 + 86_400_000]
    assert actual["width"] < 0.3


def test_today_is_a_vertical_line_and_months_are_dutch():
    layout = province_timeline(PHASES, ITEMS, TODAY)["layout"]
    (line,) = layout["shapes"]
    assert (line["x0"], line["x1"], line["yref"]) == ("2021-04-15", "2021-04-15", "paper")
    assert "mrt 2021" in layout["xaxis"]["ticktext"]
    assert "mei 2021" in layout["xaxis"]["ticktext"]


def test_hover_tells_planned_actual_status_and_who():
    figure = province_timeline(PHASES, ITEMS, TODAY)
    text = trace(figure, "Mijlpaal: gepland")["hovertext"][0]
    assert "Gepland: 21 mei 2021 (verschoven)" in text
    assert "Werkelijk: —" in text
    assert "Status: Gepland" in text
    assert "Verantwoordelijke: MFC Bethanië" in text


def test_month_ticks_thin_out_over_long_plans():
    values, labels = month_ticks(date(2021, 2, 1), date(2022, 12, 31))
    assert labels[0] == "feb 2021"
    assert len(labels) <= 15
    assert values[0] == "2021-02-01"


def test_overview_has_a_row_per_province_per_phase():
    bars = [
        OverviewBar(
            p, n, f"fase {n}", date(2021, n, 1), date(2021, n + 1, 1), None, None, False, None, 0
        )
        for p in ("Antwerpen", "Limburg")
        for n in (1, 2)
    ]
    bars[1] = OverviewBar(
        "Antwerpen",
        2,
        "fase 2",
        date(2021, 2, 1),
        date(2021, 3, 1),
        date(2021, 2, 2),
        None,
        False,
        0.5,
        2,
    )
    figure = overview_timeline(bars, TODAY)
    assert figure["layout"]["yaxis"]["categoryarray"] == [
        "Antwerpen · F1",
        "Antwerpen · F2",
        "Limburg · F1",
        "Limburg · F2",
    ]
    actual = trace(figure, "Werkelijk")
    assert actual["marker"]["color"] == [OVERDUE_COLOUR]
    assert "Op tijd afgerond: 50%" in actual["hovertext"][0]

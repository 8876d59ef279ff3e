"""The figures are plain dicts built from plain rows: tested without a database."""

from datetime import date, timedelta

from rollout.plan.charts import (
    DAY_FIGURES_NOTE,
    OVERDUE_COLOUR,
    STATUS_COLOURS,
    OverviewBar,
    TimelineItem,
    TimelinePhase,
    month_ticks,
    overview_timeline,
    province_timeline,
    wrap_label,
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
        "Antwerpen · F1 fase 1",
        "Antwerpen · F2 fase 2",
        "Limburg · F1 fase 1",
        "Limburg · F2 fase 2",
    ]
    actual = trace(figure, "Werkelijk: iets achterstallig")
    assert actual["marker"]["color"] == OVERDUE_COLOUR
    assert "Op tijd afgerond: 50%" in actual["hovertext"][0]


# --- the overview: a legend for every colour, clear of the axis labels, bars past the axis,
# --- rows named after their phase, the day figures explained (issue 9, point 11) ------------


def overview_bar(province, number, name, **kwargs):
    values = {
        "planned_start": date(2021, 2, 1),
        "planned_end": date(2021, 3, 31),
        "actual_start": None,
        "actual_end": None,
        "complete": False,
        "on_time_share": None,
        "overdue": 0,
        "deviation_days": None,
    } | kwargs
    return OverviewBar(province, number, name, **values)


OVERVIEW_BARS = [
    # done on time, done late, running with something overdue, running on schedule
    overview_bar(
        "Antwerpen",
        1,
        "Sensibiliseren",
        actual_start=date(2021, 2, 3),
        actual_end=date(2021, 3, 20),
        complete=True,
        on_time_share=1.0,
        deviation_days=-11,
    ),
    overview_bar(
        "Limburg",
        1,
        "Sensibiliseren",
        actual_start=date(2021, 2, 3),
        actual_end=date(2021, 4, 10),
        complete=True,
        on_time_share=0.5,
        deviation_days=10,
    ),
    overview_bar(
        "Antwerpen",
        3,
        "Matching",
        planned_start=date(2021, 6, 1),
        planned_end=date(2021, 9, 30),
        actual_start=date(2021, 6, 2),
        overdue=2,
        deviation_days=20,
    ),
    overview_bar(
        "Limburg",
        3,
        "Matching",
        planned_start=date(2021, 6, 1),
        planned_end=date(2021, 9, 30),
        actual_start=date(2021, 6, 2),
        on_time_share=1.0,
    ),
]


def colours_drawn(figure) -> set[str]:
    colours = set()
    for t in figure["data"]:
        colour = t.get("marker", {}).get("color")
        colours |= set(colour) if isinstance(colour, list) else {colour} if colour else set()
    return colours | {s["line"]["color"] for s in figure["layout"]["shapes"]}


def colours_in_legend(figure) -> set[str]:
    """The swatch of each legend entry: a trace drawn in one colour shows it, a trace drawn
    in several shows only its first."""
    colours = set()
    for t in figure["data"]:
        if t.get("showlegend", True) and "marker" in t:
            colour = t["marker"]["color"]
            colours.add(colour[0] if isinstance(colour, list) else colour)
    return colours | {s["line"]["color"] for s in figure["layout"]["shapes"] if s.get("showlegend")}


def test_the_overview_legend_explains_every_colour_it_draws_late_and_overdue_included():
    figure = overview_timeline(OVERVIEW_BARS, date(2021, 7, 1))
    assert colours_drawn(figure) <= colours_in_legend(figure)
    assert {STATUS_COLOURS[Status.DONE_LATE], OVERDUE_COLOUR} <= colours_drawn(figure)
    late = next(t for t in figure["data"] if "laat" in t["name"])
    assert late["y"] == ["Limburg · F1 Sensibiliseren"]
    assert late["marker"]["color"] == STATUS_COLOURS[Status.DONE_LATE]
    overdue = next(t for t in figure["data"] if "achterstallig" in t["name"])
    assert overdue["y"] == ["Antwerpen · F3 Matching"]
    today = next(s for s in figure["layout"]["shapes"] if s.get("showlegend"))
    assert today["name"] == "Vandaag"


def test_the_legend_sits_in_its_own_strip_below_the_axis_labels():
    """Placed in the figure's own coordinates at its bottom, the legend gets a margin of its
    own; the axes' automargin keeps the month and row labels out of it."""
    for figure in (
        overview_timeline(OVERVIEW_BARS, date(2021, 7, 1)),
        province_timeline(PHASES, ITEMS, TODAY),
    ):
        layout = figure["layout"]
        legend = layout["legend"]
        assert (legend["yref"], legend["yanchor"]) == ("container", "bottom")
        assert legend["y"] < 0.05
        assert layout["xaxis"]["automargin"] and layout["yaxis"]["automargin"]


def test_an_unfinished_bar_that_runs_past_the_axis_ends_in_a_marker():
    figure = overview_timeline(OVERVIEW_BARS, date(2026, 11, 24))  # long after the plan
    axis_end = date.fromisoformat(figure["layout"]["xaxis"]["range"][1])
    overdue = next(t for t in figure["data"] if "achterstallig" in t["name"])
    end = date.fromisoformat(overdue["base"][0]) + timedelta(milliseconds=overdue["x"][0])
    assert end <= axis_end
    marks = trace(figure, "Nog niet afgerond: loopt verder")
    assert marks["marker"]["symbol"] == "triangle-right"
    assert set(marks["y"]) == {"Antwerpen · F3 Matching", "Limburg · F3 Matching"}
    assert date.fromisoformat(marks["x"][0]) <= axis_end
    assert "loopt door tot vandaag (24 nov 2026)" in marks["hovertext"][0]
    # no line for a today the axis does not reach
    assert figure["layout"]["shapes"] == []


def test_overview_rows_name_their_phase():
    figure = overview_timeline(OVERVIEW_BARS, date(2021, 7, 1))
    assert figure["layout"]["yaxis"]["categoryarray"] == [
        "Antwerpen · F1 Sensibiliseren",
        "Limburg · F1 Sensibiliseren",
        "Antwerpen · F3 Matching",
        "Limburg · F3 Matching",
    ]


def test_the_day_figures_stand_beside_the_bars_and_the_legend_explains_them():
    figure = overview_timeline(OVERVIEW_BARS, date(2021, 7, 1))
    figures = trace(figure, "Dagen t.o.v. gepland einde")
    assert figures["text"] == ["−11 d", "+10 d", "+20 d"]
    assert figures["showlegend"] is False
    assert figure["layout"]["legend"]["title"]["text"] == DAY_FIGURES_NOTE
    assert "voor (−) of achter (+)<br>op het geplande einde" in DAY_FIGURES_NOTE


# --- the province timeline: whole words, full names, one-day activities (point 12) ----------

SESSIONS = [
    TimelineItem(
        f"Vorming inhoudelijke P&P-kaders en basisvisie, sessie {n}",
        1,
        False,
        date(2021, 2, n),
        date(2021, 2, n),
        None,
        None,
        Status.PLANNED,
    )
    for n in (1, 2, 3)
]
BLUEPRINT = "Organisatorische blauwdruk van de samenwerking tussen organisatie en pleegzorgdienst"


def words(label: str) -> list[str]:
    return label.replace("<br>", " ").replace("…", " ").split()


def test_long_names_break_between_words_so_that_three_sessions_read_the_same():
    figure = province_timeline(PHASES, SESSIONS, TODAY)
    labels = figure["layout"]["yaxis"]["categoryarray"][1:4]
    for n, label in zip((1, 2, 3), labels, strict=True):
        assert label.replace("<br>", " ").endswith(f", sessie {n}")
        assert words(label) == words(SESSIONS[n - 1].name)
        assert label.count("<br>") <= 1


def test_a_name_too_long_for_two_lines_loses_whole_words_in_the_middle_and_keeps_its_end():
    label = wrap_label(BLUEPRINT)
    assert label.count("<br>") == 1
    assert label.endswith("organisatie en pleegzorgdienst")
    assert "…" in label
    assert set(words(label)) <= set(BLUEPRINT.split())
    assert all(len(line) <= 44 for line in label.split("<br>"))


def test_the_full_name_shows_on_hover_over_the_bar_and_the_row_label():
    item = TimelineItem(
        BLUEPRINT, 1, False, date(2021, 2, 1), date(2021, 3, 1), None, None, Status.PLANNED
    )
    figure = province_timeline(PHASES, [item], TODAY)
    (label,) = [c for c in figure["layout"]["yaxis"]["categoryarray"] if "blauwdruk" in c]
    assert figure["layout"]["meta"]["names"] == {label: BLUEPRINT}  # charts.js: a tooltip
    assert f"<b>{BLUEPRINT}</b>" in trace(figure, "Gepland")["hovertext"][0]


def test_an_activity_done_on_one_day_shows_as_done():
    one_day = TimelineItem(
        "Infosessie", 1, False, date(2021, 2, 1), date(2021, 3, 31),
        date(2021, 3, 2), date(2021, 3, 2), Status.DONE,
    )  # fmt: skip
    only_its_end = TimelineItem(
        "Website", 1, False, date(2021, 2, 1), date(2021, 3, 31),
        None, date(2021, 3, 5), Status.DONE,
    )  # fmt: skip
    figure = province_timeline(PHASES, [one_day, only_its_end], TODAY)
    done = trace(figure, "Activiteit afgerond op")
    assert list(zip(done["y"], done["x"], strict=True)) == [
        ("Infosessie", "2021-03-02"),
        ("Website", "2021-03-05"),
    ]
    assert done["marker"]["size"] >= 8
    assert done.get("showlegend", True)


# --- a round that has ended: no today line, nothing computed from today ----------------------


def test_without_today_there_is_no_today_line_and_unfinished_bars_run_on():
    province = province_timeline(PHASES, ITEMS, None)
    overview = overview_timeline(OVERVIEW_BARS, None)
    for figure in (province, overview):
        assert figure["layout"]["shapes"] == []
        assert figure["layout"]["annotations"] == []
    axis_end = province["layout"]["xaxis"]["range"][1]
    assert axis_end == "2021-06-07"  # the plan's last day and a week: today plays no part
    website = trace(province, "Nog niet afgerond: loopt verder")
    assert website["y"] == ["Website"]
    assert "niet afgerond" in website["hovertext"][0]
    assert set(trace(overview, "Nog niet afgerond: loopt verder")["y"]) == {
        "Antwerpen · F3 Matching",
        "Limburg · F3 Matching",
    }

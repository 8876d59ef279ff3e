"""The team chart as a figure dict, without a database (issue 9, point 13)."""

from datetime import date

from rollout.plan.models import StaffingRole
from rollout.staffing.charts import hours_over_time
from rollout.staffing.rules import Rule
from tests.staffing.test_rules import ANCHORED, COMPOSED, M

C, PP, PARENT = StaffingRole.COORDINATOR, StaffingRole.PP_COUNSELLOR, StaffingRole.PARENT_COUNSELLOR
START, END = date(2021, 2, 1), date(2023, 1, 31)


def figure(members, rules=ANCHORED):
    return hours_over_time(members, rules, START, END, date(2021, 10, 1))


def traces(fig, suffix):
    return [t for t in fig["data"] if t["name"].endswith(suffix)]


def test_lines_of_equal_height_stay_apart_and_the_hover_gives_the_true_hours():
    fig = figure([M(role, 8, date(2021, 8, 1)) for role in (C, PP, PARENT)])
    for suffix in ("gedeclareerd", "vereist"):
        lines = traces(fig, suffix)
        day = lines[0]["x"].index(COMPOSED.isoformat())
        heights = [t["y"][day] for t in lines]
        assert len(set(heights)) == 3, (suffix, heights)  # not drawn on top of each other
        assert all(abs(h - 8) < 1 for h in heights)
        assert {t["customdata"][day] for t in lines} == {8}
        assert all("customdata" in t["hovertemplate"] for t in lines)
    symbols = {t["marker"]["symbol"] for t in traces(fig, "gedeclareerd")}
    assert len(symbols) == 3


def test_the_required_line_starts_where_the_rule_applies():
    fig = figure([])
    (coordinator, *_) = traces(fig, "vereist")
    by_day = dict(zip(coordinator["x"], coordinator["customdata"], strict=True))
    assert by_day[START.isoformat()] is None  # not yet required: no line, not a zero
    assert by_day[COMPOSED.isoformat()] == 8


def test_a_rule_from_a_fixed_date_still_draws_from_that_date():
    fig = figure([], [Rule(C, 8, START)])
    assert traces(fig, "vereist")[0]["customdata"][0] == 8


def test_a_role_that_has_exactly_the_required_hours_shows_both_lines():
    fig = figure([M(C, 8, date(2021, 8, 1))])
    declared, required = fig["data"][0], fig["data"][1]
    assert (declared["name"], required["name"]) == (
        "Inhoudelijke coördinator: gedeclareerd",
        "Inhoudelijke coördinator: vereist",
    )  # drawn after, so on top
    assert declared["opacity"] < 1 == required["opacity"]
    assert required["line"]["dash"] == "dot"

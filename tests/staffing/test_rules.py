from dataclasses import dataclass
from datetime import date

import pytest

from rollout.plan.models import StaffingRole
from rollout.staffing.rules import (
    CheckStatus,
    Rule,
    check_team,
    composed_on,
    declared_on,
    first_day_met,
    overbooked,
    rule_moments,
)

C, PP, PARENT = StaffingRole.COORDINATOR, StaffingRole.PP_COUNSELLOR, StaffingRole.PARENT_COUNSELLOR
START, TRAJECTORIES = date(2021, 2, 1), date(2022, 5, 1)
RULES = [
    Rule(C, 8, START),
    Rule(PP, 8, START),
    Rule(PP, 19, TRAJECTORIES),
    Rule(PARENT, 8, START),
]


@dataclass
class M:
    role: StaffingRole
    hours: float
    valid_from: date = START
    valid_until: date | None = None


def status(members, day):
    return {c.role: c.status for c in check_team(members, RULES, day)}


def full(pp_hours=19.0, **kw):
    return [M(C, 8), M(PP, pp_hours, **kw), M(PARENT, 8)]


@pytest.mark.parametrize(
    ("members", "day", "role", "expected"),
    [
        ([M(C, 8)], date(2021, 9, 1), C, CheckStatus.MET),  # exactly 8
        ([M(C, 7.5)], date(2021, 9, 1), C, CheckStatus.SHORT),
        (full(19), TRAJECTORIES, PP, CheckStatus.MET),  # 19 on the day trajectories start
        (full(18), TRAJECTORIES, PP, CheckStatus.SHORT),
        (full(18), date(2022, 4, 30), PP, CheckStatus.MET),  # 18 the day before: enough
        ([M(PP, 10), M(PP, 9)], TRAJECTORIES, PP, CheckStatus.MET),  # one role, two people
        (
            [M(PARENT, 8, valid_until=date(2021, 12, 31))],
            date(2022, 1, 1),
            PARENT,
            CheckStatus.MISSING,
        ),
        (
            [M(PARENT, 8, valid_until=date(2021, 12, 31))],
            date(2021, 12, 31),
            PARENT,
            CheckStatus.MET,
        ),
    ],
)
def test_the_rule_at_its_edges(members, day, role, expected):
    assert status(members, day)[role] is expected


def test_one_person_in_two_roles_splits_the_hours():
    anna = [M(C, 8), M(PARENT, 8)]  # the same person, two periods
    assert declared_on(anna, date(2021, 9, 1)) == {C: 8, PP: 0, PARENT: 8}


def test_the_first_day_the_team_meets_the_rule():
    members = [
        M(C, 8, date(2021, 7, 1)),
        M(PP, 19, date(2021, 8, 15)),
        M(PARENT, 8, date(2021, 9, 6)),
    ]
    assert first_day_met(members, RULES, START, date(2023, 1, 31)) == date(2021, 9, 6)
    short = [M(C, 8), M(PP, 8), M(PARENT, 8)]
    assert first_day_met(short, RULES, START, date(2023, 1, 31)) == START
    assert first_day_met([M(C, 8)], RULES, START, date(2023, 1, 31)) is None


def test_one_person_works_at_most_forty_hours():
    assert overbooked([M(C, 20)], M(PARENT, 20)) is None
    assert overbooked([M(C, 20)], M(PARENT, 21)) == 41
    assert (
        overbooked([M(C, 30, valid_until=date(2021, 12, 31))], M(PP, 20, date(2022, 1, 1))) is None
    )


# --- when the rule applies (issue 9, point 6) ---------------------------------------------------

COMPOSED = date(2021, 9, 30)
ANCHORED = [
    Rule(C, 8, COMPOSED, anchor="team-samengesteld"),
    Rule(PP, 8, COMPOSED, anchor="team-samengesteld"),
    Rule(PP, 19, TRAJECTORIES, anchor="start-trajecten"),
    Rule(PARENT, 8, COMPOSED, anchor="team-samengesteld"),
]


def test_before_the_teams_are_composed_nothing_is_required_yet():
    nobody = check_team([], ANCHORED, date(2021, 4, 1))
    assert {c.status for c in nobody} == {CheckStatus.NOT_REQUIRED}
    assert all(c.is_met and "nog niet vereist" in c.message for c in nobody)
    assert {c.status for c in check_team([], ANCHORED, COMPOSED)} == {CheckStatus.MISSING}


def test_the_moments_of_the_rule():
    assert rule_moments(ANCHORED) == (COMPOSED, TRAJECTORIES)
    assert rule_moments([]) is None


def test_the_team_is_composed_on_the_day_it_meets_the_hours_even_before_the_deadline():
    members = [
        M(C, 8, date(2021, 7, 5)),
        M(PP, 8, date(2021, 8, 2)),
        M(PARENT, 8, date(2021, 8, 16)),
    ]
    last_day, today = date(2022, 12, 31), date(2026, 1, 1)
    assert composed_on(members, ANCHORED, START, last_day, today) == date(2021, 8, 16)
    assert composed_on(members[:2], ANCHORED, START, last_day, today) is None


def test_an_ended_round_is_never_composed_after_its_last_day_nor_today():
    late = [M(role, 8, date(2023, 1, 15)) for role in (C, PP, PARENT)]
    assert composed_on(late, ANCHORED, START, date(2022, 12, 31), date(2026, 1, 1)) is None
    soon = [M(role, 8, date(2021, 8, 1)) for role in (C, PP, PARENT)]
    assert composed_on(soon, ANCHORED, START, date(2022, 12, 31), date(2021, 7, 31)) is None

"""The rules of sessions and series, directly: no Flask, no database."""

from datetime import UTC, date, datetime, time

from rollout.sessions.models import MeetingKind
from rollout.sessions.rules import (
    Slot,
    collision_problem,
    expand,
    fits_activity,
    meeting_problem,
    monthly_rule,
    parse_dates,
    rule_days,
    rule_text,
    series_days,
)
from rollout.timeutil import to_brussels

SECOND_TUESDAY = "FREQ=MONTHLY;BYDAY=+2TU"


def test_second_tuesday_from_january_to_may_2022():
    days = rule_days(SECOND_TUESDAY, date(2022, 1, 1), date(2022, 5, 31))
    assert days == [
        date(2022, 1, 11),
        date(2022, 2, 8),
        date(2022, 3, 8),
        date(2022, 4, 12),
        date(2022, 5, 10),
    ]
    assert monthly_rule(2, "TU") == SECOND_TUESDAY
    assert rule_text(SECOND_TUESDAY) == "tweede dinsdag van de maand"


def test_the_last_friday_and_the_first_and_last_day_are_included():
    assert rule_days(monthly_rule(-1, "FR"), date(2022, 1, 28), date(2022, 2, 25)) == [
        date(2022, 1, 28),
        date(2022, 2, 25),
    ]


def test_13_30_brussels_stays_13_30_across_the_change_to_summer_time():
    days = rule_days(SECOND_TUESDAY, date(2022, 1, 1), date(2022, 5, 31))
    occurrences = expand(days, time(13, 30), time(16))
    january, april = occurrences[0], occurrences[3]
    # winter time is UTC+1, summer time (from 27 March 2022) UTC+2
    assert january.starts_at == datetime(2022, 1, 11, 12, 30, tzinfo=UTC)
    assert april.starts_at == datetime(2022, 4, 12, 11, 30, tzinfo=UTC)
    assert april.ends_at == datetime(2022, 4, 12, 14, 0, tzinfo=UTC)
    for o in occurrences:
        assert (to_brussels(o.starts_at).hour, to_brussels(o.starts_at).minute) == (13, 30)
        assert to_brussels(o.ends_at).hour == 16


def test_an_occurrence_on_the_day_the_clocks_change_keeps_its_time():
    # last Sunday of March 2022: the clocks went forward that night
    [day] = rule_days(monthly_rule(-1, "SU"), date(2022, 3, 1), date(2022, 3, 31))
    assert day == date(2022, 3, 27)
    [o] = expand([day], time(13, 30), time(16))
    assert o.starts_at == datetime(2022, 3, 27, 11, 30, tzinfo=UTC)
    [autumn] = expand([date(2022, 10, 30)], time(13, 30), time(16))
    assert autumn.starts_at == datetime(2022, 10, 30, 12, 30, tzinfo=UTC)


def test_a_series_from_a_list_of_dates():
    days, problem = parse_dates("11/01/2022\n\n2022-02-08\n08/03/2022\n11/01/2022")
    assert problem is None
    assert days == [date(2022, 1, 11), date(2022, 2, 8), date(2022, 3, 8)]
    found, problem = series_days(
        rule="", dates=days, first_day=date(2022, 1, 1), last_day=date(2022, 5, 31)
    )
    assert found == days and problem is None


def test_a_list_with_a_line_that_is_no_date_names_it():
    days, problem = parse_dates("11/01/2022\nvolgende week")
    assert days == [] and "'volgende week' is geen datum" in problem


def test_a_listed_date_outside_the_series_is_refused():
    _, problem = series_days(
        rule="", dates=[date(2022, 6, 14)], first_day=date(2022, 1, 1), last_day=date(2022, 5, 31)
    )
    assert problem.field == "dates" and "14 jun 2022" in problem.message


def test_a_rule_that_cannot_be_read_or_runs_too_long_is_refused():
    _, problem = series_days(
        rule="FREQ=SOMETIMES", dates=[], first_day=date(2022, 1, 1), last_day=date(2022, 5, 31)
    )
    assert problem.message == "Deze herhaling kan niet gelezen worden."
    _, problem = series_days(
        rule="FREQ=DAILY", dates=[], first_day=date(2022, 1, 1), last_day=date(2022, 12, 31)
    )
    assert "meer dan 60 sessies" in problem.message
    _, problem = series_days(
        rule=SECOND_TUESDAY, dates=[], first_day=date(2022, 5, 1), last_day=date(2022, 1, 1)
    )
    assert problem.field == "last_day"


def _problem(**changes):
    values = {
        "kind": MeetingKind.SUPERVISION,
        "activity_slug": "supervisie-maandelijks",
        "programme_wide": False,
        "starts_at": datetime(2022, 1, 11, 12, 30, tzinfo=UTC),
        "ends_at": datetime(2022, 1, 11, 15, tzinfo=UTC),
        "place": "Antwerpen",
        "online_link": "",
        "round_start": date(2021, 1, 1),
        "round_last_day": date(2022, 12, 31),
    }
    return meeting_problem(**{**values, **changes})


def test_a_valid_session_has_no_problem():
    assert _problem() is None
    assert _problem(place="", online_link="https://meet.example.org/x") is None


def test_an_end_before_the_start_is_refused_at_the_end():
    problem = _problem(ends_at=datetime(2022, 1, 11, 12, tzinfo=UTC))
    assert problem.field == "end" and "einde ligt niet na het begin" in problem.message
    assert _problem(ends_at=datetime(2022, 1, 11, 12, 30, tzinfo=UTC)).field == "end"


def test_a_session_outside_its_round_is_refused():
    before = _problem(
        starts_at=datetime(2020, 12, 31, 12, tzinfo=UTC),
        ends_at=datetime(2020, 12, 31, 13, tzinfo=UTC),
    )
    assert before.field == "day" and "buiten de ronde" in before.message
    after = _problem(
        starts_at=datetime(2023, 1, 2, 12, tzinfo=UTC), ends_at=datetime(2023, 1, 2, 13, tzinfo=UTC)
    )
    assert after.field == "day" and "31 dec 2022" in after.message
    # 31 December 23:30 UTC is already 1 January in Brussels
    late = _problem(
        starts_at=datetime(2022, 12, 31, 23, 30, tzinfo=UTC),
        ends_at=datetime(2023, 1, 1, 0, 30, tzinfo=UTC),
    )
    assert late is not None and late.field == "day"


def test_place_or_link_is_required():
    assert _problem(place=" ", online_link="").field == "place"


def test_kind_and_activity_must_fit():
    assert fits_activity(MeetingKind.SUPERVISION, "supervisie-maandelijks")
    assert fits_activity(MeetingKind.FRAMEWORK_TRAINING, "vorming-kaders-2")
    assert fits_activity(MeetingKind.INSPIRATION, "inspiratie-organisaties")
    assert not fits_activity(MeetingKind.SUPERVISION, "supervisie-casus")
    assert _problem(activity_slug="werkgroep").field == "activity"
    assert _problem(programme_wide=True).field == "province"


def _slot(hour, province_id=1, cancelled=False):
    return Slot(
        datetime(2022, 1, 11, hour, tzinfo=UTC),
        datetime(2022, 1, 11, hour + 2, tzinfo=UTC),
        province_id,
        cancelled,
        "Supervisie",
    )


def test_a_collision_names_the_date_and_the_session():
    start, end = datetime(2022, 1, 11, 12, 30, tzinfo=UTC), datetime(2022, 1, 11, 15, tzinfo=UTC)
    problem = collision_problem(start, end, 1, [_slot(13)], province_name="Antwerpen")
    assert problem.message.startswith("Op 11 jan 2022 in Antwerpen is er al een sessie van 14:00")
    assert "(Supervisie)" in problem.message


def test_what_does_not_collide():
    start, end = datetime(2022, 1, 11, 12, 30, tzinfo=UTC), datetime(2022, 1, 11, 15, tzinfo=UTC)
    assert collision_problem(start, end, 1, [_slot(13, province_id=2)]) is None
    assert collision_problem(start, end, 1, [_slot(13, cancelled=True)]) is None
    assert collision_problem(start, end, 1, [_slot(10)]) is None  # 10-12 ends before 12:30
    assert collision_problem(start, end, 1, [_slot(15)]) is None  # starts when it ends


def test_programme_wide_sessions_collide_with_every_province():
    start, end = datetime(2022, 1, 11, 12, 30, tzinfo=UTC), datetime(2022, 1, 11, 15, tzinfo=UTC)
    assert collision_problem(start, end, 1, [_slot(13, province_id=None)]) is not None
    assert collision_problem(start, end, None, [_slot(13, province_id=2)]) is not None


def test_a_date_that_does_not_exist_is_no_date():
    days, problem = parse_dates("31/02/2022")
    assert days == [] and "'31/02/2022' is geen datum" in problem
    assert parse_dates("1-3-2022\n2022-03-08")[0] == [date(2022, 3, 1), date(2022, 3, 8)]

from datetime import UTC, date, datetime, time, timedelta

from rollout.timeutil import (
    brussels_to_utc,
    brussels_today,
    end_of_day,
    month_shift,
    shift_date,
)


def test_end_of_day_is_brussels_midnight_in_utc_in_summer_and_winter():
    assert end_of_day(date(2021, 5, 21)) == datetime(2021, 5, 21, 21, 59, 59, 999999, tzinfo=UTC)
    assert end_of_day(date(2021, 12, 21)) == datetime(2021, 12, 21, 22, 59, 59, 999999, tzinfo=UTC)


def test_brussels_today_turns_at_brussels_midnight():
    assert brussels_today(datetime(2021, 5, 21, 21, 59, tzinfo=UTC)) == date(2021, 5, 21)
    assert brussels_today(datetime(2021, 5, 21, 22, 0, tzinfo=UTC)) == date(2021, 5, 22)


def test_month_shift_keeps_days_of_the_month():
    months, days = month_shift(date(2021, 2, 1), date(2027, 2, 1))
    assert (months, days) == (72, 0)
    assert shift_date(date(2021, 5, 21), months, days) == date(2027, 5, 21)
    assert shift_date(date(2021, 9, 30), months, days) == date(2027, 9, 30)


def test_month_shift_with_a_remainder_of_days():
    months, days = month_shift(date(2021, 2, 1), date(2026, 9, 15))
    assert (months, days) == (67, 14)
    assert shift_date(date(2021, 2, 1), months, days) == date(2026, 9, 15)


def test_brussels_wall_clock_time_becomes_utc_in_summer_and_in_winter():
    summer = brussels_to_utc(date(2021, 5, 4), time(10, 0))
    assert summer == datetime(2021, 5, 4, 8, 0, tzinfo=UTC)
    assert summer.utcoffset() == timedelta(0)
    assert brussels_to_utc(date(2021, 12, 7), time(10, 0)) == datetime(
        2021, 12, 7, 9, 0, tzinfo=UTC
    )

"""Time rules: store UTC, show and judge in Europe/Brussels. No Flask here."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

BRUSSELS = ZoneInfo("Europe/Brussels")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_brussels(moment: datetime) -> datetime:
    return moment.astimezone(BRUSSELS)


def brussels_today(now: datetime | None = None) -> date:
    """The calendar date in Brussels at `now` (default: this moment)."""
    return to_brussels(now or utcnow()).date()


def brussels_to_utc(day: date, at: time) -> datetime:
    """A wall-clock time in Brussels on `day` (as a lead types it) as the UTC moment to store."""
    return datetime.combine(day, at, tzinfo=BRUSSELS).astimezone(UTC)


def end_of_day(day: date) -> datetime:
    """The last moment (23:59:59.999999) of `day` in Brussels, as UTC."""
    local = datetime.combine(day, time.max, tzinfo=BRUSSELS)
    return local.astimezone(UTC)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BRUSSELS).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months; the 31st becomes the last day of a shorter month."""
    return day + relativedelta(months=months)


def month_shift(old_start: date, new_start: date) -> tuple[int, int]:
    """Whole months and remaining days from old_start to new_start, to shift a plan by."""
    months = (new_start.year - old_start.year) * 12 + new_start.month - old_start.month
    days = (new_start - add_months(old_start, months)).days
    return months, days


def shift_date(day: date, months: int, days: int) -> date:
    return add_months(day, months) + timedelta(days=days)

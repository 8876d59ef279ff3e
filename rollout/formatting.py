"""How every page, message, email and export writes dates, moments and sizes, the Dutch (nl-BE)
way: one format per kind. No Flask here."""

from datetime import UTC, date, datetime

from rollout.timeutil import to_brussels

MONTHS_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

#: How pages name the time zone of every moment they show or ask for.
TIME_ZONE_NL = "Belgische tijd"


def _local(moment: datetime) -> datetime:
    """A stored moment (UTC; a naive one counts as UTC) as Belgian wall-clock time."""
    return to_brussels(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def date_nl(day: date | None) -> str:
    """A date as every page shows one: "1 sep 2021" (a dash for none). A moment shows the date
    it has in Belgium."""
    if not day:
        return "—"
    if isinstance(day, datetime):
        day = _local(day).date()
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def time_nl(moment: datetime | None) -> str:
    """The Belgian wall-clock time of a moment: "11:00"."""
    return f"{_local(moment):%H:%M}" if moment else "—"


def datetime_nl(moment: datetime | None) -> str:
    """A moment as every page shows one, in Belgian time: "1 sep 2021 11:00"."""
    return f"{date_nl(_local(moment).date())} {time_nl(moment)}" if moment else "—"


def _decimal(number: float) -> str:
    return f"{number:.1f}".replace(".", ",")


def size_nl(size: int | None) -> str:
    """A file size as people read it: "312 bytes", "0,3 kB" is never "0 kB", "245 kB", "1,2 MB"."""
    if size is None:
        return "—"
    if size < 100:
        return "1 byte" if size == 1 else f"{size} bytes"
    kilobytes = size / 1024
    if kilobytes < 10:
        return f"{_decimal(kilobytes)} kB"
    if kilobytes < 1024:
        return f"{round(kilobytes)} kB"
    return f"{_decimal(kilobytes / 1024)} MB"


def signed_days(days: int) -> str:
    """Days ahead (−, a real minus sign) or behind (+) a plan: "−5", "+5", "+0"."""
    return f"{days:+d}".replace("-", "\u2212")

"""The rules of a session and of a series, as plain functions: no Flask, no database.

A session must end after it starts, lie within its round, have a place or an online link, and
belong to an activity of the plan that fits its kind. A series is expanded from an iCalendar
recurrence rule (RFC 5545 RRULE, read by python-dateutil) or from a list of dates, at the same
Brussels wall-clock times on every day: 13:30 stays 13:30 across a change of the clocks.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.rrule import FR, MO, SA, SU, TH, TU, WE, rrule, rrulestr
from email_validator import EmailNotValidError, validate_email

from rollout.formatting import date_nl, time_nl
from rollout.sessions.models import KIND_LABELS, MeetingKind
from rollout.timeutil import brussels_to_utc, to_brussels

#: The plan activities (their slugs, or a slug's start) a session of each kind belongs to.
KIND_ACTIVITIES: dict[MeetingKind, tuple[str, ...]] = {
    MeetingKind.INSPIRATION: ("inspiratie-",),
    MeetingKind.INFO_SESSION: ("infosessie-organisatie",),
    MeetingKind.FRAMEWORK_TRAINING: ("vorming-kaders-",),
    MeetingKind.SUPERVISION: ("supervisie-maandelijks",),
    MeetingKind.WORKING_GROUP: ("werkgroep",),
    MeetingKind.WORKSHOP: ("workshops",),
    MeetingKind.CASE_SUPERVISION: ("supervisie-casus",),
}

#: Kinds held per province (never programme-wide).
PROVINCE_KINDS = frozenset(
    {
        MeetingKind.INFO_SESSION,
        MeetingKind.SUPERVISION,
        MeetingKind.WORKING_GROUP,
        MeetingKind.WORKSHOP,
        MeetingKind.CASE_SUPERVISION,
    }
)

#: Weekdays as the series form offers them: (RRULE code, Dutch name).
WEEKDAYS = [
    ("MO", "maandag"),
    ("TU", "dinsdag"),
    ("WE", "woensdag"),
    ("TH", "donderdag"),
    ("FR", "vrijdag"),
    ("SA", "zaterdag"),
    ("SU", "zondag"),
]
_WEEKDAY = {"MO": MO, "TU": TU, "WE": WE, "TH": TH, "FR": FR, "SA": SA, "SU": SU}
#: Which one of the month: (n, Dutch); -1 is the last one.
ORDINALS = [(1, "eerste"), (2, "tweede"), (3, "derde"), (4, "vierde"), (-1, "laatste")]

#: A series longer than this is a mistake in its rule (a daily rule over years).
MAX_OCCURRENCES = 60


@dataclass(frozen=True)
class Problem:
    """Why a session or series is refused: a Dutch message at a form field."""

    message: str
    field: str


def fits_activity(kind: MeetingKind, activity_slug: str) -> bool:
    """Whether an activity of the plan (by its slug) is one a session of `kind` belongs to."""
    return any(
        activity_slug == allowed or (allowed.endswith("-") and activity_slug.startswith(allowed))
        for allowed in KIND_ACTIVITIES[kind]
    )


def meeting_problem(
    *,
    kind: MeetingKind,
    activity_slug: str,
    programme_wide: bool,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    online_link: str,
    round_start: date,
    round_last_day: date,
) -> Problem | None:
    """What is wrong with a session, the first thing found (None: nothing)."""
    if ends_at <= starts_at:
        return Problem("Het einde ligt niet na het begin: geef een later einduur.", "end")
    window = _outside_round(to_brussels(starts_at).date(), round_start, round_last_day)
    if window:
        return Problem(window, "day")
    if to_brussels(ends_at).date() > round_last_day:
        return Problem(_outside_text(round_start, round_last_day), "end")
    if not place.strip() and not online_link.strip():
        return Problem("Geef een plaats of een link voor een online sessie.", "place")
    if not fits_activity(kind, activity_slug):
        return Problem(
            f"Een sessie van het soort '{KIND_LABELS[kind]}' hoort niet bij deze activiteit "
            "van het plan: kies de activiteit waar ze bij hoort.",
            "activity",
        )
    if programme_wide and kind in PROVINCE_KINDS:
        return Problem(
            f"Een '{KIND_LABELS[kind]}' is er per provincie: kies de provincie.", "province"
        )
    return None


def _outside_text(round_start: date, round_last_day: date) -> str:
    return (
        f"Deze datum valt buiten de ronde: kies een dag van {date_nl(round_start)} tot en met "
        f"{date_nl(round_last_day)}."
    )


def _outside_round(day: date, round_start: date, round_last_day: date) -> str | None:
    if round_start <= day <= round_last_day:
        return None
    return _outside_text(round_start, round_last_day)


def times_problem(start: time, end: time, field: str = "end") -> Problem | None:
    if end <= start:
        return Problem("Het einde ligt niet na het begin: geef een later einduur.", field)
    return None


# --- series -----------------------------------------------------------------------------------


def monthly_rule(ordinal: int, weekday: str) -> str:
    """The RRULE of "the n-th <weekday> of the month" (n = -1: the last one)."""
    if ordinal not in dict(ORDINALS) or weekday not in _WEEKDAY:
        raise ValueError("unknown ordinal or weekday")
    return f"FREQ=MONTHLY;BYDAY={ordinal:+d}{weekday}"


def rule_text(rule: str) -> str:
    """A rule the form builds, said in Dutch ("tweede dinsdag van de maand"); else the rule."""
    for ordinal, ordinal_nl in ORDINALS:
        for code, weekday_nl in WEEKDAYS:
            if rule == monthly_rule(ordinal, code):
                return f"{ordinal_nl} {weekday_nl} van de maand"
    return rule


def rule_days(rule: str, first_day: date, last_day: date) -> list[date]:
    """The days of an RRULE from `first_day` to `last_day` (both included), read by
    python-dateutil. Raises ValueError for a rule it cannot read."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text or "\n" in text:
        raise ValueError("empty rule")
    start = datetime.combine(first_day, time())
    parsed = rrulestr(f"RRULE:{text}", dtstart=start, forceset=False)
    if not isinstance(parsed, rrule):
        raise ValueError("not a single rule")
    end = datetime.combine(last_day, time.max)
    days = []
    for moment in parsed.xafter(start, count=MAX_OCCURRENCES + 1, inc=True):
        if moment > end:
            break
        days.append(moment.date())
    return days


def parse_dates(text: str) -> tuple[list[date], str | None]:
    """The dates of a list, one a line (dd/mm/jjjj or jjjj-mm-dd); with the first line that is
    not a date (in Dutch) when there is one."""
    days = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        day = _parse_day(line)
        if day is None:
            return [], f"'{line[:40]}' is geen datum: geef één datum per regel (dd/mm/jjjj)."
        days.append(day)
    return sorted(set(days)), None


#: A date as typed in a list: day, month, year (dd/mm/jjjj, also with - or .).
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _parse_day(text: str) -> date | None:
    """A typed date: dd/mm/jjjj (or with - or .), or ISO jjjj-mm-dd; None for anything else."""
    match = DAY_MONTH_YEAR.fullmatch(text)
    try:
        if match:
            day = date(int(match[3]), int(match[2]), int(match[1]))
        else:
            day = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None
    return day if day is not None and 2000 <= day.year <= 2100 else None


@dataclass(frozen=True)
class Occurrence:
    """One session of a series: the day it stands for and its moments in UTC."""

    day: date
    starts_at: datetime
    ends_at: datetime


def series_days(
    *, rule: str, dates: Iterable[date], first_day: date, last_day: date
) -> tuple[list[date], Problem | None]:
    """The days of a series: from its rule, or its list of dates (which must lie between the
    first and the last day)."""
    if last_day < first_day:
        return [], Problem("De laatste dag ligt voor de eerste dag.", "last_day")
    if rule:
        try:
            days = rule_days(rule, first_day, last_day)
        except (ValueError, TypeError):
            return [], Problem("Deze herhaling kan niet gelezen worden.", "ordinal")
    else:
        days = sorted(set(dates))
        for day in days:
            if not first_day <= day <= last_day:
                return [], Problem(
                    f"{date_nl(day)} ligt niet tussen de eerste en de laatste dag van de reeks.",
                    "dates",
                )
    if not days:
        return [], Problem(
            "Deze reeks heeft geen enkele datum tussen de eerste en de laatste dag.", "first_day"
        )
    if len(days) > MAX_OCCURRENCES:
        return [], Problem(
            f"Deze reeks telt meer dan {MAX_OCCURRENCES} sessies: kies een kortere periode.",
            "last_day",
        )
    return days, None


def expand(days: Iterable[date], start: time, end: time) -> list[Occurrence]:
    """Each day at the Brussels times `start`-`end`, as UTC moments: summer and winter time each
    give the same wall-clock time."""
    return [Occurrence(day, brussels_to_utc(day, start), brussels_to_utc(day, end)) for day in days]


# --- collisions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """An existing session as far as collisions go."""

    starts_at: datetime
    ends_at: datetime
    province_id: int | None
    cancelled: bool
    title: str = ""
    meeting_id: int | None = None


def collides(starts_at: datetime, ends_at: datetime, province_id: int | None, slot: Slot) -> bool:
    """Whether a session from `starts_at` to `ends_at` overlaps `slot` for the same people: the
    same province, or either of them programme-wide. A cancelled session collides with nothing."""
    if slot.cancelled:
        return False
    same_people = province_id is None or slot.province_id is None or province_id == slot.province_id
    return same_people and starts_at < slot.ends_at and slot.starts_at < ends_at


def collision_problem(
    starts_at: datetime,
    ends_at: datetime,
    province_id: int | None,
    slots: Iterable[Slot],
    field: str = "day",
    province_name: str = "",
) -> Problem | None:
    """The first existing session the new one would overlap, named with its date and time."""
    for slot in sorted(slots, key=lambda s: s.starts_at):
        if collides(starts_at, ends_at, province_id, slot):
            where = f" in {province_name}" if province_name else ""
            what = f" ({slot.title})" if slot.title else ""
            return Problem(
                f"Op {date_nl(to_brussels(starts_at).date())}{where} is er al een sessie van "
                f"{time_nl(slot.starts_at)} tot {time_nl(slot.ends_at)}{what}: kies een ander "
                "moment, of verplaats of annuleer eerst die sessie.",
                field,
            )
    return None


def moved_text(old_start: datetime, old_end: datetime, new_start: datetime, new_end: datetime):
    """ "van <dag> <uur>-<uur> naar <dag> <uur>-<uur>", in Brussels time."""
    return f"van {span_text(old_start, old_end)} naar {span_text(new_start, new_end)}"


def span_text(start: datetime, end: datetime) -> str:
    return f"{date_nl(to_brussels(start).date())} {time_nl(start)}-{time_nl(end)}"


# --- guests ---------------------------------------------------------------------------------------

#: How many people a session may invite besides its teams.
MAX_GUESTS = 50
_NAMED = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>]+)>$")


def parse_guests(text: str) -> tuple[list[dict], str | None]:
    """The extra people a lead invites, one per line: an address, or "Name <address>". Returns
    them as the session keeps them ({"name", "email"}, each address once) and, for a line that
    is not an address, the Dutch reason (then nothing is kept)."""
    guests: list[dict] = []
    seen: set[str] = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _NAMED.match(line)
        name, address = (match["name"].strip(), match["email"].strip()) if match else ("", line)
        try:
            address = validate_email(address, check_deliverability=False).normalized
        except EmailNotValidError:
            return [], f"Regel {number}: '{line[:80]}' is geen geldig e-mailadres."
        if address.lower() not in seen:
            seen.add(address.lower())
            guests.append({"name": name or address, "email": address})
    if len(guests) > MAX_GUESTS:
        return [], f"Nodig hoogstens {MAX_GUESTS} extra mensen uit; de teams zijn al uitgenodigd."
    return guests, None


def guests_text(guests: list[dict]) -> str:
    """The guests as the form shows them again, one per line."""
    return "\n".join(
        g["email"] if g.get("name") in (None, "", g["email"]) else f"{g['name']} <{g['email']}>"
        for g in guests or []
    )

"""Changes to sessions: plan one, edit or move it, cancel it, generate a series, write the
minutes, attach a file. Each checks, changes, records a MeetingChange (who, when, what, why)
and flushes; a refusal raises `MeetingError` with a Dutch message at a form field. Nothing is
ever deleted: a cancelled session stays, with its reason."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.changes import Act, Conflict, Refused
from rollout.formatting import date_nl
from rollout.plan.models import Activity, Province, Rollout
from rollout.plan.queries import rollout_end
from rollout.sessions import mail, queries
from rollout.sessions.invitees import invitees_of
from rollout.sessions.models import (
    Meeting,
    MeetingAttachment,
    MeetingChange,
    MeetingKind,
    MeetingSeries,
)
from rollout.sessions.progress import sync_activity, sync_place
from rollout.sessions.rules import (
    Problem,
    Slot,
    collision_problem,
    expand,
    meeting_problem,
    moved_text,
    rule_text,
    series_days,
    span_text,
    times_problem,
)


class MeetingError(Refused):
    pass


class MeetingConflict(MeetingError, Conflict):
    pass


#: Someone else changed the session since the form was opened.
CHANGED = (
    "Deze sessie werd intussen gewijzigd door iemand anders. Bekijk de gegevens opnieuw; uw "
    "invoer staat nog in het formulier."
)
CANCELLED = "Deze sessie is geannuleerd: ze kan niet meer gewijzigd worden."


@dataclass
class Details:
    """What a lead fills in for one session."""

    kind: MeetingKind
    activity: Activity
    #: None: programme-wide.
    province: Province | None
    starts_at: datetime
    ends_at: datetime
    title: str = ""
    place: str = ""
    online_link: str = ""
    led_by: str = ""
    agenda: str = ""
    is_makeup: bool = False
    #: Invited besides the teams: [{"name": ..., "email": ...}] (rules.parse_guests).
    guests: list[dict] = field(default_factory=list)


def _refuse(problem: Problem | None) -> None:
    if problem is not None:
        raise MeetingError(problem.message, problem.field)


def _round_days(rollout: Rollout) -> tuple[date, date]:
    return rollout.start_date, rollout.last_day or rollout_end(rollout)


def _check(session: Session, rollout: Rollout, details: Details, ignore: int | None = None):
    if details.activity.rollout_id != rollout.id:
        raise MeetingError("Kies een activiteit van deze ronde.", "activity")
    first, last = _round_days(rollout)
    _refuse(
        meeting_problem(
            kind=details.kind,
            activity_slug=details.activity.slug,
            programme_wide=details.province is None,
            starts_at=details.starts_at,
            ends_at=details.ends_at,
            place=details.place,
            online_link=details.online_link,
            round_start=first,
            round_last_day=last,
        )
    )
    slots = [
        s
        for s in queries.slots_between(session, rollout, details.starts_at, details.ends_at)
        if s.meeting_id != ignore
    ]
    province = details.province
    _refuse(
        collision_problem(
            details.starts_at,
            details.ends_at,
            province.id if province else None,
            slots,
            province_name=province.name if province else "",
        )
    )


def _log(meeting: Meeting, text: str, act: Act, reason: str = "") -> None:
    meeting.changes.append(
        MeetingChange(at=act.now, by_id=act.user_id, text=text, reason=reason.strip())
    )


def _check_version(meeting: Meeting, expected_version: int) -> None:
    if meeting.version != expected_version:
        raise MeetingConflict(CHANGED)


def _apply(meeting: Meeting, details: Details) -> None:
    meeting.kind = details.kind
    meeting.activity_id = details.activity.id
    meeting.activity = details.activity
    meeting.province_id = details.province.id if details.province else None
    meeting.province = details.province
    meeting.starts_at = details.starts_at
    meeting.ends_at = details.ends_at
    meeting.title = details.title.strip()
    meeting.place = details.place.strip()
    meeting.online_link = details.online_link.strip()
    meeting.led_by = details.led_by.strip()
    meeting.agenda = details.agenda.strip()
    meeting.is_makeup = details.is_makeup
    meeting.guests = list(details.guests)


def create_meeting(session: Session, rollout: Rollout, details: Details, act: Act) -> Meeting:
    """Plan one session."""
    _check(session, rollout, details)
    meeting = Meeting(rollout_id=rollout.id, created_by_id=act.user_id)
    _apply(meeting, details)
    session.add(meeting)
    _log(meeting, f"Gepland op {span_text(details.starts_at, details.ends_at)}.", act)
    session.flush()
    sync_activity(session, meeting, act)  # a planned session: its activity is not done yet
    return meeting


#: The fields whose change the history names, with their Dutch names.
FIELD_NAMES = {
    "title": "titel",
    "place": "plaats",
    "online_link": "link",
    "led_by": "begeleiding",
    "agenda": "agenda",
    "is_makeup": "inhaalsessie",
    "kind": "soort",
    "activity_id": "activiteit",
    "province_id": "provincie",
    "guests": "extra genodigden",
}


def edit_meeting(
    session: Session,
    meeting: Meeting,
    details: Details,
    *,
    reason: str,
    act: Act,
    expected_version: int,
) -> Meeting:
    """Change a session's details, or move it (a new time needs a reason: the history keeps
    from where to where, and why)."""
    _check_version(meeting, expected_version)
    if meeting.is_cancelled:
        raise MeetingError(CANCELLED)
    rollout = session.get(Rollout, meeting.rollout_id)
    moved = (details.starts_at, details.ends_at) != (meeting.starts_at, meeting.ends_at)
    if moved and not reason.strip():
        raise MeetingError("Geef de reden waarom de sessie verplaatst wordt.", "reason")
    if moved and meeting.is_held:
        raise MeetingError(
            "Deze sessie is al gehouden (de aanwezigheid is opgenomen): ze kan niet meer "
            "verplaatst worden.",
            "day",
        )
    new_province = details.province.id if details.province else None
    if meeting.series_id is not None and (
        details.kind != meeting.kind
        or details.activity.id != meeting.activity_id
        or new_province != meeting.province_id
    ):
        raise MeetingError(
            "Deze sessie hoort bij een reeks: soort, activiteit en provincie blijven die van de "
            "reeks. Annuleer ze en plan een losse sessie als het om iets anders gaat.",
            "kind",
        )
    _check(session, rollout, details, ignore=meeting.id)
    before = {name: getattr(meeting, name) for name in FIELD_NAMES}
    was = (meeting.activity_id, meeting.province_id)
    old_start, old_end = meeting.starts_at, meeting.ends_at
    _apply(meeting, details)
    changed = [
        label for name, label in FIELD_NAMES.items() if getattr(meeting, name) != before[name]
    ]
    if moved:
        _log(
            meeting,
            f"Verplaatst {moved_text(old_start, old_end, details.starts_at, details.ends_at)}.",
            act,
            reason,
        )
    if changed:
        _log(meeting, f"Gewijzigd: {', '.join(changed)}.", act, "" if moved else reason)
    session.flush()
    sync_activity(session, meeting, act)
    if was != (meeting.activity_id, meeting.province_id):
        sync_place(session, meeting.rollout_id, *was, act)  # where it no longer counts
    if meeting.invitations_sent and (
        moved or {"plaats", "link", "extra genodigden"} & set(changed)
    ):
        # invited already: the same calendar item, updated (a higher SEQUENCE)
        mail.send_invitations(meeting, invitees_of(session, meeting), act.now)
        session.flush()
    return meeting


def cancel_meeting(
    session: Session, meeting: Meeting, *, reason: str, act: Act, expected_version: int
) -> Meeting:
    """Cancel a session, with its reason; it stays visible as cancelled."""
    _check_version(meeting, expected_version)
    if meeting.is_cancelled:
        raise MeetingError("Deze sessie is al geannuleerd.", "reason")
    if meeting.is_held:
        raise MeetingError(
            "Deze sessie is al gehouden (de aanwezigheid is opgenomen): ze kan niet meer "
            "geannuleerd worden.",
            "reason",
        )
    if not reason.strip():
        raise MeetingError("Geef de reden van de annulering.", "reason")
    meeting.cancelled_at = act.now
    meeting.cancelled_by_id = act.user_id
    meeting.cancel_reason = reason.strip()
    _log(meeting, "Geannuleerd.", act, reason)
    session.flush()
    sync_activity(session, meeting, act)
    # invited already: the calendar item is cancelled (nothing goes out otherwise)
    mail.send_cancellation(meeting, invitees_of(session, meeting), act.now)
    session.flush()
    return meeting


# --- series ------------------------------------------------------------------------------------


@dataclass
class SeriesSpec:
    """A series as a lead asks for it: a rule (RRULE) or a list of dates, between two days,
    at Brussels times, for one province or (None) every province that takes part."""

    kind: MeetingKind
    activity: Activity
    province: Province | None
    first_day: date
    last_day: date
    start_time: time
    end_time: time
    rule: str = ""
    dates: list[date] = field(default_factory=list)
    title: str = ""
    place: str = ""
    online_link: str = ""
    led_by: str = ""


@dataclass
class SeriesResult:
    #: The sessions planned now.
    added: list[Meeting] = field(default_factory=list)
    #: (province, day) of the occurrences the series already had (moved or cancelled ones too).
    skipped: list[tuple[Province, date]] = field(default_factory=list)


def _series_field(spec: SeriesSpec) -> str:
    return "ordinal" if spec.rule else "dates"


def generate_series(session: Session, rollout: Rollout, spec: SeriesSpec, act: Act) -> SeriesResult:
    """Plan a series in one province or in every province that takes part. Generating again
    adds only the occurrences a province's series does not have yet: a session moved or
    cancelled there stays as it is. A new occurrence that would overlap another session of
    the province (or a programme-wide one) refuses the whole series, naming the date."""
    days, problem = series_days(
        rule=spec.rule, dates=spec.dates, first_day=spec.first_day, last_day=spec.last_day
    )
    _refuse(problem or times_problem(spec.start_time, spec.end_time, "end"))
    provinces = _series_provinces(session, rollout, spec)
    occurrences = expand(days, spec.start_time, spec.end_time)
    first, last = _round_days(rollout)
    for occurrence in occurrences:  # the round, the place, the activity: as for one session
        problem = meeting_problem(
            kind=spec.kind,
            activity_slug=spec.activity.slug,
            programme_wide=False,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            place=spec.place,
            online_link=spec.online_link,
            round_start=first,
            round_last_day=last,
        )
        if problem is not None:
            where = {"day": "first_day", "end": "end"}.get(problem.field, problem.field)
            message = problem.message
            if problem.field in ("day", "end"):
                message = f"{date_nl(occurrence.day)}: {message}"
            raise MeetingError(message, where)
    series_by_province = _series_of(session, rollout, spec, provinces)
    had = _occurrences_of(session, series_by_province.values())
    slots = queries.slots_between(
        session, rollout, occurrences[0].starts_at, occurrences[-1].ends_at
    )
    result = SeriesResult()
    for province in provinces:
        series = series_by_province.get(province.id)
        if series is None:
            series = MeetingSeries(
                rollout_id=rollout.id,
                province_id=province.id,
                activity_id=spec.activity.id,
                kind=spec.kind,
                created_by_id=act.user_id,
            )
            session.add(series)
            series_by_province[province.id] = series
        series.rule = spec.rule
        series.dates = [] if spec.rule else [d.isoformat() for d in days]
        series.first_day, series.last_day = spec.first_day, spec.last_day
        series.start_time = spec.start_time.strftime("%H:%M")
        series.end_time = spec.end_time.strftime("%H:%M")
        session.flush()
        known = had.get(series.id, set())
        for occurrence in occurrences:
            if occurrence.day in known:
                result.skipped.append((province, occurrence.day))
                continue
            problem = collision_problem(
                occurrence.starts_at,
                occurrence.ends_at,
                province.id,
                slots,
                field=_series_field(spec),
                province_name=province.name,
            )
            _refuse(problem)
            meeting = _series_meeting(rollout, spec, province, series, occurrence, act)
            session.add(meeting)
            slots.append(
                Slot(occurrence.starts_at, occurrence.ends_at, province.id, False, meeting.title)
            )
            result.added.append(meeting)
    session.flush()
    for meeting in {m.province_id: m for m in result.added}.values():
        sync_activity(session, meeting, act)  # one per province: the series' activity there
    return result


def _series_meeting(rollout, spec: SeriesSpec, province, series, occurrence, act: Act) -> Meeting:
    meeting = Meeting(
        rollout_id=rollout.id,
        created_by_id=act.user_id,
        series_id=series.id,
        occurrence=occurrence.day,
    )
    _apply(
        meeting,
        Details(
            kind=spec.kind,
            activity=spec.activity,
            province=province,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            title=spec.title,
            place=spec.place,
            online_link=spec.online_link,
            led_by=spec.led_by,
        ),
    )
    how = rule_text(spec.rule) if spec.rule else "lijst van data"
    _log(
        meeting,
        f"Gepland in een reeks ({how}) op {span_text(occurrence.starts_at, occurrence.ends_at)}.",
        act,
    )
    return meeting


def _series_provinces(session: Session, rollout: Rollout, spec: SeriesSpec) -> list[Province]:
    taking_part = queries.taking_part(session, rollout)
    if spec.province is None:
        if not taking_part:
            raise MeetingError("Geen enkele provincie neemt deel aan deze ronde.", "province")
        return taking_part
    if spec.province.id not in {p.id for p in taking_part}:
        raise MeetingError(
            f"{spec.province.name} neemt niet deel aan deze ronde: kies een andere provincie.",
            "province",
        )
    return [spec.province]


def _series_of(session: Session, rollout: Rollout, spec: SeriesSpec, provinces) -> dict:
    rows = session.scalars(
        select(MeetingSeries).where(
            MeetingSeries.rollout_id == rollout.id,
            MeetingSeries.activity_id == spec.activity.id,
            MeetingSeries.kind == spec.kind,
            MeetingSeries.province_id.in_([p.id for p in provinces]),
        )
    )
    return {s.province_id: s for s in rows}


def _occurrences_of(session: Session, series) -> dict[int, set[date]]:
    ids = [s.id for s in series]
    if not ids:
        return {}
    found: dict[int, set[date]] = {}
    for series_id, day in session.execute(
        select(Meeting.series_id, Meeting.occurrence).where(Meeting.series_id.in_(ids))
    ):
        found.setdefault(series_id, set()).add(day)
    return found


# --- minutes and attachments ------------------------------------------------------------------


def _check_minutes(meeting: Meeting, act: Act, field: str) -> None:
    if meeting.is_cancelled:
        raise MeetingError(CANCELLED, field)
    if act.now < meeting.starts_at:
        raise MeetingError(
            "Deze sessie is nog niet begonnen: een verslag volgt na de sessie.", field
        )


def write_minutes(
    session: Session, meeting: Meeting, text: str, *, act: Act, expected_version: int
) -> Meeting:
    """The minutes of a session (a text), after it started."""
    _check_version(meeting, expected_version)
    _check_minutes(meeting, act, "minutes")
    meeting.minutes = text.strip()
    meeting.minutes_updated_at = act.now
    meeting.minutes_updated_by_id = act.user_id
    _log(meeting, "Verslag bijgewerkt.", act)
    session.flush()
    return meeting


def add_attachment(
    session: Session, meeting: Meeting, attachment: MeetingAttachment, act: Act
) -> MeetingAttachment:
    """A file with the minutes (checked and stored by the caller under the upload rules)."""
    _check_minutes(meeting, act, "file")
    attachment.uploaded_by_id = act.user_id
    attachment.uploaded_at = act.now
    meeting.attachments.append(attachment)
    _log(meeting, f"Bijlage toegevoegd: {attachment.original_name}.", act)
    session.flush()
    return attachment

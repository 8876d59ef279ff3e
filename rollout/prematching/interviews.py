"""Interviews: schedule, invite by email with an .ics, record the outcome. The email and
calendar parts are plain functions of their inputs; services flush."""

from dataclasses import dataclass
from datetime import date, datetime

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy.orm import Session

from rollout.applications.models import Application
from rollout.formatting import date_nl, time_nl
from rollout.prematching.models import Interview, MatchOutcome, PaperVerdict
from rollout.prematching.queries import submitted_in
from rollout.prematching.rules import outcome_day_problem
from rollout.prematching.services import MatchingError, check_happened_on, date_milestone
from rollout.timeutil import to_brussels

SIDES = {"bethanie": "MFC Bethanië", "pleegzorg": "Pleegzorgdienst", "organisatie": "Organisatie"}


@dataclass(frozen=True)
class Schedule:
    starts_at: datetime
    ends_at: datetime
    place: str
    online_link: str
    participants: list[dict]


def schedule_interview(
    session: Session, application: Application, schedule: Schedule, by_id, now
) -> Interview:
    """Plan (or move) the interview of an application that goes on to it."""
    screening = application.screening
    if screening is None or screening.verdict is not PaperVerdict.TO_INTERVIEW:
        raise MatchingError("Enkel een aanmelding die door is naar het gesprek krijgt een gesprek.")
    if schedule.ends_at <= schedule.starts_at:
        raise MatchingError("Het gesprek eindigt na het begin.", "ends")
    if not (schedule.place.strip() or schedule.online_link.strip()):
        raise MatchingError("Geef een plaats of een link voor het gesprek.", "place")
    if not schedule.participants:
        raise MatchingError("Kies wie deelneemt aan het gesprek.", "participants")
    interview = application.interview
    if interview is None:
        interview = Interview(
            application=application, starts_at=schedule.starts_at, ends_at=schedule.ends_at
        )
        session.add(interview)
    interview.starts_at = schedule.starts_at
    interview.ends_at = schedule.ends_at
    interview.place = schedule.place.strip()
    interview.online_link = schedule.online_link.strip()
    interview.participants = schedule.participants
    interview.invitations_sent = (interview.invitations_sent or 0) + 1
    session.flush()
    return interview


def record_outcome(
    session: Session,
    interview: Interview,
    outcome: MatchOutcome,
    strengths: str,
    concerns: str,
    conditions: str,
    by_id,
    now,
    today: date,
    *,
    held_on: date,
) -> None:
    """After the interview, held on `held_on`: is there a match? When every interview of the
    province has its outcome, the plan's 'prematching in gesprek' is done for that province,
    on the day of the last interview."""
    check_happened_on(interview.application.rollout, held_on, today, "held_on")
    problem = outcome_day_problem(held_on, to_brussels(interview.starts_at).date())
    if problem:
        raise MatchingError(problem, "held_on")
    interview.outcome = outcome
    interview.strengths = strengths.strip()
    interview.concerns = concerns.strip()
    interview.conditions = conditions.strip()
    interview.outcome_recorded_at = now
    interview.outcome_recorded_by_id = by_id
    interview.held_on = held_on
    session.flush()
    application = interview.application
    province = application.organisation.province
    retained = [
        a
        for a in submitted_in(session, application.rollout, province)
        if a.screening is not None and a.screening.verdict is PaperVerdict.TO_INTERVIEW
    ]
    if all(a.interview is not None and a.interview.outcome is not None for a in retained):
        last = max(a.interview.held_on or held_on for a in retained)
        date_milestone(
            session, application.rollout, province, "prematching-gesprek", last, by_id, now
        )


def invitation_calendar(interview: Interview, organiser: str, now: datetime) -> bytes:
    """The invitation as an iCalendar request; a new time keeps the UID and raises SEQUENCE."""
    application = interview.application
    calendar = Calendar()
    calendar.add("prodid", "-//MFC Bethanie//P&P-uitroltracker//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"gesprek-{interview.id}@pp-uitrol")
    event.add("sequence", max(0, interview.invitations_sent - 1))
    event.add("dtstamp", now)
    event.add("dtstart", interview.starts_at)
    event.add("dtend", interview.ends_at)
    event.add("summary", f"P&P-matchingsgesprek: {application.organisation.name}")
    event.add("location", interview.place or interview.online_link)
    if interview.online_link:
        event.add("url", interview.online_link)
    event.add(
        "description",
        f"Matching in gesprek: is er een match tussen {application.organisation.name} en "
        f"{application.organisation.province.foster_care_service}?"
        + (f"\nLink: {interview.online_link}" if interview.online_link else ""),
    )
    organizer = vCalAddress(f"mailto:{organiser}")
    organizer.params["cn"] = vText("MFC Bethanië")
    event.add("organizer", organizer)
    for person in interview.participants:
        attendee = vCalAddress(f"mailto:{person['email']}")
        attendee.params["cn"] = vText(person.get("name") or person["email"])
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def invitation_text(interview: Interview) -> str:
    application = interview.application
    start, end = interview.starts_at, interview.ends_at
    where = interview.place or "online"
    lines = [
        "Beste,",
        "",
        f"U bent uitgenodigd voor het matchingsgesprek met {application.organisation.name} "
        f"en {application.organisation.province.foster_care_service}.",
        "",
        f"Wanneer: {date_nl(start)} van {time_nl(start)} tot {time_nl(end)} (Belgische tijd)",
        f"Waar: {where}",
    ]
    if interview.online_link:
        lines.append(f"Link: {interview.online_link}")
    lines += ["", "Deelnemers:"]
    lines += [
        f"- {p.get('name') or p['email']} ({SIDES.get(p.get('side'), '')})"
        for p in interview.participants
    ]
    lines += ["", "De uitnodiging zit als agenda-item (.ics) in bijlage.", "", "MFC Bethanië"]
    return "\n".join(lines)

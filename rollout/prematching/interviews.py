"""Interviews: who takes part, scheduling, the outcome. Services flush; the invitation by
email is in `mail`."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.applications.models import Application
from rollout.auth.models import Role, User
from rollout.changes import Act
from rollout.prematching.models import Interview, MatchOutcome, PaperVerdict
from rollout.prematching.queries import submitted_in
from rollout.prematching.rules import outcome_day_problem
from rollout.prematching.services import MatchingError, check_happened_on, date_milestone
from rollout.timeutil import to_brussels

SIDES = {"bethanie": "MFC Bethanië", "pleegzorg": "Pleegzorgdienst", "organisatie": "Organisatie"}

#: The side each role takes part for.
ROLE_SIDES = {Role.LEAD: "bethanie", Role.SERVICE: "pleegzorg", Role.ORGANISATION: "organisatie"}

#: Who may be invited, by user id: the user and the side they take part for.
Choices = dict[int, tuple[User, str]]


def participant_choices(session: Session, application: Application) -> Choices:
    """Who may be invited: leads, the province's service, the organisation's members."""
    users = session.scalars(
        select(User)
        .where(
            User.is_active.is_(True),
            (User.role == Role.LEAD)
            | (
                (User.role == Role.SERVICE)
                & (User.province_id == application.organisation.province_id)
            )
            | (User.organisation_id == application.organisation_id),
        )
        .order_by(User.role, User.email)
    ).all()
    return {u.id: (u, ROLE_SIDES[u.role]) for u in users}


def participants(choices: Choices, chosen_ids: list[int], extra: str) -> list[dict]:
    """The participants as the interview keeps them: the chosen users, then the other
    addresses (one per line)."""
    people = [
        {
            "name": choices[uid][0].name or choices[uid][0].email,
            "email": choices[uid][0].email,
            "side": choices[uid][1],
        }
        for uid in chosen_ids
        if uid in choices
    ]
    people += [
        {"name": line.strip(), "email": line.strip().lower(), "side": ""}
        for line in (extra or "").splitlines()
        if line.strip()
    ]
    return people


def invited(interview: Interview, choices: Choices) -> tuple[list[int], str]:
    """Whom of `choices` the interview invites (their ids), and its other addresses, one per
    line: what the planning form shows again."""
    known = {p["email"] for p in interview.participants}
    ids = [uid for uid, (u, _) in choices.items() if u.email in known]
    emails = {u.email for u, _ in choices.values()}
    extra = "\n".join(p["email"] for p in interview.participants if p["email"] not in emails)
    return ids, extra


@dataclass(frozen=True)
class Schedule:
    starts_at: datetime
    ends_at: datetime
    place: str
    online_link: str
    participants: list[dict]


def schedule_interview(
    session: Session, application: Application, schedule: Schedule, act: Act
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
    act: Act,
    *,
    held_on: date,
) -> None:
    """After the interview, held on `held_on`: is there a match? When every interview of the
    province has its outcome, the plan's 'prematching in gesprek' is done for that province,
    on the day of the last interview."""
    check_happened_on(interview.application.rollout, held_on, act.today, "held_on")
    problem = outcome_day_problem(held_on, to_brussels(interview.starts_at).date())
    if problem:
        raise MatchingError(problem, "held_on")
    interview.outcome = outcome
    interview.strengths = strengths.strip()
    interview.concerns = concerns.strip()
    interview.conditions = conditions.strip()
    interview.outcome_recorded_at = act.now
    interview.outcome_recorded_by_id = act.user_id
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
        date_milestone(session, application.rollout, province, "prematching-gesprek", last, act)

"""Sessions of the Q&A round and registrations for them. Services flush; the caller commits."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rollout.auth.models import Organisation
from rollout.changes import Act, Refused
from rollout.plan.models import Rollout
from rollout.qa import rules
from rollout.qa.models import QaRegistration, QaSession
from rollout.qa.queries import find_registration


class QaError(Refused):
    """A refused change; the message is Dutch and belongs at `field` of the form."""


CLOSED = "De sessie is al begonnen: inschrijven, wijzigen of annuleren kan niet meer."


@dataclass(frozen=True)
class SessionDetails:
    title: str
    starts_at: datetime
    ends_at: datetime
    online_link: str
    capacity: int
    notes: str = ""


def _lock(session: Session, session_id: int) -> QaSession:
    """The session, re-read under a row lock: registrations for it queue behind each other."""
    return session.scalars(
        select(QaSession)
        .where(QaSession.id == session_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _taken(session: Session, session_id: int, except_organisation_id: int | None = None) -> int:
    query = select(func.coalesce(func.sum(QaRegistration.participants), 0)).where(
        QaRegistration.session_id == session_id
    )
    if except_organisation_id is not None:
        query = query.where(QaRegistration.organisation_id != except_organisation_id)
    return session.scalar(query)


def _check(details: SessionDetails) -> None:
    problem = rules.end_problem(details.starts_at, details.ends_at)
    if problem:
        raise QaError(problem, "ends")
    problem = rules.link_problem(details.online_link)
    if problem:
        raise QaError(problem, "online_link")
    if not 1 <= details.capacity <= rules.MAX_CAPACITY:
        raise QaError(f"Geef een aantal van 1 tot {rules.MAX_CAPACITY}.", "capacity")


def _apply(qa_session: QaSession, details: SessionDetails) -> None:
    qa_session.title = details.title.strip()
    qa_session.starts_at = details.starts_at
    qa_session.ends_at = details.ends_at
    qa_session.online_link = details.online_link.strip()
    qa_session.capacity = details.capacity
    qa_session.notes = details.notes.strip()


def create_session(session: Session, rollout: Rollout, details: SessionDetails) -> QaSession:
    """A lead adds a session to the rollout's Q&A round."""
    _check(details)
    qa_session = QaSession(rollout=rollout)
    _apply(qa_session, details)
    session.add(qa_session)
    session.flush()
    return qa_session


def update_session(session: Session, qa_session: QaSession, details: SessionDetails) -> None:
    """A lead changes a session; it never shrinks below the participants already registered."""
    _check(details)
    qa_session = _lock(session, qa_session.id)
    problem = rules.capacity_below_taken(details.capacity, _taken(session, qa_session.id))
    if problem:
        raise QaError(problem, "capacity")
    _apply(qa_session, details)
    session.flush()


def delete_session(session: Session, qa_session: QaSession, confirmed: bool) -> int:
    """A lead deletes a session; with registrations only once confirmed. Returns how many
    registrations went with it."""
    qa_session = _lock(session, qa_session.id)
    count = session.scalar(select(func.count()).where(QaRegistration.session_id == qa_session.id))
    if count and not confirmed:
        raise QaError(
            f"Deze sessie heeft {count} inschrijving(en). Vink aan dat u ze mee wilt verwijderen.",
            "confirm",
        )
    session.delete(qa_session)
    session.flush()
    return count


def register(
    session: Session,
    qa_session: QaSession,
    organisation: Organisation,
    participants: int,
    act: Act,
) -> tuple[QaRegistration, bool]:
    """Register an organisation for a session, or change its number of participants.

    The session row is locked first, so that two organisations cannot both take the last
    places. Returns the registration and whether it is new.
    """
    qa_session = _lock(session, qa_session.id)
    if rules.is_closed(qa_session.starts_at, act.now):
        raise QaError(CLOSED, "participants")
    if participants < 1:
        raise QaError("Geef minstens 1 deelnemer.", "participants")
    others = _taken(session, qa_session.id, except_organisation_id=organisation.id)
    problem = rules.capacity_problem(qa_session.capacity, others, participants)
    if problem:
        raise QaError(problem, "participants")
    registration = find_registration(session, qa_session, organisation)
    created = registration is None
    if created:
        registration = QaRegistration(
            qa_session=qa_session, organisation_id=organisation.id, registered_by_id=act.user_id
        )
        session.add(registration)
    registration.participants = participants
    session.flush()
    return registration, created


def cancel_registration(session: Session, registration: QaRegistration, act: Act) -> None:
    """Withdraw a registration, which frees its places; not once the session has started."""
    qa_session = _lock(session, registration.session_id)
    if rules.is_closed(qa_session.starts_at, act.now):
        raise QaError(CLOSED)
    session.delete(registration)
    session.flush()

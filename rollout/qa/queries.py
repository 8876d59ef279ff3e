"""What the Q&A round shows: its sessions with their places and the registrations a user may
see. Reads only."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rollout.auth.models import Organisation, User
from rollout.plan.models import Rollout
from rollout.policy import Action, can
from rollout.qa import rules
from rollout.qa.models import QaRegistration, QaSession


@dataclass(frozen=True)
class SessionRow:
    """One session as a user sees it: the places, and only the registrations they may see."""

    session: QaSession
    taken: int
    places_left: int
    is_closed: bool
    registrations: list[QaRegistration]
    own: QaRegistration | None

    @property
    def visible_total(self) -> int:
        return sum(r.participants for r in self.registrations)


def sessions_of(session: Session, rollout: Rollout) -> list[QaSession]:
    """The sessions of a rollout in date order, with their registrations, in a fixed number
    of queries."""
    registrations = selectinload(QaSession.registrations)
    return list(
        session.scalars(
            select(QaSession)
            .where(QaSession.rollout_id == rollout.id)
            .options(
                registrations.selectinload(QaRegistration.organisation).selectinload(
                    Organisation.province
                ),
                registrations.selectinload(QaRegistration.registered_by),
            )
            .order_by(QaSession.starts_at, QaSession.id)
        )
    )


def session_row(qa_session: QaSession, user: User, now: datetime) -> SessionRow:
    taken = qa_session.taken
    own_id = user.organisation_id
    return SessionRow(
        session=qa_session,
        taken=taken,
        places_left=rules.places_left(qa_session.capacity, taken),
        is_closed=rules.is_closed(qa_session.starts_at, now),
        registrations=[
            r
            for r in qa_session.registrations
            if can(user, Action.VIEW_ORGANISATION, r.organisation)
        ],
        own=next(
            (r for r in qa_session.registrations if own_id and r.organisation_id == own_id), None
        ),
    )


def find_registration(
    session: Session, qa_session: QaSession, organisation: Organisation
) -> QaRegistration | None:
    return session.scalar(
        select(QaRegistration).where(
            QaRegistration.session_id == qa_session.id,
            QaRegistration.organisation_id == organisation.id,
        )
    )

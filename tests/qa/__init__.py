"""Helpers shared by the Q&A round's tests: sessions and registrations made straight in the
database, and the form fields the pages post."""

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from rollout.extensions import db
from rollout.plan.models import Rollout
from rollout.qa.models import QaRegistration, QaSession
from rollout.timeutil import utcnow

LINK = "https://teams.example.org/vragenronde"


def make_session(
    app,
    rollout: str = "huidig",
    starts_at: datetime | None = None,
    capacity: int = 10,
    title: str = "Vragenronde",
    hours: int = 2,
) -> int:
    """A session of `rollout`; by default a week from now."""
    starts_at = starts_at or utcnow() + timedelta(days=7)
    with app.app_context():
        rollout_id = db.session.scalar(select(Rollout.id).where(Rollout.slug == rollout))
        qa_session = QaSession(
            rollout_id=rollout_id,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            online_link=LINK,
            capacity=capacity,
        )
        db.session.add(qa_session)
        db.session.commit()
        return qa_session.id


def add_registration(app, session_id: int, organisation_id: int, participants: int) -> int:
    with app.app_context():
        registration = QaRegistration(
            session_id=session_id, organisation_id=organisation_id, participants=participants
        )
        db.session.add(registration)
        db.session.commit()
        return registration.id


def registrations(app, session_id: int) -> dict[int, int]:
    """Participants per organisation id, as stored."""
    with app.app_context():
        rows = db.session.execute(
            select(QaRegistration.organisation_id, QaRegistration.participants).where(
                QaRegistration.session_id == session_id
            )
        )
        return dict(rows.all())


def get_session(app, session_id: int) -> QaSession | None:
    with app.app_context():
        qa_session = db.session.get(QaSession, session_id)
        if qa_session is not None:
            db.session.expunge(qa_session)
        return qa_session


def token(page: str) -> str:
    """The CSRF token of any form on the page (one token serves every form of the session)."""
    match = re.search(r'name="[^"]*csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def register_data(page: str, session_id: int, participants) -> dict[str, str]:
    prefix = f"sessie-{session_id}-"
    return {f"{prefix}csrf_token": token(page), f"{prefix}participants": str(participants)}

"""What the auth area answers: a user by email. Reads only."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.auth.models import User
from rollout.auth.rules import normalise_email


def find_user(session: Session, email: str, for_update: bool = False) -> User | None:
    query = select(User).where(User.email == normalise_email(email))
    return session.scalar(query.with_for_update() if for_update else query)

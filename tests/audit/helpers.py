"""Reading the audit log in tests."""

from sqlalchemy import select

from rollout.auditing import AuditEntry
from rollout.extensions import db


def entries(app, **where) -> list[AuditEntry]:
    """The entries matching `where` (column=value), oldest first, detached."""
    with app.app_context():
        query = select(AuditEntry).order_by(AuditEntry.id)
        for column, value in where.items():
            query = query.where(getattr(AuditEntry, column) == value)
        found = list(db.session.scalars(query))
        db.session.expunge_all()
        return found


def actions(app, **where) -> list[str]:
    return [e.action for e in entries(app, **where)]

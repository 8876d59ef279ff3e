"""Q&A sessions of a rollout and the organisations registered for them."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rollout.auth.models import Organisation, User
from rollout.database import UTCDateTime
from rollout.extensions import db
from rollout.models import TimestampMixin
from rollout.plan.models import Rollout
from rollout.timeutil import utcnow


class QaSession(db.Model):
    """One online session of the Q&A round, with a limited number of participants."""

    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(
        ForeignKey("rollout.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Where participants join (Teams, Zoom, ...): always an http(s) URL.
    online_link: Mapped[str] = mapped_column(String(500))
    #: Participants (people, not organisations) the session takes in total.
    capacity: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rollout: Mapped[Rollout] = relationship()
    registrations: Mapped[list["QaRegistration"]] = relationship(
        back_populates="qa_session",
        order_by="QaRegistration.created_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def taken(self) -> int:
        """Participants registered over all organisations."""
        return sum(r.participants for r in self.registrations)

    def __repr__(self) -> str:
        return f"<QaSession {self.id} {self.starts_at:%Y-%m-%d %H:%M}>"


class QaRegistration(TimestampMixin, db.Model):
    """An organisation's registration for one session: one per organisation and session."""

    __table_args__ = (
        UniqueConstraint("session_id", "organisation_id"),
        CheckConstraint("participants >= 1", name="participants_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("qa_session.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    participants: Mapped[int]
    #: Who registered the organisation first; a later change of the number keeps it.
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    qa_session: Mapped[QaSession] = relationship(back_populates="registrations")
    organisation: Mapped[Organisation] = relationship()
    registered_by: Mapped[User | None] = relationship()

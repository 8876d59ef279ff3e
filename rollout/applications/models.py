"""An organisation's application for a rollout, its answers, staffing plan, attachments,
history and the deadline extensions leads grant."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rollout.auth.models import Organisation, User
from rollout.database import UTCDateTime
from rollout.extensions import db
from rollout.models import TimestampMixin, enum_type
from rollout.plan.models import Requirement, Rollout, StaffingRole
from rollout.timeutil import utcnow


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class Verdict(enum.StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_YET = "not_yet"


VERDICT_LABELS = {
    Verdict.MET: "Voldaan",
    Verdict.PARTLY: "Gedeeltelijk",
    Verdict.NOT_YET: "Nog niet",
}


class Application(TimestampMixin, db.Model):
    """One organisation's aanmeldingsfiche for one rollout."""

    __table_args__ = (UniqueConstraint("rollout_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_type(ApplicationStatus, "application_status"), default=ApplicationStatus.DRAFT
    )
    # the organisation and its contact person
    organisation_address: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_role: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # how the organisation sees P&P and the cooperation with its foster-care service
    vision_pp: Mapped[str] = mapped_column(Text, default="")
    vision_cooperation: Mapped[str] = mapped_column(Text, default="")

    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(default=1)

    rollout: Mapped[Rollout] = relationship()
    organisation: Mapped[Organisation] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    answers: Mapped[list["RequirementAnswer"]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    staffing: Mapped[list["StaffingLine"]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="Attachment.uploaded_at",
    )
    events: Mapped[list["ApplicationEvent"]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationEvent.at.desc(), ApplicationEvent.id.desc()",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_submitted(self) -> bool:
        return self.status is ApplicationStatus.SUBMITTED

    @property
    def is_editable(self) -> bool:
        """A submitted application is frozen until a lead reopens it."""
        return self.status is ApplicationStatus.DRAFT

    @property
    def is_withdrawn(self) -> bool:
        return self.status is ApplicationStatus.WITHDRAWN

    @property
    def province_id(self) -> int:
        return self.organisation.province_id

    def answer_for(self, requirement: Requirement) -> "RequirementAnswer | None":
        # before a flush a new answer has its requirement but not yet its requirement_id
        return next(
            (
                a
                for a in self.answers
                if a.requirement is requirement or a.requirement_id == requirement.id
            ),
            None,
        )

    def staffing_for(self, role: StaffingRole) -> "StaffingLine | None":
        return next((s for s in self.staffing if s.role is role), None)


class RequirementAnswer(db.Model):
    """The organisation's own assessment of one minimum requirement."""

    __table_args__ = (UniqueConstraint("application_id", "requirement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    requirement_id: Mapped[int] = mapped_column(ForeignKey("requirement.id"))
    verdict: Mapped[Verdict | None] = mapped_column(enum_type(Verdict, "requirement_verdict"))
    #: How the organisation meets it, in its own words.
    explanation: Mapped[str] = mapped_column(Text, default="")
    #: Answers to the requirement's own questions (the fallback policy has two), in order.
    question_answers: Mapped[list] = mapped_column(JSON, default=list)

    application: Mapped[Application] = relationship(back_populates="answers")
    requirement: Mapped[Requirement] = relationship()

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict] if self.verdict else ""


class StaffingLine(db.Model):
    """Who fills one role, and how many hours a week: at the start and from the trajectories."""

    __table_args__ = (UniqueConstraint("application_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    role: Mapped[StaffingRole] = mapped_column(enum_type(StaffingRole, "application_staffing_role"))
    person_name: Mapped[str] = mapped_column(String(200), default="")
    to_recruit: Mapped[bool] = mapped_column(default=False)
    hours_start: Mapped[float | None] = mapped_column(Float)
    hours_trajectories: Mapped[float | None] = mapped_column(Float)

    application: Mapped[Application] = relationship(back_populates="staffing")


class Attachment(db.Model):
    """An uploaded PDF, DOCX or ODT, stored outside static/ under a generated name."""

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="attachments")


class ApplicationVersion(db.Model):
    """A snapshot of every answer after each save: who, when, which section."""

    __table_args__ = (UniqueConstraint("application_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: The section saved, or the step taken (submitted, reopened, withdrawn, ...).
    section: Mapped[str] = mapped_column(String(40))
    snapshot: Mapped[dict] = mapped_column(JSON)

    saved_by: Mapped[User | None] = relationship()


class EventKind(enum.StrEnum):
    SUBMITTED = "submitted"
    REOPENED = "reopened"
    WITHDRAWN = "withdrawn"
    EXTENSION = "extension"


EVENT_LABELS = {
    EventKind.SUBMITTED: "Ingediend",
    EventKind.REOPENED: "Heropend",
    EventKind.WITHDRAWN: "Ingetrokken",
    EventKind.EXTENSION: "Uitstel verleend",
}


class ApplicationEvent(db.Model):
    """A step in the life of an application, with its reason where one is asked."""

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind, "application_event_kind"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reason: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship(back_populates="events")
    by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        return EVENT_LABELS[self.kind]


class DeadlineExtension(db.Model):
    """A lead lets one organisation submit until a later moment. Every grant is kept; the
    latest one counts."""

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    granted_by: Mapped[User | None] = relationship()

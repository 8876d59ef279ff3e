"""Reviews of applications, the lead's verdict on paper, interviews, and the decision per
province (one organisation per foster-care service per rollout)."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rollout.applications.models import Application
from rollout.auth.models import User
from rollout.database import UTCDateTime
from rollout.extensions import db
from rollout.models import TimestampMixin, enum_type
from rollout.plan.models import Province, Requirement, Rollout
from rollout.timeutil import utcnow


class Assessment(enum.StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"


ASSESSMENT_LABELS = {
    Assessment.MET: "Voldaan",
    Assessment.PARTLY: "Gedeeltelijk",
    Assessment.NOT_MET: "Niet voldaan",
}


class ReviewerAssignment(db.Model):
    """A foster-care service member a lead asked to review one application."""

    __table_args__ = (UniqueConstraint("application_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(backref="reviewer_assignments")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Review(TimestampMixin, db.Model):
    """One reviewer's own assessment of one application, hidden from the other reviewers of
    that application until they have submitted theirs."""

    __table_args__ = (UniqueConstraint("application_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    staffing_assessment: Mapped[Assessment | None] = mapped_column(
        enum_type(Assessment, "staffing_assessment")
    )
    staffing_comment: Mapped[str] = mapped_column(Text, default="")
    #: Empty while the reviewer is still working on it.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    application: Mapped[Application] = relationship(backref="reviews")
    reviewer: Mapped[User] = relationship()
    answers: Mapped[list["ReviewAnswer"]] = relationship(
        back_populates="review", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def answer_for(self, requirement: Requirement) -> "ReviewAnswer | None":
        return next(
            (
                a
                for a in self.answers
                if a.requirement is requirement or a.requirement_id == requirement.id
            ),
            None,
        )


class ReviewAnswer(db.Model):
    __table_args__ = (UniqueConstraint("review_id", "requirement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    requirement_id: Mapped[int] = mapped_column(ForeignKey("requirement.id"))
    assessment: Mapped[Assessment | None] = mapped_column(
        enum_type(Assessment, "requirement_assessment")
    )
    comment: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[Review] = relationship(back_populates="answers")
    requirement: Mapped[Requirement] = relationship()


class PaperVerdict(enum.StrEnum):
    TO_INTERVIEW = "to_interview"
    NOT_RETAINED = "not_retained"


PAPER_VERDICT_LABELS = {
    PaperVerdict.TO_INTERVIEW: "Door naar het gesprek",
    PaperVerdict.NOT_RETAINED: "Niet weerhouden",
}


class Screening(TimestampMixin, db.Model):
    """The lead's verdict on paper for one application."""

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), unique=True
    )
    verdict: Mapped[PaperVerdict] = mapped_column(enum_type(PaperVerdict, "paper_verdict"))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: When the verdict was entered (the audit trail).
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The day the verdict was given (Brussels), within the round, never later than its entry.
    decided_on: Mapped[date]

    application: Mapped[Application] = relationship(backref=db.backref("screening", uselist=False))
    decided_by: Mapped[User | None] = relationship()


class DecisionKind(enum.StrEnum):
    PARTNER = "partner"
    NO_PARTNER = "no_partner"


class Decision(TimestampMixin, db.Model):
    """Which organisation cooperates with a province's foster-care service in a rollout.

    The unique constraint is the rule "one organisation per foster-care service per rollout"
    in the database: a second decision for the same province and rollout cannot exist, also
    when two leads decide at the same moment."""

    __table_args__ = (UniqueConstraint("rollout_id", "province_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"))
    kind: Mapped[DecisionKind] = mapped_column(enum_type(DecisionKind, "decision_kind"))
    #: The selected application (kind partner).
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    #: Why this organisation, or why no partner this round.
    reason: Mapped[str] = mapped_column(Text, default="")
    #: Told to the other applicants of the province ("not selected").
    others_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: When the decision (or its last revision) was entered (the audit trail).
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The day it was decided (or last revised), Brussels: what the pages and the plan show.
    decided_on: Mapped[date]
    #: Organisations see the decision only once it is published (entered at / happened on).
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)

    rollout: Mapped[Rollout] = relationship()
    province: Mapped[Province] = relationship()
    application: Mapped[Application | None] = relationship()
    changes: Mapped[list["DecisionChange"]] = relationship(
        back_populates="decision",
        cascade="all, delete-orphan",
        order_by="DecisionChange.happened_on.desc(), DecisionChange.id.desc()",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class DecisionChange(db.Model):
    """The history of a decision: taken, revised (with a reason), published."""

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"))
    #: When the step was entered; `happened_on`: the day it happened (Brussels).
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    happened_on: Mapped[date]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    step: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")

    decision: Mapped[Decision] = relationship(back_populates="changes")
    by: Mapped[User | None] = relationship()


class MatchOutcome(enum.StrEnum):
    YES = "yes"
    DOUBTFUL = "doubtful"
    NO = "no"


MATCH_LABELS = {
    MatchOutcome.YES: "Ja, er is een match",
    MatchOutcome.DOUBTFUL: "Twijfel",
    MatchOutcome.NO: "Nee, geen match",
}


class Interview(TimestampMixin, db.Model):
    """The conversation between Bethanië, the provincial service and the organisation (June),
    and its outcome: is there a match between the organisation and the service?"""

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), unique=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    #: Who takes part: [{"name", "email", "side"}], side = bethanie / pleegzorg / organisatie.
    participants: Mapped[list] = mapped_column(JSON, default=list)
    #: How often invitations went out; the calendar's SEQUENCE, so a new time replaces the old.
    invitations_sent: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[MatchOutcome | None] = mapped_column(enum_type(MatchOutcome, "match_outcome"))
    strengths: Mapped[str] = mapped_column(Text, default="")
    concerns: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    #: When the outcome was entered; `held_on`: the day the interview took place (Brussels).
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held_on: Mapped[date | None]
    outcome_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    application: Mapped[Application] = relationship(backref=db.backref("interview", uselist=False))

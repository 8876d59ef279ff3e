"""The plan as data: rollouts with their phases, activities, requirements and staffing rules."""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, func, select, text
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from rollout.database import UTCDateTime
from rollout.extensions import db
from rollout.models import TimestampMixin, enum_type
from rollout.timeutil import utcnow


class Province(db.Model):
    """A Flemish province and its provincial foster-care service (pleegzorgdienst)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    foster_care_service: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Province {self.slug}>"


class Rollout(TimestampMixin, db.Model):
    """One round of the dissemination plan (the 2021-2022 one, or a later wave)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date]
    duration_months: Mapped[int] = mapped_column(default=24)
    #: Last day (Brussels time, until 23:59:59) on which an application can be submitted.
    application_deadline: Mapped[date]
    #: The seed file this round was loaded from, and the months/days its dates were shifted by.
    source: Mapped[str] = mapped_column(String(200), default="")
    #: A lead closed the round: read-only for organisations and services from then on.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: Counts the changes to what its pages show; bumped in the same transaction as each change
    #: (rollout/versioning.py), so that a page cached under it is never stale.
    data_version: Mapped[int] = mapped_column(default=0, server_default="0")

    phases: Mapped[list["Phase"]] = relationship(
        back_populates="rollout", order_by="Phase.number", cascade="all, delete-orphan"
    )
    participations: Mapped[list["Participation"]] = relationship(
        back_populates="rollout", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Rollout {self.slug}>"


class Participation(db.Model):
    """Whether a province takes part in a rollout."""

    __table_args__ = (UniqueConstraint("rollout_id", "province_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"))
    takes_part: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(Text, default="")

    rollout: Mapped[Rollout] = relationship(back_populates="participations")
    province: Mapped[Province] = relationship()


class Phase(db.Model):
    __table_args__ = (UniqueConstraint("rollout_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    planned_start: Mapped[date]
    planned_end: Mapped[date]

    rollout: Mapped[Rollout] = relationship(back_populates="phases")
    activities: Mapped[list["Activity"]] = relationship(
        back_populates="phase",
        order_by="(Activity.planned_start, Activity.sort_order)",
        cascade="all, delete-orphan",
    )


#: The round's last planned day: the end of its last phase (loaded with the round, no query).
Rollout.last_day = column_property(
    select(func.max(Phase.planned_end)).where(Phase.rollout_id == Rollout.id).scalar_subquery()
)


class ActivityKind(enum.StrEnum):
    ACTIVITY = "activity"
    MILESTONE = "milestone"


class Scope(enum.StrEnum):
    PROVINCE = "province"  #: done separately in every province that takes part
    PROGRAMME = "programme"  #: done once, counts for every province that takes part


class Activity(db.Model):
    """A dated activity or milestone of the plan."""

    __table_args__ = (UniqueConstraint("rollout_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ActivityKind] = mapped_column(enum_type(ActivityKind, "activity_kind"))
    scope: Mapped[Scope] = mapped_column(enum_type(Scope, "activity_scope"))
    #: Who leads it, as the plan says (e.g. "MFC Bethanië", "Pleegzorgdienst", "Jo Voets").
    responsible: Mapped[str] = mapped_column(String(200), default="")
    planned_start: Mapped[date]
    planned_end: Mapped[date]
    sort_order: Mapped[int] = mapped_column(default=0)

    phase: Mapped[Phase] = relationship(back_populates="activities")
    progress: Mapped[list["ActivityProgress"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan"
    )

    @property
    def is_milestone(self) -> bool:
        return self.kind is ActivityKind.MILESTONE


class ActivityProgress(TimestampMixin, db.Model):
    """What actually happened to an activity: in one province, or programme-wide (no province).

    The seed never writes here, so reloading a plan keeps every recorded date.
    """

    __table_args__ = (
        UniqueConstraint("activity_id", "province_id"),
        # NULLs are distinct in a unique constraint: one programme-wide row per activity.
        Index(
            "uq_activity_progress_programme",
            "activity_id",
            unique=True,
            sqlite_where=text("province_id IS NULL"),
            postgresql_where=text("province_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"))
    actual_start: Mapped[date | None]
    #: The day it was done; empty while it is not.
    actual_end: Mapped[date | None]
    #: Planned dates moved for this province (or programme-wide); empty: the plan's own dates.
    planned_start: Mapped[date | None]
    planned_end: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(default=1)

    activity: Mapped[Activity] = relationship(back_populates="progress")
    province: Mapped[Province | None] = relationship()
    changes: Mapped[list["ProgressChange"]] = relationship(
        back_populates="progress",
        order_by="ProgressChange.changed_at.desc(), ProgressChange.id.desc()",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_done(self) -> bool:
        return self.actual_end is not None


class ProgressChange(db.Model):
    """One change to recorded progress or to moved planned dates: who, when, old, new, why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_id: Mapped[int] = mapped_column(
        ForeignKey("activity_progress.id", ondelete="CASCADE"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: Which value changed: actual_start, actual_end, planned_start, planned_end or note.
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")

    progress: Mapped[ActivityProgress] = relationship(back_populates="changes")


class RequirementKind(enum.StrEnum):
    CONTENT = "content"
    ORGANISATIONAL = "organisational"


class Requirement(db.Model):
    """A minimum requirement an applicant organisation must meet (handbook, section 3)."""

    __table_args__ = (UniqueConstraint("rollout_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    kind: Mapped[RequirementKind] = mapped_column(enum_type(RequirementKind, "requirement_kind"))
    title: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text, default="")
    #: Questions the application form asks about it, one per line.
    questions: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    @property
    def question_list(self) -> list[str]:
        return [q for q in self.questions.splitlines() if q.strip()]


class StaffingRole(enum.StrEnum):
    COORDINATOR = "coordinator"
    PP_COUNSELLOR = "pp_counsellor"
    PARENT_COUNSELLOR = "parent_counsellor"


STAFFING_ROLE_LABELS = {
    StaffingRole.COORDINATOR: "Inhoudelijke coördinator",
    StaffingRole.PP_COUNSELLOR: "P&P-begeleider",
    StaffingRole.PARENT_COUNSELLOR: "Ouderbegeleider",
}


class StaffingRule(db.Model):
    """A role must be staffed at least `min_hours` a week from a date or milestone on."""

    __table_args__ = (UniqueConstraint("rollout_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    role: Mapped[StaffingRole] = mapped_column(enum_type(StaffingRole, "staffing_role"))
    min_hours: Mapped[float]
    #: The rule applies from this milestone's date (planned, or actual once recorded) ...
    applies_from_activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id"))
    #: ... or, without a milestone, from this date (the rollout's start in the seed).
    applies_from_date: Mapped[date | None]
    explanation: Mapped[str] = mapped_column(Text, default="")

    applies_from_activity: Mapped[Activity | None] = relationship()

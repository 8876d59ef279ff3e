"""P&P teams: who fills which role for how many hours a week, from when until when. A change of
hours closes one period and opens the next, so the history stays."""

import enum
from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rollout.database import UTCDateTime
from rollout.extensions import db
from rollout.models import TimestampMixin, enum_type
from rollout.plan.models import Province, StaffingRole
from rollout.timeutil import utcnow


class TeamKind(enum.StrEnum):
    ORGANISATION = "organisation"  #: the partner organisation's P&P team
    SERVICE = "service"  #: the provincial foster-care service's P&P team


TEAM_LABELS = {
    TeamKind.ORGANISATION: "P&P-team van de organisatie",
    TeamKind.SERVICE: "P&P-team van de pleegzorgdienst",
}


class TeamMember(TimestampMixin, db.Model):
    """One person in one role with their hours a week during one period."""

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"))
    team: Mapped[TeamKind] = mapped_column(enum_type(TeamKind, "team_kind"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    role: Mapped[StaffingRole] = mapped_column(enum_type(StaffingRole, "team_staffing_role"))
    hours: Mapped[float] = mapped_column(Float)
    valid_from: Mapped[date]
    #: The last day; empty while it lasts.
    valid_until: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)

    province: Mapped[Province] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class TeamChange(db.Model):
    """Who changed a team, when, and what (added, hours changed, left)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"))
    team: Mapped[TeamKind] = mapped_column(enum_type(TeamKind, "team_change_kind"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("team_member.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(Text)

"""Sessions of the plan (Dutch: sessies): inspiration sessions, the staff information session,
the three framework trainings, monthly supervision, the working group, workshops and case
supervision. A session is called a `Meeting` in the code, so that it is never confused with a
database session or a browser session.

A session is *held* once its attendance is recorded; it is never deleted, a cancelled one stays
visible with its reason. Who is invited follows the province's two P&P teams on the session's
date (staffing), plus guests by email; attendance is kept per invitee."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rollout.database import UTCDateTime
from rollout.extensions import db
from rollout.models import TimestampMixin, enum_type
from rollout.plan.models import Activity, Province
from rollout.timeutil import utcnow


class MeetingKind(enum.StrEnum):
    INSPIRATION = "inspiration"
    INFO_SESSION = "info_session"
    FRAMEWORK_TRAINING = "framework_training"
    SUPERVISION = "supervision"
    WORKING_GROUP = "working_group"
    WORKSHOP = "workshop"
    CASE_SUPERVISION = "case_supervision"


KIND_LABELS = {
    MeetingKind.INSPIRATION: "Inspiratiemoment",
    MeetingKind.INFO_SESSION: "Infosessie voor de medewerkers",
    MeetingKind.FRAMEWORK_TRAINING: "Vorming P&P-kaders en basisvisie",
    MeetingKind.SUPERVISION: "Maandelijkse supervisie",
    MeetingKind.WORKING_GROUP: "Werkgroep",
    MeetingKind.WORKSHOP: "Verdiepende workshop",
    MeetingKind.CASE_SUPERVISION: "Supervisie op casusniveau",
}

#: Kinds whose attendance is (also) a head count: too many people to list one by one.
HEAD_COUNT_KINDS = frozenset({MeetingKind.INSPIRATION, MeetingKind.INFO_SESSION})


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


ATTENDANCE_LABELS = {
    AttendanceStatus.PRESENT: "Aanwezig",
    AttendanceStatus.EXCUSED: "Verontschuldigd",
    AttendanceStatus.ABSENT: "Afwezig",
}


class MeetingSeries(TimestampMixin, db.Model):
    """A series generated in one step (e.g. a province's monthly supervision, January to May
    2022): a recurrence rule (RFC 5545 RRULE, read by python-dateutil) or a list of dates, and
    the times of day in Brussels. Generating again adds only the occurrences it does not have."""

    __table_args__ = (UniqueConstraint("rollout_id", "province_id", "activity_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(ForeignKey("rollout.id", ondelete="CASCADE"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    kind: Mapped[MeetingKind] = mapped_column(enum_type(MeetingKind, "series_kind"))
    #: The rule as an RRULE line (e.g. "FREQ=MONTHLY;BYDAY=+2TU"), or empty with `dates`.
    rule: Mapped[str] = mapped_column(String(300), default="")
    #: The dates of a series given as a list (ISO dates), when there is no rule.
    dates: Mapped[list] = mapped_column(JSON, default=list)
    first_day: Mapped[date]
    last_day: Mapped[date]
    #: Times of day in Brussels, "HH:MM".
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class Meeting(TimestampMixin, db.Model):
    """One session: programme-wide (no province) or of one province."""

    id: Mapped[int] = mapped_column(primary_key=True)
    rollout_id: Mapped[int] = mapped_column(
        ForeignKey("rollout.id", ondelete="CASCADE"), index=True
    )
    #: Empty for a programme-wide session (all provinces that take part).
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"), index=True)
    #: The plan activity it belongs to; its actual dates come from its held sessions.
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(enum_type(MeetingKind, "meeting_kind"))
    title: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    #: Who leads it: a trainer or facilitator (free text).
    led_by: Mapped[str] = mapped_column(String(200), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    #: A make-up session for people who missed the session of the same activity.
    is_makeup: Mapped[bool] = mapped_column(default=False)
    #: Invited besides the teams: [{"name": ..., "email": ...}].
    guests: Mapped[list] = mapped_column(JSON, default=list)

    #: The series it was generated in, and the day it stands for there (kept when it moves,
    #: so that generating again does not add it a second time).
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="SET NULL"), index=True
    )
    occurrence: Mapped[date | None]

    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    cancel_reason: Mapped[str] = mapped_column(Text, default="")

    #: Set when attendance is recorded: from then on the session counts as held.
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: How many people came, for big sessions (inspiration, the staff information session).
    head_count: Mapped[int | None] = mapped_column(Integer)

    minutes: Mapped[str] = mapped_column(Text, default="")
    minutes_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    #: Raised with every invitation mail, so that an update keeps the UID and raises SEQUENCE.
    invitations_sent: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(default=1)

    province: Mapped[Province | None] = relationship()
    activity: Mapped[Activity] = relationship()
    series: Mapped[MeetingSeries | None] = relationship()
    attendance: Mapped[list["Attendance"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.name"
    )
    attachments: Mapped[list["MeetingAttachment"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingAttachment.id"
    )
    changes: Mapped[list["MeetingChange"]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        order_by="(MeetingChange.at.desc(), MeetingChange.id.desc())",
    )

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (UniqueConstraint("series_id", "occurrence"),)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_held(self) -> bool:
        return self.attendance_recorded_at is not None and self.cancelled_at is None

    @property
    def is_programme_wide(self) -> bool:
        return self.province_id is None


class Attendance(db.Model):
    """Whether one invitee was there: a team member (on the session's date) or a guest."""

    __table_args__ = (UniqueConstraint("meeting_id", "person_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    #: "member:<team_member id>" or "guest:<email>": who, among the session's invitees.
    person_key: Mapped[str] = mapped_column(String(300))
    team_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_member.id", ondelete="SET NULL"), index=True
    )
    #: The name and email as they were on the day (the team member may be renamed or leave).
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    #: The province whose team the person was in (empty for a guest).
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"))
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_type(AttendanceStatus, "attendance_status")
    )

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")


class MeetingAttachment(db.Model):
    """A file with the minutes: a PDF, DOCX or ODT under the upload rules of the applications
    area (`applications.attachments.check_upload`), stored outside static/ under a generated
    name."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="attachments")


class MeetingChange(db.Model):
    """What happened to a session: planned, moved (from, to, why), cancelled (why), invited,
    attendance recorded, minutes written."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="changes")

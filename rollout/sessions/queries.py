"""Reads of the sessions: the list a viewer may see, one session's page, what the services
check a new session against; and what other areas and the composing pages ask (a province's
information session, the sessions of one plan activity, the held sessions as markers on a
province's timeline, a province's calendar). Each in a fixed number of statements."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select, true
from sqlalchemy.orm import Session, joinedload, selectinload

from rollout.auth.models import Role
from rollout.plan.models import Activity, Participation, Province, Rollout
from rollout.prematching.queries import published_partners
from rollout.sessions.models import KIND_LABELS, Meeting, MeetingChange, MeetingKind
from rollout.sessions.rules import KIND_ACTIVITIES, Slot
from rollout.timeutil import start_of_day, to_brussels


@dataclass(frozen=True)
class MeetingRef:
    """A session with what the policy needs to judge who sees it: its round, and the published
    partner organisations it is for in that round (its province's; for a programme-wide
    session those of every province that takes part)."""

    meeting: Meeting
    rollout: Rollout
    partner_ids: frozenset[int] = frozenset()

    @property
    def province_id(self) -> int | None:
        return self.meeting.province_id

    @property
    def kind(self) -> MeetingKind:
        return self.meeting.kind

    @property
    def is_programme_wide(self) -> bool:
        return self.meeting.province_id is None


def meeting_ref(session: Session, meeting: Meeting) -> MeetingRef:
    """The session with its round and its partners (at most three statements)."""
    rollout = session.get(Rollout, meeting.rollout_id)
    if meeting.province_id is not None:
        province_ids = [meeting.province_id]
    else:
        province_ids = [p.id for p in taking_part(session, rollout)]
    partners = published_partners(session, rollout, province_ids) if province_ids else {}
    return MeetingRef(meeting, rollout, frozenset(org for org, _ in partners.values()))


def load_meeting(session: Session, meeting_id: int) -> Meeting | None:
    """A session with its province, activity, attachments and history: the session page."""
    return session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.province),
            joinedload(Meeting.activity),
            joinedload(Meeting.series),
            selectinload(Meeting.attachments),
            selectinload(Meeting.changes),
        )
    )


# --- who sees which sessions --------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which sessions of a round a viewer sees: every one (a lead), or those of one province
    and the programme-wide ones (its service, its partner organisation), or only the
    programme-wide inspiration sessions (any other organisation)."""

    everything: bool = False
    province_id: int | None = None
    #: Only programme-wide sessions of these kinds (an organisation that is not the partner).
    programme_kinds: frozenset = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        """What the cached list body is keyed by: the same for every viewer of one scope."""
        if self.everything:
            return "all"
        if self.province_id is not None:
            return f"p{self.province_id}"
        return "k" + ".".join(sorted(k.value for k in self.programme_kinds))


#: What an organisation that is not its province's partner sees: the inspiration moments.
OPEN_KINDS = frozenset({MeetingKind.INSPIRATION})


def scope_of(session: Session, user, rollout: Rollout) -> Scope:
    """The scope of a signed-in user in a round (one statement for an organisation)."""
    if user.role is Role.LEAD:
        return Scope(everything=True)
    if user.role is Role.SERVICE:
        return Scope(province_id=user.province_id)
    organisation = user.organisation
    if organisation is None:
        return Scope(programme_kinds=OPEN_KINDS)
    partner = published_partners(session, rollout, [organisation.province_id]).get(
        organisation.province_id, (None, None)
    )[0]
    if partner == organisation.id:
        return Scope(province_id=organisation.province_id)
    return Scope(programme_kinds=OPEN_KINDS)


@dataclass(frozen=True)
class Filters:
    kind: MeetingKind | None = None
    province_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind.value if self.kind else '-'}:{self.province_id or '-'}"


def list_meetings(
    session: Session, rollout: Rollout, scope: Scope, filters: Filters | None = None
) -> list[Meeting]:
    """The sessions of a round a viewer sees, with their province and activity, in one
    statement, by start."""
    filters = filters or Filters()
    query = (
        select(Meeting)
        .where(Meeting.rollout_id == rollout.id)
        .options(joinedload(Meeting.province), joinedload(Meeting.activity))
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if not scope.everything:
        if scope.province_id is not None:
            query = query.where(
                or_(Meeting.province_id == scope.province_id, Meeting.province_id.is_(None))
            )
        else:
            query = query.where(
                Meeting.province_id.is_(None), Meeting.kind.in_(list(scope.programme_kinds))
            )
    if filters.kind is not None:
        query = query.where(Meeting.kind == filters.kind)
    if filters.province_id is not None:
        query = query.where(
            or_(Meeting.province_id == filters.province_id, Meeting.province_id.is_(None))
        )
    return list(session.scalars(query).unique())


def split_upcoming(meetings: list[Meeting], today: date) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming: from today on, soonest first; past: before today, latest first)."""
    boundary = start_of_day(today)
    upcoming = [m for m in meetings if m.starts_at >= boundary]
    past = [m for m in meetings if m.starts_at < boundary]
    return upcoming, past[::-1]


# --- what a change is checked against ------------------------------------------------------------


def taking_part(session: Session, rollout: Rollout) -> list[Province]:
    """The provinces that take part in the round, in their order."""
    return list(
        session.scalars(
            select(Province)
            .join(Participation, Participation.province_id == Province.id)
            .where(Participation.rollout_id == rollout.id, Participation.takes_part.is_(True))
            .order_by(Province.sort_order, Province.name)
        )
    )


def provinces(session: Session) -> list[Province]:
    return list(session.scalars(select(Province).order_by(Province.sort_order, Province.name)))


def session_activities(session: Session, rollout: Rollout) -> list[Activity]:
    """The round's activities that sessions may belong to (by their slugs), in plan order."""
    activities = session.scalars(
        select(Activity)
        .where(Activity.rollout_id == rollout.id)
        .order_by(Activity.planned_start, Activity.sort_order)
    ).all()
    prefixes = [p for allowed in KIND_ACTIVITIES.values() for p in allowed]
    return [
        a
        for a in activities
        if any(a.slug == p or (p.endswith("-") and a.slug.startswith(p)) for p in prefixes)
    ]


def slots_between(session: Session, rollout: Rollout, start: datetime, end: datetime) -> list[Slot]:
    """Every non-cancelled session of the round overlapping [start, end], as collision slots."""
    rows = session.execute(
        select(
            Meeting.id,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.province_id,
            Meeting.title,
        ).where(
            Meeting.rollout_id == rollout.id,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at < end,
            Meeting.ends_at > start,
        )
    ).all()
    return [Slot(s, e, p, False, t, i) for i, s, e, p, t in rows]


def series_meetings(session: Session, series_id: int) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting).where(Meeting.series_id == series_id).order_by(Meeting.occurrence)
        )
    )


def recent_changes(session: Session, meeting: Meeting) -> list[MeetingChange]:
    return list(
        session.scalars(
            select(MeetingChange)
            .where(MeetingChange.meeting_id == meeting.id)
            .order_by(MeetingChange.at.desc(), MeetingChange.id.desc())
        )
    )


# --- what other areas and the composing pages ask -------------------------------------------------

#: The plan activity of the information session for all staff of the partner organisation.
INFO_SESSION_ACTIVITY = "infosessie-organisatie"


def _in_province(province: Province | None):
    """A province's own sessions and the programme-wide ones (all of them without a province)."""
    if province is None:
        return true()
    return or_(Meeting.province_id == province.id, Meeting.province_id.is_(None))


def info_session_of(session: Session, rollout: Rollout, province: Province) -> Meeting | None:
    """The province's information session for all staff of the partner organisation: its one
    record (the first that is not cancelled), held or still planned."""
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.rollout_id == rollout.id,
            Meeting.province_id == province.id,
            Meeting.kind == MeetingKind.INFO_SESSION,
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def sessions_of_activity(
    session: Session, activity: Activity, province: Province | None
) -> list[Meeting]:
    """The sessions of one plan activity shown on its page: in a province, the province's own
    and the programme-wide ones; without one, all of them. Cancelled ones too (marked). Two
    statements (the sessions, their provinces)."""
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.activity_id == activity.id, _in_province(province))
            .options(selectinload(Meeting.province))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


@dataclass(frozen=True)
class HeldMarker:
    """A held session as plain data for the plan's timeline (the plan knows no sessions)."""

    activity_id: int
    day: date
    label: str


def held_markers(session: Session, rollout: Rollout, province: Province) -> list[HeldMarker]:
    """Every held session of the province (and the programme-wide ones) of the round, as a
    marker on its activity's bar: one statement."""
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.rollout_id == rollout.id,
            _in_province(province),
            Meeting.attendance_recorded_at.is_not(None),
            Meeting.cancelled_at.is_(None),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [
        HeldMarker(m.activity_id, to_brussels(m.starts_at).date(), label_of(m)) for m in meetings
    ]


def label_of(meeting: Meeting) -> str:
    label = meeting.title or KIND_LABELS[meeting.kind]
    return f"{label} (inhaalsessie)" if meeting.is_makeup else label


def calendar_sessions(session: Session, rollout: Rollout, province: Province) -> list[Meeting]:
    """Every session of the round in the province's calendar: its own and the programme-wide
    ones, cancelled ones too (the feed marks them cancelled). One statement."""
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.rollout_id == rollout.id, _in_province(province))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )

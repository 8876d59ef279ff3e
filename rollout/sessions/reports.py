"""Reads of the attendance part of the sessions: what the policy is asked about (a
`SessionsScope`), the cadence grid and the training-coverage table of a round, each in a fixed
number of queries whatever the number of provinces. The rules are in `figures`."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from rollout.plan import queries as plan_queries
from rollout.plan.models import Activity, ActivityProgress, Province, Rollout
from rollout.plan.progress import effective_window
from rollout.prematching.queries import published_partners
from rollout.sessions import figures
from rollout.sessions.figures import AttendanceRow, MeetingRow, Person, person_identity
from rollout.sessions.models import Attendance, Meeting, MeetingKind
from rollout.staffing.models import TeamMember
from rollout.timeutil import to_brussels


@dataclass(frozen=True)
class SessionsScope:
    """What the policy is asked about for a session's attendance, its calendar item, or the
    figures of a province: the round, the province concerned (a session's; for a
    programme-wide session the viewer's own), that province's published partner
    organisation, and the session if any. A refusal never reveals the session: 404."""

    rollout: Rollout
    province_id: int | None
    organisation_id: int | None = None
    meeting: Meeting | None = None
    hides_existence: bool = True

    @property
    def programme_wide(self) -> bool:
        return self.meeting is not None and self.meeting.province_id is None


def scope_of(
    session: Session, rollout: Rollout, province_id: int | None, meeting: Meeting | None = None
) -> SessionsScope:
    partner = None
    if province_id is not None:
        partner = published_partners(session, rollout, [province_id]).get(province_id, (None,))[0]
    return SessionsScope(rollout, province_id, partner, meeting)


def meeting_scope(session: Session, meeting: Meeting, viewer_province_id: int | None):
    """The scope of a session: its own province, or the viewer's for a programme-wide one."""
    rollout = session.get(Rollout, meeting.rollout_id)
    province_id = meeting.province_id if meeting.province_id is not None else viewer_province_id
    return scope_of(session, rollout, province_id, meeting)


def _row(meeting: Meeting, slug: str) -> MeetingRow:
    return MeetingRow(
        meeting.id,
        meeting.province_id,
        slug,
        to_brussels(meeting.starts_at).date(),
        meeting.cancelled_at is not None,
        meeting.attendance_recorded_at is not None,
        meeting.is_makeup,
    )


def taking_part(session: Session, rollout: Rollout, only: int | None = None) -> list[Province]:
    """The provinces that take part in the round (with `only`: that one, if it does)."""
    return [
        p.province
        for p in plan_queries.participations(session, rollout)
        if p.takes_part and (only is None or p.province_id == only)
    ]


# --- the cadence grid -------------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceGrid:
    months: list[date]
    rows: list[tuple[Province, figures.Cadence]]
    meetings: dict[int, MeetingRow]
    #: The supervision activity of the round (None: the round's plan has none).
    activity: Activity | None


def cadence_grid(
    session: Session, rollout: Rollout, today: date, only: int | None = None
) -> CadenceGrid:
    """Every province's supervision cadence (or province `only`'s), in five queries."""
    provinces = taking_part(session, rollout, only)
    activity = session.scalar(
        select(Activity).where(
            Activity.rollout_id == rollout.id, Activity.slug == figures.SUPERVISION_SLUG
        )
    )
    if activity is None:
        return CadenceGrid([], [(p, figures.Cadence()) for p in provinces], {}, None)
    progress = {
        p.province_id: p
        for p in session.scalars(
            select(ActivityProgress).where(ActivityProgress.activity_id == activity.id)
        )
    }
    windows = {p.id: effective_window(activity, progress.get(p.id)) for p in provinces}
    rows = [
        _row(m, activity.slug)
        for m in session.scalars(
            select(Meeting).where(
                Meeting.rollout_id == rollout.id,
                Meeting.activity_id == activity.id,
                Meeting.kind == MeetingKind.SUPERVISION,
            )
        )
    ]
    cadences = figures.cadence_by_province(windows, rows, today)
    months = sorted({c.month for cadence in cadences.values() for c in cadence.months})
    return CadenceGrid(
        months, [(p, cadences[p.id]) for p in provinces], {r.id: r for r in rows}, activity
    )


# --- the training coverage --------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageTable:
    rows: list[tuple[Province, list[figures.Gap], int]]  #: province, gaps, number of people
    trainings: dict[str, str]  #: slug -> the activity's name
    rates: figures.Rates
    teams: list[tuple[Province, str, figures.Rate]]


def current_people(session: Session, rollout: Rollout, day: date, province_ids) -> list[Person]:
    members = session.scalars(
        select(TeamMember).where(
            TeamMember.rollout_id == rollout.id,
            TeamMember.province_id.in_(province_ids),
            TeamMember.valid_from <= day,
            or_(TeamMember.valid_until.is_(None), TeamMember.valid_until >= day),
        )
    )
    people = {}
    for m in members:
        identity = person_identity(m.province_id, m.name, m.email)
        people[identity] = Person(identity, m.name, m.province_id, m.team.value)
    return list(people.values())


def attendance_rows(session: Session, rollout: Rollout, meeting_ids) -> list[AttendanceRow]:
    """The attendance of these sessions, with the team each member was in."""
    rows = session.execute(
        select(Attendance, TeamMember.team)
        .outerjoin(TeamMember, TeamMember.id == Attendance.team_member_id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.rollout_id == rollout.id, Attendance.meeting_id.in_(meeting_ids))
    )
    return [
        AttendanceRow(
            a.meeting_id,
            person_identity(a.province_id, a.name, a.email)
            if a.team_member_id is not None or a.province_id is not None
            else a.person_key,
            a.name,
            a.status.value,
            a.province_id,
            team.value if team is not None else None,
        )
        for a, team in rows
    ]


def coverage_table(
    session: Session, rollout: Rollout, today: date, only: int | None = None
) -> CoverageTable:
    """Per province who still misses which framework training, and the attendance rates of
    the round's held sessions, in six queries whatever the number of provinces."""
    provinces = taking_part(session, rollout, only)
    ids = [p.id for p in provinces]
    people = current_people(session, rollout, today, ids)
    meetings = session.execute(
        select(Meeting, Activity.slug, Activity.name)
        .join(Activity, Activity.id == Meeting.activity_id)
        .where(Meeting.rollout_id == rollout.id)
    ).all()
    rows = [_row(m, slug) for m, slug, _ in meetings]
    trainings = dict(
        session.execute(
            select(Activity.slug, Activity.name).where(
                and_(Activity.rollout_id == rollout.id, Activity.slug.in_(figures.FRAMEWORK_SLUGS))
            )
        ).all()
    )
    slugs = [s for s in figures.FRAMEWORK_SLUGS if s in trainings]
    held = [r.id for r in rows if r.held]
    attendance = attendance_rows(session, rollout, held)
    gaps = figures.coverage(people, rows, attendance, slugs)
    counts: dict[int, int] = {}
    for person in people:
        counts[person.province_id] = counts.get(person.province_id, 0) + 1
    rates = figures.attendance_rates(rows, attendance)
    teams = [
        (p, team, rate)
        for p in provinces
        for (province_id, team), rate in sorted(rates.by_team.items())
        if province_id == p.id
    ]
    return CoverageTable(
        [(p, gaps.get(p.id, []), counts.get(p.id, 0)) for p in provinces],
        {s: trainings[s] for s in slugs},
        rates,
        teams,
    )

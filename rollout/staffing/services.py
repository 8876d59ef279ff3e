"""Team services: add a member, change hours from a date, a member leaves (the information
session is a session now: rollout/sessions/info.py). Every change is kept; the plan's
milestones follow. Services flush."""

from datetime import date, timedelta

from sqlalchemy.orm import Session

from rollout.changes import Act, Conflict, Refused
from rollout.formatting import date_nl
from rollout.plan.models import STAFFING_ROLE_LABELS as STAFFING_ROLE_LABELS_NL
from rollout.plan.models import StaffingRole
from rollout.plan.progress import date_milestone
from rollout.plan.queries import rollout_end
from rollout.staffing.models import TeamChange, TeamKind, TeamMember
from rollout.staffing.queries import TeamRef, members_of, rules_for
from rollout.staffing.rules import (
    TEAM_COMPOSED,
    composed_on,
    hours_problem,
    hours_text,
    overbooked,
    start_problem,
)


class TeamError(Refused):
    pass


class ConflictError(TeamError, Conflict):
    pass


#: Someone else changed the team member since the form was opened.
CHANGED = "Dit teamlid werd intussen gewijzigd. Bekijk de gegevens opnieuw."


NO_PARTNER_YET = (
    "Deze provincie heeft nog geen gepubliceerde partnerorganisatie: haar team kan pas "
    "samengesteld worden als de beslissing gepubliceerd is."
)


NOT_TAKING_PART = "Deze provincie neemt niet deel aan deze ronde: ze heeft er geen P&P-teams."


def _same_person(a: TeamMember, name: str, email: str) -> bool:
    if email and a.email:
        return a.email.lower() == email.lower()
    return a.name.strip().lower() == name.strip().lower()


def _check(session: Session, ref: TeamRef, candidate: TeamMember, ignore: TeamMember | None = None):
    problem = hours_problem(candidate.hours)
    if problem:
        raise TeamError(problem, "hours")
    if candidate.valid_until is not None and candidate.valid_until < candidate.valid_from:
        raise TeamError("De einddatum ligt voor de begindatum.", "valid_until")
    others = [
        m
        for m in members_of(session, ref)
        if m is not ignore and _same_person(m, candidate.name, candidate.email)
    ]
    worst = overbooked(others, candidate)
    if worst is not None:
        raise TeamError(
            f"{candidate.name} zou dan {hours_text(worst)} uur per week werken over alle rollen "
            "samen; hoogstens 40.",
            "hours",
        )


def _check_open(ref: TeamRef) -> None:
    if not ref.takes_part:
        raise TeamError(NOT_TAKING_PART, "name")
    if not ref.is_open:
        raise TeamError(NO_PARTNER_YET, "name")


def _check_start(ref: TeamRef, day: date, field: str) -> None:
    problem = start_problem(day, ref.rollout.start_date, ref.earliest_start)
    if problem:
        raise TeamError(problem, field)


def _log(session: Session, ref: TeamRef, member: TeamMember | None, text: str, act: Act) -> None:
    session.add(
        TeamChange(
            rollout_id=ref.rollout.id,
            province_id=ref.province.id,
            team=ref.kind,
            member_id=member.id if member else None,
            at=act.now,
            by_id=act.user_id,
            text=text,
        )
    )


def sync_milestone(session: Session, ref: TeamRef, act: Act) -> date | None:
    """Date 'P&P-team van de organisatie samengesteld' on the day the team was composed (never
    before the partner's decision)."""
    if ref.kind is not TeamKind.ORGANISATION:
        return None
    rollout = ref.rollout
    # never before the round, nor before the partner whose team it is was decided
    first = composed_on(
        members_of(session, ref),
        rules_for(session, rollout, ref.province),
        max(rollout.start_date, ref.decided_on or rollout.start_date),
        rollout.last_day or rollout_end(rollout),
        act.today,
    )
    date_milestone(session, rollout, ref.province, TEAM_COMPOSED, first, act)
    return first


def add_member(
    session: Session,
    ref: TeamRef,
    *,
    name: str,
    email: str,
    role: StaffingRole,
    hours: float,
    valid_from: date,
    valid_until: date | None,
    act: Act,
) -> TeamMember:
    _check_open(ref)
    _check_start(ref, valid_from, "valid_from")
    member = TeamMember(
        rollout_id=ref.rollout.id,
        province_id=ref.province.id,
        team=ref.kind,
        name=name.strip(),
        email=email.strip().lower(),
        role=role,
        hours=hours,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    _check(session, ref, member)
    session.add(member)
    session.flush()
    _log(
        session,
        ref,
        member,
        f"{member.name} toegevoegd als {STAFFING_ROLE_LABELS_NL[role]}, "
        f"{hours_text(hours)} uur per week vanaf {date_nl(valid_from)}.",
        act,
    )
    sync_milestone(session, ref, act)
    session.flush()
    return member


def change_hours(
    session: Session,
    ref: TeamRef,
    member: TeamMember,
    hours: float,
    from_day: date,
    *,
    act: Act,
    expected_version: int,
) -> TeamMember:
    """New hours from a day on: the old period ends the day before, so the history stays."""
    _check_open(ref)
    if member.version != expected_version:
        raise ConflictError(CHANGED)
    _check_start(ref, from_day, "from_day")
    if from_day < member.valid_from or (member.valid_until and from_day > member.valid_until):
        raise TeamError("Kies een datum binnen de periode van dit teamlid.", "from_day")
    old_hours = member.hours
    if from_day == member.valid_from:
        candidate = TeamMember(
            name=member.name,
            email=member.email,
            role=member.role,
            hours=hours,
            valid_from=member.valid_from,
            valid_until=member.valid_until,
        )
        _check(session, ref, candidate, ignore=member)
        member.hours = hours
        current = member
    else:
        current = TeamMember(
            rollout_id=member.rollout_id,
            province_id=member.province_id,
            team=member.team,
            name=member.name,
            email=member.email,
            role=member.role,
            hours=hours,
            valid_from=from_day,
            valid_until=member.valid_until,
        )
        _check(session, ref, current, ignore=member)
        member.valid_until = from_day - timedelta(days=1)
        session.add(current)
    session.flush()
    _log(
        session,
        ref,
        current,
        f"{member.name} ({STAFFING_ROLE_LABELS_NL[member.role]}): {hours_text(old_hours)} → "
        f"{hours_text(hours)} uur per week vanaf {date_nl(from_day)}.",
        act,
    )
    sync_milestone(session, ref, act)
    session.flush()
    return current


def leave(
    session: Session,
    ref: TeamRef,
    member: TeamMember,
    last_day: date,
    *,
    act: Act,
    expected_version: int,
):
    _check_open(ref)
    if member.version != expected_version:
        raise ConflictError(CHANGED)
    if last_day < member.valid_from:
        raise TeamError("De laatste dag ligt voor de begindatum van dit teamlid.", "last_day")
    if member.valid_until is not None and last_day > member.valid_until:
        raise TeamError(
            f"Deze periode eindigt al op {date_nl(member.valid_until)}; kies een dag daarvoor.",
            "last_day",
        )
    member.valid_until = last_day
    for later in members_of(session, ref):
        if later is member or later.role is not member.role:
            continue
        if (
            not _same_person(later, member.name, member.email)
            or later.valid_from <= member.valid_from
        ):
            continue
        if later.valid_from > last_day:
            session.delete(later)  # planned hours that will not happen any more
        elif later.valid_until is None or later.valid_until > last_day:
            later.valid_until = last_day
    session.flush()
    _log(
        session,
        ref,
        member,
        f"{member.name} vertrekt; laatste dag {date_nl(last_day)}.",
        act,
    )
    sync_milestone(session, ref, act)
    session.flush()

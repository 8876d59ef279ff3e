"""Team services: add a member, change hours from a date, a member leaves, the information
session. Every change is kept; the plan's milestones follow. Services flush."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.applications.models import Application
from rollout.changes import Act, Conflict, Refused
from rollout.formatting import date_nl
from rollout.plan.models import STAFFING_ROLE_LABELS as STAFFING_ROLE_LABELS_NL
from rollout.plan.models import (
    Activity,
    ActivityProgress,
    Participation,
    Province,
    Rollout,
    StaffingRole,
)
from rollout.plan.progress import date_milestone, effective_window
from rollout.plan.rules import happened_on_problem
from rollout.plan.services import rollout_end
from rollout.prematching.models import Decision, DecisionKind
from rollout.staffing.models import InfoSession, TeamChange, TeamKind, TeamMember
from rollout.staffing.rules import (
    Rule,
    anchored_from,
    before_decision_problem,
    first_day_met,
    hours_problem,
    hours_text,
    overbooked,
    start_problem,
)
from rollout.staffing.services import rules_for

#: The plan's milestone the organisation's team reaches once it meets the rule.
TEAM_COMPOSED = "team-samengesteld"
#: The plan's activity of the information session for all staff (dated by its record here).
INFO_SESSION = "infosessie-organisatie"
#: Milestones of a province dated by a step recorded here, not by hand on the activity's page:
#: what that page says instead of its "done" form.
STEP_MILESTONES = {
    TEAM_COMPOSED: (
        "Deze mijlpaal volgt het P&P-team: ze krijgt de eerste dag waarop het team van de "
        "organisatie aan de urenregel voldoet. Werk het team bij op de teampagina."
    ),
    INFO_SESSION: "Registreer de infosessie hierboven, met het aantal aanwezigen.",
}


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


@dataclass(frozen=True)
class TeamRef:
    """One team: the partner organisation's or the foster-care service's, in one province and
    rollout. What the policy is asked about."""

    rollout: Rollout
    province: Province
    kind: TeamKind
    #: The province's partner organisation (for the organisation's team), once decided.
    organisation_id: int | None
    #: The day the published partner decision was taken: the organisation's team starts then.
    decided_on: date | None = None
    #: Whether the province takes part in the round (Participation): without, it has no teams.
    takes_part: bool = True

    @property
    def province_id(self) -> int:
        return self.province.id

    @property
    def is_open(self) -> bool:
        """Members can be added in a province that takes part: to the service's team always,
        to the organisation's once the province's partner is published (before that nobody
        knows whose team it is)."""
        if not self.takes_part:
            return False
        return self.kind is TeamKind.SERVICE or self.organisation_id is not None

    @property
    def earliest_start(self) -> date | None:
        """The first day a member of this team can start (None: not known here)."""
        return self.decided_on if self.kind is TeamKind.ORGANISATION else None


def _published_partners(session: Session, rollout: Rollout, province_ids: list[int]):
    """Per province: the published partner's organisation id and the day it was decided."""
    rows = session.execute(
        select(Decision.province_id, Application.organisation_id, Decision.decided_on)
        .join(Application, Application.id == Decision.application_id)
        .where(
            Decision.rollout_id == rollout.id,
            Decision.province_id.in_(province_ids),
            Decision.kind == DecisionKind.PARTNER,
            Decision.published_at.is_not(None),
        )
    ).all()
    return {province_id: (organisation_id, day) for province_id, organisation_id, day in rows}


def _taking_part(session: Session, rollout: Rollout, province_ids: list[int]) -> set[int]:
    """The provinces that take part in the round (without a participation row: none, as on
    the plan's pages)."""
    return set(
        session.scalars(
            select(Participation.province_id).where(
                Participation.rollout_id == rollout.id,
                Participation.province_id.in_(province_ids),
                Participation.takes_part.is_(True),
            )
        )
    )


def team_ref(session: Session, rollout: Rollout, province: Province, kind: TeamKind) -> TeamRef:
    # the organisation takes up its team once the decision is published
    return team_refs(session, rollout, [province])[(province.id, kind)]


#: The plan's activity in which each team is composed (its window: from when, until when).
COMPOSITION_ACTIVITIES = {
    TeamKind.ORGANISATION: "team-organisatie",
    TeamKind.SERVICE: "team-pleegzorgdienst",
}


def planned_windows(
    session: Session, rollout: Rollout, province: Province, slugs
) -> dict[str, tuple[date, date]]:
    """The window of each of the plan's activities `slugs` in the province: as moved for the
    province where a lead moved it."""
    activities = session.scalars(
        select(Activity).where(Activity.rollout_id == rollout.id, Activity.slug.in_(list(slugs)))
    ).all()
    progress = {
        p.activity_id: p
        for p in session.scalars(
            select(ActivityProgress).where(
                ActivityProgress.activity_id.in_([a.id for a in activities]),
                ActivityProgress.province_id == province.id,
            )
        )
    }
    return {a.slug: effective_window(a, progress.get(a.id)) for a in activities}


def composition_windows(
    session: Session, rollout: Rollout, province: Province
) -> dict[TeamKind, tuple[date, date]]:
    """When each team is to be composed in the province (see planned_windows)."""
    windows = planned_windows(session, rollout, province, COMPOSITION_ACTIVITIES.values())
    return {kind: windows[slug] for kind, slug in COMPOSITION_ACTIVITIES.items() if slug in windows}


def participation_of(session: Session, rollout: Rollout, province: Province):
    """The province's participation in the round (None: no row, it takes no part)."""
    return session.scalar(
        select(Participation).where(
            Participation.rollout_id == rollout.id, Participation.province_id == province.id
        )
    )


def partner_round(session: Session, organisation_id: int) -> Rollout | None:
    """The latest round in which the organisation is its province's published partner: the
    round of its P&P team."""
    return session.scalar(
        select(Rollout)
        .join(Decision, Decision.rollout_id == Rollout.id)
        .join(Application, Application.id == Decision.application_id)
        .where(
            Application.organisation_id == organisation_id,
            Decision.kind == DecisionKind.PARTNER,
            Decision.published_at.is_not(None),
        )
        .order_by(Rollout.start_date.desc())
        .limit(1)
    )


def team_refs(
    session: Session, rollout: Rollout, provinces: list[Province]
) -> dict[tuple[int, TeamKind], TeamRef]:
    """Both teams of every province, in two queries (see team_ref)."""
    ids = [p.id for p in provinces]
    partners = _published_partners(session, rollout, ids)
    taking_part = _taking_part(session, rollout, ids)
    return {
        (p.id, kind): TeamRef(
            rollout, p, kind, *partners.get(p.id, (None, None)), takes_part=p.id in taking_part
        )
        for p in provinces
        for kind in TeamKind
    }


def members_by_team(session: Session, rollout: Rollout) -> dict[tuple[int, TeamKind], list]:
    """Every team's members in the round, by (province id, team), in one query."""
    teams: dict[tuple[int, TeamKind], list[TeamMember]] = {}
    for member in session.scalars(
        select(TeamMember)
        .where(TeamMember.rollout_id == rollout.id)
        .order_by(TeamMember.name, TeamMember.valid_from)
    ):
        teams.setdefault((member.province_id, member.team), []).append(member)
    return teams


def members_of(session: Session, ref: TeamRef) -> list[TeamMember]:
    return list(
        session.scalars(
            select(TeamMember)
            .where(
                TeamMember.rollout_id == ref.rollout.id,
                TeamMember.province_id == ref.province.id,
                TeamMember.team == ref.kind,
            )
            .order_by(TeamMember.name, TeamMember.valid_from)
        )
    )


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


def composed_on(members, rules: list[Rule], first_day: date, last_day: date, today: date):
    """The day the organisation's team was composed: the first day, within the round and never
    after today, on which it meets the rule, counting the rules that apply from the composition
    itself as if already in force (they are what composing the team means)."""
    until = min(last_day, today)
    rules = anchored_from(rules, TEAM_COMPOSED, first_day)
    return first_day_met(members, rules, first_day, until) if first_day <= until else None


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


def record_info_session(
    session: Session,
    rollout: Rollout,
    province: Province,
    held_on: date,
    attendees: int,
    note: str,
    act: Act,
) -> InfoSession:
    """The information session for all staff of the organisation, with how many attended, on
    the day it was held (never later than today, within the round, not before the partner was
    decided). The one record of it: its plan activity is dated from here, whichever page it was
    recorded on."""
    decided_on = team_ref(session, rollout, province, TeamKind.ORGANISATION).decided_on
    problem = happened_on_problem(
        held_on,
        act.today,
        rollout.start_date,
        rollout.last_day or rollout_end(rollout),
    ) or before_decision_problem(held_on, decided_on, "de infosessie")
    if problem:
        raise TeamError(problem, "held_on")
    if attendees < 1:
        raise TeamError("Geef het aantal aanwezigen (minstens 1).", "attendees")
    info = info_session_of(session, rollout, province)
    if info is None:
        info = InfoSession(
            rollout_id=rollout.id, province_id=province.id, held_on=held_on, attendees=attendees
        )
        session.add(info)
    info.held_on, info.attendees, info.note = held_on, attendees, note.strip()
    session.flush()
    date_milestone(session, rollout, province, INFO_SESSION, held_on, act)
    return info


def info_session_of(session: Session, rollout: Rollout, province: Province) -> InfoSession | None:
    return session.scalar(
        select(InfoSession).where(
            InfoSession.rollout_id == rollout.id, InfoSession.province_id == province.id
        )
    )

"""What the staffing area answers: the rules of a rollout as plain Rule values with their
dates resolved, the teams of a province and their members, and the day a date
field proposes."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rollout.plan.models import (
    Activity,
    ActivityProgress,
    Participation,
    Province,
    Rollout,
    Scope,
    StaffingRule,
)
from rollout.plan.progress import effective_window
from rollout.plan.queries import rollout_end
from rollout.prematching.queries import published_partners
from rollout.prematching.rules import proposed_day
from rollout.staffing.models import TeamKind, TeamMember
from rollout.staffing.rules import Rule
from rollout.timeutil import brussels_today


def _rule(row: StaffingRule, rollout: Rollout, progress: ActivityProgress | None) -> Rule:
    activity = row.applies_from_activity
    if activity is None:
        return Rule(
            row.role, row.min_hours, row.applies_from_date or rollout.start_date, row.explanation
        )
    if progress is not None and progress.actual_end is not None:
        applies_from = progress.actual_end
    else:
        applies_from = effective_window(activity, progress)[0]
    return Rule(row.role, row.min_hours, applies_from, row.explanation, activity.slug)


def rules_by_province(
    session: Session, rollout: Rollout, provinces: Sequence[Province]
) -> dict[int, list[Rule]]:
    """The rules of every province, in a fixed number of queries. A rule that applies from a
    milestone takes the milestone's date: the day it was reached in the province, else its
    planned date moved for that province, else the plan's."""
    rows = list(
        session.scalars(
            select(StaffingRule)
            .where(StaffingRule.rollout_id == rollout.id)
            .options(selectinload(StaffingRule.applies_from_activity))
            .order_by(StaffingRule.id)
        )
    )
    anchors = {r.applies_from_activity_id for r in rows if r.applies_from_activity_id}
    progress = {}
    if anchors and provinces:
        progress = {
            (p.activity_id, p.province_id): p
            for p in session.scalars(
                select(ActivityProgress).where(ActivityProgress.activity_id.in_(anchors))
            )
        }

    def key(row: StaffingRule, province: Province):
        programme = row.applies_from_activity.scope is Scope.PROGRAMME
        return row.applies_from_activity_id, None if programme else province.id

    return {
        province.id: [
            _rule(
                row,
                rollout,
                progress.get(key(row, province)) if row.applies_from_activity else None,
            )
            for row in rows
        ]
        for province in provinces
    }


def rules_for(session: Session, rollout: Rollout, province: Province | None = None) -> list[Rule]:
    """The rules of one province (see rules_by_province); without a province, the plan's
    dates."""
    if province is not None:
        return rules_by_province(session, rollout, [province])[province.id]
    rows = session.scalars(
        select(StaffingRule)
        .where(StaffingRule.rollout_id == rollout.id)
        .options(selectinload(StaffingRule.applies_from_activity))
        .order_by(StaffingRule.id)
    )
    return [_rule(row, rollout, None) for row in rows]


# --- teams ------------------------------------------------------------------------------------


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


def team_refs(
    session: Session, rollout: Rollout, provinces: list[Province]
) -> dict[tuple[int, TeamKind], TeamRef]:
    """Both teams of every province, in two queries (see team_ref)."""
    ids = [p.id for p in provinces]
    partners = published_partners(session, rollout, ids)
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


def proposed(rollout: Rollout, planned: date | None, decided_on: date | None = None) -> date:
    """The day a date field proposes, as prematching's do (see `proposed_day`): today while
    the round runs; once it ended, the activity's planned day (never before the partner was
    decided), within the round."""
    if planned is not None and decided_on is not None:
        planned = max(planned, decided_on)
    end = rollout.last_day or rollout_end(rollout)
    return proposed_day(brussels_today(), rollout.start_date, end, planned=planned)

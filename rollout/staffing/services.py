"""The staffing rules of a rollout as plain Rule values, with their dates resolved."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rollout.plan.models import ActivityProgress, Province, Rollout, Scope, StaffingRule
from rollout.plan.progress import effective_window
from rollout.staffing.rules import Rule


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

"""The staffing rules of a rollout as plain Rule values, with their dates resolved."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rollout.plan.models import Province, Rollout, StaffingRule
from rollout.plan.progress import effective_window, find_progress
from rollout.staffing.rules import Rule


def rules_for(session: Session, rollout: Rollout, province: Province | None = None) -> list[Rule]:
    """A rule that applies from a milestone takes the milestone's date: for a province, the day
    it was reached there, else its planned date moved for that province, else the plan's."""
    rows = session.scalars(
        select(StaffingRule)
        .where(StaffingRule.rollout_id == rollout.id)
        .options(selectinload(StaffingRule.applies_from_activity))
    )
    rules = []
    for row in rows:
        applies_from = row.applies_from_date or rollout.start_date
        anchor = ""
        if row.applies_from_activity is not None:
            activity = row.applies_from_activity
            anchor = activity.slug
            progress = find_progress(session, activity, province) if province else None
            if progress is not None and progress.actual_end is not None:
                applies_from = progress.actual_end
            else:
                applies_from = effective_window(activity, progress)[0]
        rules.append(Rule(row.role, row.min_hours, applies_from, row.explanation, anchor))
    return rules

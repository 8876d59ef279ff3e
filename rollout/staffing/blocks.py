"""The information session block: one record, shown and edited the same on the team page and
on its activity's page (see rollout/home)."""

from flask import flash
from flask_login import current_user
from sqlalchemy import select

from rollout.extensions import db
from rollout.plan.models import Activity
from rollout.policy import Action, can
from rollout.staffing import queries, services
from rollout.staffing.forms import InfoSessionForm
from rollout.staffing.models import TeamKind
from rollout.staffing.rules import INFO_SESSION
from rollout.web import current_act, require, run_change


def info_session_context(rollout, province, org_ref=None, form=None) -> dict:
    """What the information session block shows, wherever it is shown."""
    org_ref = org_ref or queries.team_ref(db.session, rollout, province, TeamKind.ORGANISATION)
    info = queries.info_session_of(db.session, rollout, province)
    if form is None:
        planned = queries.planned_windows(db.session, rollout, province, [INFO_SESSION])
        window = planned.get(INFO_SESSION)
        data = {
            "held_on": queries.proposed(rollout, window[1] if window else None, org_ref.decided_on)
        }
        if info:
            data = {"held_on": info.held_on, "attendees": info.attendees, "note": info.note}
        form = InfoSessionForm(prefix="info", data=data)
    activity_id = db.session.scalar(
        select(Activity.id).where(Activity.rollout_id == rollout.id, Activity.slug == INFO_SESSION)
    )
    return {
        "info": info,
        "info_form": form,
        "info_activity_id": activity_id,
        "may_record_info": can(current_user, Action.EDIT_TEAM, org_ref),
    }


def save_info_session(rollout, province, form: InfoSessionForm) -> bool:
    """Record the information session from either page; False with the errors on the form."""
    require(
        Action.EDIT_TEAM, queries.team_ref(db.session, rollout, province, TeamKind.ORGANISATION)
    )
    if not form.validate():
        return False
    saved = run_change(
        lambda: services.record_info_session(
            db.session,
            rollout,
            province,
            form.held_on.data,
            form.attendees.data,
            form.note.data or "",
            current_act(),
        ),
        form,
        at="held_on",
    )
    if saved:
        flash("Infosessie bewaard.", "success")
    return saved.saved

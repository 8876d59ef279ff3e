"""The plan page and the province pages."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from rollout.auth.models import Organisation
from rollout.extensions import db
from rollout.plan import services
from rollout.plan.models import STAFFING_ROLE_LABELS, Province, Requirement, StaffingRule
from rollout.plan.rules import STATUS_LABELS
from rollout.policy import Action, can
from rollout.timeutil import brussels_today
from rollout.web import require

bp = Blueprint("plan", __name__)


def _rollout_or_404(today):
    rollout = services.choose_rollout(db.session, request.args.get("ronde"), today)
    if rollout is None:
        abort(404)
    return rollout


@bp.get("/plan")
@login_required
def plan():
    require(Action.VIEW_PLAN)
    today = brussels_today()
    rollout = _rollout_or_404(today)
    province = None
    if current_user.home_province_id is not None:
        province = db.session.get(Province, current_user.home_province_id)
    view = services.plan_view(db.session, rollout, today, province)
    requirements = db.session.scalars(
        select(Requirement)
        .where(Requirement.rollout_id == rollout.id)
        .order_by(Requirement.sort_order)
    ).all()
    rules = db.session.scalars(
        select(StaffingRule)
        .where(StaffingRule.rollout_id == rollout.id)
        .order_by(StaffingRule.slug)
    ).all()
    return render_template(
        "plan/plan.html",
        view=view,
        rollouts=services.list_rollouts(db.session),
        requirements=requirements,
        rules=rules,
        participating=services.participating_provinces(db.session, rollout),
        today=today,
        status_labels=STATUS_LABELS,
        role_labels=STAFFING_ROLE_LABELS,
    )


@bp.get("/provinces/<slug>")
@login_required
def province(slug: str):
    province = db.session.scalar(select(Province).where(Province.slug == slug))
    if province is None:
        abort(404)
    require(Action.VIEW_PROVINCE, province)
    today = brussels_today()
    rollout = _rollout_or_404(today)
    organisations = [
        o
        for o in db.session.scalars(
            select(Organisation)
            .where(Organisation.province_id == province.id)
            .order_by(Organisation.name)
        )
        if can(current_user, Action.VIEW_ORGANISATION, o)
    ]
    return render_template(
        "plan/province.html",
        province=province,
        view=services.plan_view(db.session, rollout, today, province),
        participation=services.participation(db.session, rollout, province),
        rollouts=services.list_rollouts(db.session),
        organisations=organisations,
        today=today,
        status_labels=STATUS_LABELS,
    )

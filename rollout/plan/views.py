"""The plan of a round, closing and reopening it, and the overview of the provinces."""

from flask import (
    abort,
    current_app,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from rollout.caching import cached, cached_json, round_key, version_tag
from rollout.extensions import db
from rollout.plan import queries, services
from rollout.plan.forms import RoundClosingForm
from rollout.plan.loaders import COMMON, plan_data
from rollout.plan.models import (
    STAFFING_ROLE_LABELS,
    Province,
    Requirement,
    Rollout,
    StaffingRule,
)
from rollout.policy import Action, can
from rollout.web import chosen_round, current_act, require, shared_page


@login_required
def plan():
    require(Action.VIEW_PLAN)
    province = None
    if current_user.home_province_id is not None:
        province = db.session.get(Province, current_user.home_province_id)
    data = plan_data(province=province)
    if province is not None:
        phases = queries.province_states(data, province)
    else:
        phases = [(phase, queries.programme_rows(data, phase)) for phase in data.phases]
    rollout_id = data.rollout.id
    return render_template(
        "plan/plan.html",
        data=data,
        province=province,
        phases=phases,
        requirements=db.session.scalars(
            select(Requirement)
            .where(Requirement.rollout_id == rollout_id)
            .order_by(Requirement.sort_order)
        ).all(),
        rules=db.session.scalars(
            select(StaffingRule)
            .where(StaffingRule.rollout_id == rollout_id)
            .order_by(StaffingRule.slug)
        ).all(),
        role_labels=STAFFING_ROLE_LABELS,
        closing_form=RoundClosingForm(),
        **COMMON,
    )


def _rollout_or_404(slug: str) -> Rollout:
    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == slug))
    if rollout is None:
        abort(404)
    return rollout


@login_required
def close_round(slug: str):
    rollout = _rollout_or_404(slug)
    require(Action.MANAGE_PLAN)
    if RoundClosingForm().validate_on_submit() and services.close_round(rollout, current_act()):
        db.session.commit()
        flash(
            f"{rollout.name} is afgesloten: organisaties en pleegzorgdiensten kunnen er niets "
            "meer in wijzigen.",
            "success",
        )
    return redirect(url_for("plan.plan", ronde=rollout.slug))


@login_required
def reopen_round(slug: str):
    rollout = _rollout_or_404(slug)
    require(Action.MANAGE_PLAN)
    if RoundClosingForm().validate_on_submit() and services.reopen_round(rollout):
        db.session.commit()
        flash(f"{rollout.name} is opnieuw geopend.", "success")
    return redirect(url_for("plan.plan", ronde=rollout.slug))


@login_required
def overview():
    if not can(current_user, Action.VIEW_ALL_PROVINCES):
        # Organisations and services follow their own province only.
        return redirect(url_for("main.home"))
    shown = chosen_round()
    return shared_page(
        "overview",
        "plan/overview.html",
        lambda: {"body": cached(round_key(shown, "all"), lambda: _overview_body(shown))},
    )


#: The overview's figure, cached apart from its body: the page carries none of its JSON.
OVERVIEW_FIGURE = "all:figure"


def _overview_body(shown: queries.RoundView) -> str:
    """The overview below its heading, the same for every lead: made on a cache miss only."""
    data = queries.load_plan(db.session, shown.rollout, shown)
    figures = [queries.province_figures(data, p) for p in data.provinces]
    body = get_template_attribute("plan/_overview_body.html", "overview_body")
    tag = version_tag(round_key(shown, OVERVIEW_FIGURE))
    return body(data, figures, url_for("plan.overview_figure", ronde=data.rollout.slug, v=tag))


@login_required
def overview_figure():
    """The overview's figure as JSON, for whoever may see the overview."""
    require(Action.VIEW_ALL_PROVINCES)
    shown = chosen_round()
    return cached_json(round_key(shown, OVERVIEW_FIGURE), lambda: _overview_figure(shown))


def _overview_figure(shown: queries.RoundView) -> str:
    data = queries.load_plan(db.session, shown.rollout, shown)
    figures = [queries.province_figures(data, p) for p in data.provinces]
    return current_app.json.dumps(queries.overview_timeline(data, figures))

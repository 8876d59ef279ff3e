"""The plan, the provinces (one page each and an overview), their exports, and the page of one
activity where leads record progress."""

import functools
import zlib

from flask import (
    Blueprint,
    abort,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from rollout.auth.models import Organisation, User
from rollout.caching import cached, round_key
from rollout.extensions import db
from rollout.plan import progress as recording
from rollout.plan import services
from rollout.plan.charts import STATUS_COLOURS
from rollout.plan.exports import plan_calendar, plan_csv
from rollout.plan.forms import DoneForm, MoveForm, RoundClosingForm
from rollout.plan.models import (
    STAFFING_ROLE_LABELS,
    Activity,
    Province,
    Requirement,
    Rollout,
    Scope,
    StaffingRule,
)
from rollout.plan.rules import STATUS_LABELS
from rollout.policy import Action, can
from rollout.prematching.services import partner_application
from rollout.staffing import teams
from rollout.staffing import views as staffing_views
from rollout.staffing.forms import InfoSessionForm
from rollout.timeutil import brussels_today, utcnow
from rollout.web import chosen_round, csrf_rerender, province_or_404, require

bp = Blueprint("plan", __name__)

COMMON = {"status_labels": STATUS_LABELS, "status_colours": STATUS_COLOURS}


def _plan_data(
    rollout: Rollout | None = None, province: Province | None = None
) -> services.PlanData:
    """The round this page shows (see `chosen_round`), loaded once as it stands on the day its
    pages show; with a province, only its own progress."""
    shown = chosen_round(rollout)
    return services.load_plan(db.session, shown.rollout, shown, province)


@bp.get("/plan")
@login_required
def plan():
    require(Action.VIEW_PLAN)
    province = None
    if current_user.home_province_id is not None:
        province = db.session.get(Province, current_user.home_province_id)
    data = _plan_data(province=province)
    if province is not None:
        phases = services.province_states(data, province)
    else:
        phases = [(phase, services.programme_rows(data, phase)) for phase in data.phases]
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


@bp.post("/rondes/<slug>/afsluiten")
@login_required
def close_round(slug: str):
    rollout = _rollout_or_404(slug)
    require(Action.MANAGE_PLAN)
    if RoundClosingForm().validate_on_submit() and services.close_round(
        rollout, current_user.id, utcnow()
    ):
        db.session.commit()
        flash(
            f"{rollout.name} is afgesloten: organisaties en pleegzorgdiensten kunnen er niets "
            "meer in wijzigen.",
            "success",
        )
    return redirect(url_for("plan.plan", ronde=rollout.slug))


@bp.post("/rondes/<slug>/heropenen")
@login_required
def reopen_round(slug: str):
    rollout = _rollout_or_404(slug)
    require(Action.MANAGE_PLAN)
    if RoundClosingForm().validate_on_submit() and services.reopen_round(rollout):
        db.session.commit()
        flash(f"{rollout.name} is opnieuw geopend.", "success")
    return redirect(url_for("plan.plan", ronde=rollout.slug))


@bp.get("/provinces")
@login_required
def overview():
    if not can(current_user, Action.VIEW_ALL_PROVINCES):
        # Organisations and services follow their own province only.
        return redirect(url_for("main.home"))
    shown = chosen_round()
    body = cached(round_key(shown, "all"), lambda: _overview_body(shown))
    return render_template("plan/overview.html", body=body)


def _overview_body(shown: services.RoundView) -> str:
    """The overview below its heading, the same for every lead: made on a cache miss only."""
    data = services.load_plan(db.session, shown.rollout, shown)
    figures = [services.province_figures(data, p) for p in data.provinces]
    body = get_template_attribute("plan/_overview_body.html", "overview_body")
    return body(data, figures, services.overview_timeline(data, figures))


@bp.get("/provinces/<slug>")
@login_required
def province(slug: str):
    province = province_or_404(slug)
    require(Action.VIEW_PROVINCE, province)
    shown = chosen_round()
    organisations = [
        o
        for o in db.session.scalars(
            select(Organisation)
            .where(Organisation.province_id == province.id)
            .order_by(Organisation.name)
        )
        if can(current_user, Action.VIEW_ORGANISATION, o)
    ]
    # the province was read before the data version: what the parts show of it is in the key
    # (versioning.py), the rest is read after it
    part = f"{province.id}-{province.slug}-{zlib.crc32(province.name.encode()):08x}"
    parts = cached(round_key(shown, part), lambda: _province_parts(shown, province))
    # those who may not see an unpublished decision see its partner once it is published
    partner = parts["partner" if can(current_user, Action.MANAGE_MATCHING) else "published_partner"]
    return render_template(
        "plan/province.html",
        rollout=shown.rollout,
        province=province,
        parts=parts,
        partner=partner,
        organisations=organisations,
        calendar_url=url_for(
            "plan.calendar_feed",
            token=current_user.calendar_token,
            slug=province.slug,
            _external=True,
        ),
    )


def _province_parts(shown: services.RoundView, province: Province) -> dict:
    """What a province's page shows alike to everyone who may see it (its participation, its
    partner, decided and published, where the round stands, the timeline and its table): made
    on a cache miss only."""
    data = services.load_plan(db.session, shown.rollout, shown, province)
    participation = data.participation(province)
    macro = functools.partial(get_template_attribute, "plan/_macros.html")
    partner = partner_application(db.session, shown.rollout, province)
    published = partner_application(db.session, shown.rollout, province, published_only=True)
    return {
        "partner": partner.organisation.name if partner else None,
        "published_partner": published.organisation.name if published else None,
        "takes_part": bool(participation and participation.takes_part),
        "note": participation.note if participation else "",
        "position": macro("round_position")(data),
        "figure": macro("figure_div")(
            "tijdlijn",
            services.province_timeline(data, province),
            f"pp-{data.rollout.slug}-{province.slug}",
            f"Tijdlijn van {province.name}; dezelfde gegevens staan in de tabel hieronder.",
        ),
        "table": macro("province_table")(
            services.province_states(data, province), data, province, STATUS_LABELS
        ),
    }


def _export_name(data: services.PlanData, province: Province, extension: str) -> str:
    return f"pp-{data.rollout.slug}-{province.slug}.{extension}"


@bp.get("/provinces/<slug>/plan.csv")
@login_required
def province_csv(slug: str):
    province = province_or_404(slug)
    require(Action.VIEW_PROVINCE, province)
    data = _plan_data(province=province)
    body = plan_csv(services.export_rows(data, province))
    return (
        body,
        200,
        {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{_export_name(data, province, "csv")}"',
        },
    )


def _calendar_response(province: Province, download: bool):
    data = _plan_data(province=province)
    body = plan_calendar(
        services.export_rows(data, province),
        name=f"P&P {province.name} – {data.rollout.name}",
        uid_prefix=f"{data.rollout.slug}-{province.slug}",
        now=utcnow(),
    )
    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    if download:
        headers["Content-Disposition"] = (
            f'attachment; filename="{_export_name(data, province, "ics")}"'
        )
    return body, 200, headers


@bp.get("/provinces/<slug>/plan.ics")
@login_required
def province_ics(slug: str):
    province = province_or_404(slug)
    require(Action.VIEW_PROVINCE, province)
    return _calendar_response(province, download=True)


@bp.get("/kalender/<token>/<slug>.ics")
def calendar_feed(token: str, slug: str):
    """The feed a calendar app subscribes to: it sends no cookie, so the secret token in the
    URL names the user, and the same policy decides."""
    user = db.session.scalar(
        select(User).where(User.calendar_token == token, User.is_active.is_(True))
    )
    province = province_or_404(slug)
    if user is None or not can(user, Action.VIEW_PROVINCE, province):
        abort(404)
    return _calendar_response(province, download=False)


# --- one activity -----------------------------------------------------------------------------


def _activity_or_404(activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None:
        abort(404)
    return activity


@bp.get("/activiteiten/<int:activity_id>")
@login_required
def activity(activity_id: int):
    """A programme-wide activity, or a province-level one with its state in every province."""
    activity = _activity_or_404(activity_id)
    require(Action.VIEW_PLAN)
    if activity.scope is Scope.PROGRAMME:
        return _activity_page(activity, None)
    if not can(current_user, Action.VIEW_ALL_PROVINCES):
        province = db.session.get(Province, current_user.home_province_id)
        return redirect(
            url_for("plan.activity_in_province", activity_id=activity.id, slug=province.slug)
        )
    data = _plan_data(activity.phase.rollout)
    states = [(p, data.state(activity, p.id)) for p in data.provinces]
    return render_template(
        "plan/activity_provinces.html", activity=activity, states=states, **COMMON
    )


@bp.route("/activiteiten/<int:activity_id>/provincies/<slug>", methods=["GET", "POST"])
@login_required
@csrf_rerender
def activity_in_province(activity_id: int, slug: str):
    activity = _activity_or_404(activity_id)
    province = province_or_404(slug)
    require(Action.VIEW_PROVINCE, province)
    if activity.scope is Scope.PROGRAMME:
        return redirect(url_for("plan.activity", activity_id=activity.id))
    return _activity_page(activity, province)


@bp.post("/activiteiten/<int:activity_id>")
@login_required
@csrf_rerender
def record_programme_activity(activity_id: int):
    activity = _activity_or_404(activity_id)
    if activity.scope is not Scope.PROGRAMME:
        abort(404)
    return _activity_page(activity, None)


def _prefill(done: DoneForm, move: MoveForm, state: services.ItemState) -> None:
    version = state.progress.version if state.progress else 0
    done.actual_start.data = state.actual_start
    done.actual_end.data = state.actual_end
    done.note.data = state.progress.note if state.progress else ""
    done.version.data = version
    move.planned_start.data = state.planned_start
    move.planned_end.data = state.planned_end
    move.version.data = version


def _save(activity: Activity, province: Province | None, done: DoneForm, move: MoveForm) -> bool:
    """Run the submitted form's service; True when saved, False with the error on the form."""
    form = done if done.submit.data else move
    if not form.validate():
        return False
    context = {
        "by_id": current_user.id,
        "now": utcnow(),
        "expected_version": int(form.version.data or 0),
    }
    try:
        if form is done:
            changed = recording.record_done(
                db.session,
                activity,
                province,
                recording.Done(done.actual_start.data, done.actual_end.data, done.note.data or ""),
                today=brussels_today(),
                **context,
            )
        else:
            changed = recording.move_planned(
                db.session,
                activity,
                province,
                recording.Move(move.planned_start.data, move.planned_end.data, move.reason.data),
                **context,
            )
        db.session.commit()
    except recording.ConflictError as error:
        db.session.rollback()
        _show_conflict(activity, province, form, str(error))
        return False
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        _show_conflict(activity, province, form, recording.CONFLICT)
        return False
    except recording.ProgressError as error:
        db.session.rollback()
        getattr(form, error.field or "submit").errors.append(str(error))
        return False
    flash("Opgeslagen." if changed else "Er was niets gewijzigd.", "success" if changed else "info")
    return True


def _show_conflict(activity, province, form, message: str) -> None:
    """Keep the user's input; from now on the form builds on the version they can see."""
    flash(message, "danger")
    current = recording.find_progress(db.session, activity, province)
    form.version.data = current.version if current else 0


def _activity_page(activity: Activity, province: Province | None):
    done, move = DoneForm(prefix="done"), MoveForm(prefix="move")
    if activity.is_milestone:
        done.as_milestone()
    # a milestone dated by a step of its own (the team, the info session) has one record: there
    step = activity.slug if province and activity.slug in teams.STEP_MILESTONES else None
    rollout = activity.phase.rollout
    info_form = None
    if request.method == "POST" and step == teams.INFO_SESSION and "info-submit" in request.form:
        # the same service and the same rule (who may edit the team) as on the team page
        info_form = InfoSessionForm(prefix="info")
        if staffing_views.save_info_session(rollout, province, info_form):
            return redirect(request.path)
    elif request.method == "POST":
        require(Action.RECORD_PROGRESS, province or activity)
        if step and done.submit.data:
            done.submit.errors = [teams.STEP_MILESTONES[step]]
        elif _save(activity, province, done, move):
            return redirect(request.path)
    data = _plan_data(activity.phase.rollout, province)
    state = data.state(activity, province.id if province else None)
    if request.method == "GET":
        _prefill(done, move, state)
    recorded = recording.find_progress(db.session, activity, province)
    changes = recorded.changes if recorded else []
    authors = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_({c.changed_by_id for c in changes}))
        )
    }
    step_context = {}
    if step == teams.INFO_SESSION:
        step_context = staffing_views.info_session_context(rollout, province, form=info_form)
    return render_template(
        "plan/activity.html",
        activity=activity,
        province=province,
        state=state,
        step=step,
        step_note=teams.STEP_MILESTONES.get(step),
        **step_context,
        done_form=done,
        move_form=move,
        changes=changes,
        authors=authors,
        **COMMON,
    )

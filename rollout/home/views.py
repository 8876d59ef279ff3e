"""Pages that bring several areas together: an organisation's home, a province's page (its
plan, its exports and its partner) and an activity's page (with the information session where
it is dated by one). Above every other area: it may use any of them (never their views), and
none imports it."""

import functools
import zlib

from flask import (
    abort,
    current_app,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rollout import auditing
from rollout.applications.models import Application
from rollout.applications.queries import (
    STATUS_LABELS,
    deadline_of,
    display_status,
    participation_problem_of,
)
from rollout.auth import services as auth_services
from rollout.auth.forms import MemberForm
from rollout.auth.mail import send_invitation
from rollout.auth.models import Organisation, Role, User
from rollout.caching import cached, cached_json, round_key, version_tag
from rollout.extensions import db
from rollout.home import sessions as session_parts
from rollout.plan import progress as recording
from rollout.plan import queries as plan_queries
from rollout.plan.exports import plan_calendar, plan_csv
from rollout.plan.forms import DoneForm, MoveForm
from rollout.plan.loaders import COMMON, plan_data
from rollout.plan.models import Activity, Province, Scope
from rollout.policy import Action, can
from rollout.prematching.queries import (
    OUTCOME_LABELS,
    outcome_for,
    partner_application,
    partner_round,
)
from rollout.sessions import info as info_sessions
from rollout.sessions import progress as session_progress
from rollout.sessions import queries as session_queries
from rollout.sessions.models import KIND_LABELS
from rollout.staffing import rules as staffing_rules
from rollout.timeutil import brussels_today, utcnow
from rollout.web import (
    chosen_round,
    csrf_rerender,
    current_act,
    province_as_of,
    province_or_404,
    public_url,
    require,
    run_change,
    shared_page,
)

# --- an organisation's home -------------------------------------------------------------------


@login_required
@csrf_rerender
def my_organisation():
    """The organisation's home: its application, the Q&A round, its province, its members."""
    organisation = current_user.organisation
    if organisation is None:
        abort(404)
    form = MemberForm()
    if form.validate_on_submit():
        require(Action.MANAGE_MEMBERS, organisation)
        invited = run_change(lambda: _invite_member(organisation, form), form, at="email")
        if invited:
            flash(f"Uitnodiging verstuurd naar {invited.value.email}.", "success")
            return redirect(url_for("home.my_organisation"))
    applications = db.session.scalars(
        select(Application)
        .where(Application.organisation_id == organisation.id)
        .options(selectinload(Application.rollout))
    ).all()
    now = utcnow()
    rows = [
        (a, display_status(a, deadline_of(db.session, a), now), outcome_for(db.session, a))
        for a in applications
    ]
    members = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id).order_by(User.email)
    ).all()
    running = plan_queries.default_rollout(plan_queries.list_rollouts(db.session), brussels_today())
    return render_template(
        "home/my_organisation.html",
        organisation=organisation,
        participation_problem=participation_problem_of(db.session, running, organisation.province)
        if running
        else None,
        applications=sorted(rows, key=lambda r: r[0].rollout.start_date, reverse=True),
        status_labels=STATUS_LABELS,
        outcome_labels=OUTCOME_LABELS,
        members=members,
        form=form,
        team_round=partner_round(db.session, organisation.id),
    )


def _invite_member(organisation: Organisation, form: MemberForm) -> User:
    """A colleague's account in the organisation, invited by email."""
    user = auth_services.create_user(
        db.session,
        auth_services.NewUser(
            form.email.data, Role.ORGANISATION, form.name.data or "", organisation
        ),
    )
    token = auth_services.invite(
        db.session, user, current_act(), current_app.config["INVITATION_VALID_DAYS"]
    )
    send_invitation(user, public_url("auth.accept_invitation", token=token))
    return user


# --- a province -------------------------------------------------------------------------------


@login_required
def province(slug: str):
    shown = chosen_round()  # the data versions first, then the province (versioning.py)
    province = province_as_of(shown, slug)
    require(Action.VIEW_PROVINCE, province)
    calendar_url = public_url(
        "home.calendar_feed", token=current_user.calendar_token, slug=province.slug
    )
    return shared_page(
        f"province-{province.id}",
        "home/province.html",
        lambda: _province_page(shown, province_or_404(slug)),
        calendar_url=calendar_url,
    )


def _province_page(shown: plan_queries.RoundView, province: Province) -> dict:
    """What a province's page shows, alike for every viewer of one kind: made on a miss only."""
    parts = cached(round_key(shown, _part_of(province)), lambda: _province_parts(shown, province))
    organisations = db.session.scalars(
        select(Organisation)
        .where(Organisation.province_id == province.id)
        .order_by(Organisation.name)
    ).all()
    # those who may not see an unpublished decision see its partner once it is published
    partner = parts["partner" if can(current_user, Action.MANAGE_MATCHING) else "published_partner"]
    return {
        "rollout": shown.rollout,
        "province": province,
        "parts": parts,
        "partner": partner,
        "organisations": [
            o for o in organisations if can(current_user, Action.VIEW_ORGANISATION, o)
        ],
    }


def _part_of(province: Province) -> str:
    """The province in the keys of its page's parts. The province is read before the data
    version (its error pages come first): what the parts show of it is in the key
    (versioning.py), the rest is read after the version."""
    return f"{province.id}-{province.slug}-{zlib.crc32(province.name.encode()):08x}"


@login_required
def province_figure(slug: str):
    """The province's timeline as JSON, for whoever may see the province's page."""
    province = province_or_404(slug)
    require(Action.VIEW_PROVINCE, province)
    shown = chosen_round()
    return cached_json(
        round_key(shown, f"{_part_of(province)}:figure"),
        lambda: current_app.json.dumps(
            plan_queries.province_timeline(
                plan_queries.load_plan(db.session, shown.rollout, shown, province),
                province,
                session_parts.timeline_marks(shown.rollout, province),
            )
        ),
    )


def _province_parts(shown: plan_queries.RoundView, province: Province) -> dict:
    """What a province's page shows alike to everyone who may see it (its participation, its
    partner, decided and published, where the round stands, the timeline and its table): made
    on a cache miss only."""
    data = plan_queries.load_plan(db.session, shown.rollout, shown, province)
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
            None,
            f"pp-{data.rollout.slug}-{province.slug}",
            f"Tijdlijn van {province.name}; dezelfde gegevens staan in de tabel hieronder.",
            url_for(
                "home.province_figure",
                slug=province.slug,
                ronde=data.rollout.slug,
                v=version_tag(round_key(shown, f"{_part_of(province)}:figure")),
            ),
        ),
        "table": macro("province_table")(
            plan_queries.province_states(data, province),
            data,
            province,
            COMMON["status_labels"],
        ),
    }


def _export_name(data: plan_queries.PlanData, province: Province, extension: str) -> str:
    return f"pp-{data.rollout.slug}-{province.slug}.{extension}"


@login_required
def province_csv(slug: str):
    province = province_or_404(slug)
    require(Action.VIEW_PROVINCE, province)
    data = plan_data(province=province)
    body = plan_csv(plan_queries.export_rows(data, province))
    auditing.event("export", target=province, detail=f"plan {data.rollout.name} (CSV)")
    return (
        body,
        200,
        {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{_export_name(data, province, "csv")}"',
        },
    )


def _calendar_response(province: Province, download: bool):
    data = plan_data(province=province)
    body = plan_calendar(
        plan_queries.export_rows(data, province),
        name=f"P&P {province.name} – {data.rollout.name}",
        uid_prefix=f"{data.rollout.slug}-{province.slug}",
        now=utcnow(),
        timed=session_parts.calendar_events(data.rollout, province),
    )
    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    if download:
        headers["Content-Disposition"] = (
            f'attachment; filename="{_export_name(data, province, "ics")}"'
        )
    return body, 200, headers


@login_required
def province_ics(slug: str):
    province = province_or_404(slug)
    require(Action.VIEW_PROVINCE, province)
    auditing.event("export", target=province, detail="plan (.ics)")
    return _calendar_response(province, download=True)


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
            url_for("home.activity_in_province", activity_id=activity.id, slug=province.slug)
        )
    data = plan_data(activity.phase.rollout)
    states = [(p, data.state(activity, p.id)) for p in data.provinces]
    return render_template(
        "home/activity_provinces.html", activity=activity, states=states, **COMMON
    )


@login_required
@csrf_rerender
def activity_in_province(activity_id: int, slug: str):
    activity = _activity_or_404(activity_id)
    province = province_or_404(slug)
    require(Action.VIEW_PROVINCE, province)
    if activity.scope is Scope.PROGRAMME:
        return redirect(url_for("home.activity", activity_id=activity.id))
    return _activity_page(activity, province)


@login_required
@csrf_rerender
def record_programme_activity(activity_id: int):
    activity = _activity_or_404(activity_id)
    if activity.scope is not Scope.PROGRAMME:
        abort(404)
    return _activity_page(activity, None)


def _prefill(done: DoneForm, move: MoveForm, state: plan_queries.ItemState) -> None:
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
    context = {"act": current_act(), "expected_version": int(form.version.data or 0)}

    def change() -> bool:
        if form is done:
            # where sessions date the activity, its dates are theirs: refused, not overwritten
            session_progress.refuse_manual_done(db.session, activity, province)
            return recording.record_done(
                db.session,
                activity,
                province,
                recording.Done(done.actual_start.data, done.actual_end.data, done.note.data or ""),
                **context,
            )
        return recording.move_planned(
            db.session,
            activity,
            province,
            recording.Move(move.planned_start.data, move.planned_end.data, move.reason.data),
            **context,
        )

    saved = run_change(
        change,
        form,
        at="submit",
        conflict=recording.CONFLICT,
        on_conflict=lambda: _take_current_version(activity, province, form),
    )
    if saved:
        changed = saved.value
        flash(
            "Opgeslagen." if changed else "Er was niets gewijzigd.",
            "success" if changed else "info",
        )
    return saved.saved


def _take_current_version(activity, province, form) -> None:
    """After a conflict the user's input stays; the form now builds on the version they see."""
    current = recording.find_progress(db.session, activity, province)
    form.version.data = current.version if current else 0


def _activity_page(activity: Activity, province: Province | None):
    done, move = DoneForm(prefix="done"), MoveForm(prefix="move")
    if activity.is_milestone:
        done.as_milestone()
    # a milestone dated by a step of its own (the team composed) has one record: there
    step = activity.slug if province and activity.slug in staffing_rules.STEP_MILESTONES else None
    is_info = province is not None and activity.slug == session_queries.INFO_SESSION_ACTIVITY
    rollout = activity.phase.rollout
    posted_info = info_sessions.InfoSessionForm(prefix="info")
    info_form = None
    if request.method == "POST" and is_info and posted_info.submit.data:
        info_form = posted_info
        if session_parts.save_info_session(rollout, province, info_form):
            return redirect(request.path)
    elif request.method == "POST":
        require(Action.RECORD_PROGRESS, province or activity)
        if step and done.submit.data:
            done.submit.errors = [staffing_rules.STEP_MILESTONES[step]]
        elif _save(activity, province, done, move):
            return redirect(request.path)
    data = plan_data(activity.phase.rollout, province)
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
    meetings = session_queries.sessions_of_activity(db.session, activity, province)
    return render_template(
        "home/activity.html",
        activity=activity,
        province=province,
        state=state,
        step=step,
        step_note=staffing_rules.STEP_MILESTONES.get(step),
        is_info=is_info,
        **(session_parts.info_session_block(rollout, province, info_form) if is_info else {}),
        meetings=meetings,
        kind_labels=KIND_LABELS,
        # the sessions' pages link once the sessions area serves them
        from_sessions=bool(meetings) or is_info,
        done_form=done,
        move_form=move,
        changes=changes,
        authors=authors,
        **COMMON,
    )

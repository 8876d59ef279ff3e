"""Teams: each province's two P&P teams with the 8u/19u check on any date, and the leads'
overview of every province and role."""

from datetime import date

from flask import (
    abort,
    flash,
    g,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from rollout.auth.models import Organisation
from rollout.caching import cached, round_key
from rollout.extensions import db
from rollout.plan import queries as plan_queries
from rollout.plan.models import STAFFING_ROLE_LABELS, Activity, StaffingRole
from rollout.policy import Action, can
from rollout.sessions.queries import INFO_SESSION_ACTIVITY, info_session_of
from rollout.staffing import queries, services
from rollout.staffing.charts import hours_over_time
from rollout.staffing.forms import HoursForm, LeaveForm, MemberForm
from rollout.staffing.models import TEAM_LABELS, TeamChange, TeamKind, TeamMember
from rollout.staffing.queries import rules_by_province, rules_for
from rollout.staffing.rules import CheckStatus, check_team, rule_moments
from rollout.timeutil import brussels_today
from rollout.web import (
    chosen_round,
    csrf_rerender,
    current_act,
    parse_id,
    province_or_404,
    require,
    run_change,
    shared_page,
)

STATUS_CLASS = {
    CheckStatus.MET: "success",
    CheckStatus.NOT_REQUIRED: "secondary",
    CheckStatus.SHORT: "warning",
    CheckStatus.MISSING: "danger",
}


def _rollout():
    """The round the page shows (see `chosen_round`) and the ones to choose from."""
    shown = chosen_round()
    return shown.rollout, shown.rollouts


#: The years a ?datum= may ask for; outside them (1 jan 1, 31 dec 9999) the page's own day.
DAY_YEARS = range(2000, 2101)


def _on_day() -> date:
    """The date the check is for: ?datum=YYYY-MM-DD, or the day the round's pages show (today
    in Brussels, or the round's last planned day once it is over)."""
    try:
        day = date.fromisoformat(request.args.get("datum", ""))
    except ValueError:
        return g.round_view.as_of
    return day if day.year in DAY_YEARS else g.round_view.as_of


@login_required
def index():
    if not can(current_user, Action.VIEW_TEAMS_OVERVIEW):
        province = current_user.service_province or (
            current_user.organisation.province if current_user.organisation else None
        )
        if province is None:
            abort(404)
        return redirect(url_for("staffing.province", slug=province.slug))
    shown = chosen_round()
    day = _on_day()
    part = f"teams-{day.isoformat()}"
    return shared_page(
        part,
        "staffing/index.html",
        lambda: {"body": cached(round_key(shown, part), lambda: _index_body(shown, day))},
    )


def _index_body(shown: plan_queries.RoundView, day: date) -> str:
    """Every province's two teams checked on `day`, the same for every lead: made on a cache
    miss only."""
    rollout = shown.rollout
    provinces = [
        p.province for p in plan_queries.participations(db.session, rollout) if p.takes_part
    ]
    refs = queries.team_refs(db.session, rollout, provinces)
    rules = rules_by_province(db.session, rollout, provinces)
    members = queries.members_by_team(db.session, rollout)
    rows = [
        (ref, check_team(members.get(key, []), rules[key[0]], day)) for key, ref in refs.items()
    ]
    body = get_template_attribute("staffing/_index_body.html", "teams_body")
    return body(rollout, rows, day, TEAM_LABELS, STAFFING_ROLE_LABELS, STATUS_CLASS)


@login_required
def province(slug: str):
    province = province_or_404(slug)
    rollout, rollouts = _rollout()
    refs = {kind: queries.team_ref(db.session, rollout, province, kind) for kind in TeamKind}
    if not any(can(current_user, Action.VIEW_TEAM, ref) for ref in refs.values()):
        abort(403)
    return _page(rollout, rollouts, province, refs)


def _member_form(rollout, ref, windows) -> MemberForm:
    window = windows.get(ref.kind)
    start = queries.proposed(rollout, window[0] if window else None, ref.earliest_start)
    return MemberForm(prefix=ref.kind.value, data={"valid_from": start})


def _page(rollout, rollouts, province, refs, forms=None):
    forms = forms or {}
    day = _on_day()
    rules = rules_for(db.session, rollout, province)
    end = plan_queries.rollout_end(rollout)
    windows = queries.composition_windows(db.session, rollout, province)
    participation = queries.participation_of(db.session, rollout, province)
    blocks = []
    for kind, ref in refs.items():
        members = queries.members_of(db.session, ref)
        blocks.append(
            {
                "ref": ref,
                "members": members,
                "current": [m for m in members if m.is_valid_on(day)],
                "checks": check_team(members, rules, day),
                "editable": can(current_user, Action.EDIT_TEAM, ref),
                "window": windows.get(kind),
                "figure": hours_over_time(
                    members, rules, rollout.start_date, end, brussels_today()
                ),
                "form": forms.get(kind) or _member_form(rollout, ref, windows),
            }
        )
    changes = db.session.scalars(
        select(TeamChange)
        .where(TeamChange.rollout_id == rollout.id, TeamChange.province_id == province.id)
        .order_by(TeamChange.at.desc(), TeamChange.id.desc())
        .limit(50)
    ).all()
    partner_id = refs[TeamKind.ORGANISATION].organisation_id
    return render_template(
        "staffing/province.html",
        rollout=rollout,
        rollouts=rollouts,
        province=province,
        blocks=blocks,
        day=day,
        moments=rule_moments(rules),
        partner=db.session.get(Organisation, partner_id) if partner_id else None,
        takes_part=refs[TeamKind.ORGANISATION].takes_part,
        participation_note=participation.note.strip() if participation else "",
        changes=changes,
        **_info_session(rollout, province, refs[TeamKind.SERVICE]),
        hours_form=forms.get("uren") or HoursForm(prefix="uren", formdata=None),
        leave_form=forms.get("vertrek") or LeaveForm(prefix="vertrek", formdata=None),
        #: The member whose change failed: its form opens again with what was typed.
        failed_member=forms.get("member"),
        team_labels=TEAM_LABELS,
        role_labels=STAFFING_ROLE_LABELS,
        status_class=STATUS_CLASS,
    )


def _ref_or_403(slug: str, kind: str):
    province = province_or_404(slug)
    try:
        team_kind = TeamKind(kind)
    except ValueError:
        abort(404)
    rollout, rollouts = _rollout()
    ref = queries.team_ref(db.session, rollout, province, team_kind)
    require(Action.EDIT_TEAM, ref)
    return province, rollout, rollouts, ref


@login_required
@csrf_rerender
def add(slug: str, kind: str):
    province, rollout, rollouts, ref = _ref_or_403(slug, kind)
    form = MemberForm(prefix=ref.kind.value)
    if form.validate() and run_change(
        lambda: services.add_member(
            db.session,
            ref,
            name=form.name.data,
            email=form.email.data or "",
            role=StaffingRole(form.role.data),
            hours=float(form.hours.data),
            valid_from=form.valid_from.data,
            valid_until=form.valid_until.data,
            act=current_act(),
        ),
        form,
        at="name",
    ):
        flash(f"{form.name.data} is toegevoegd.", "success")
        return redirect(
            url_for(
                "staffing.province", slug=slug, ronde=rollout.slug, datum=request.args.get("datum")
            )
        )
    refs = {k: queries.team_ref(db.session, rollout, province, k) for k in TeamKind}
    return _page(rollout, rollouts, province, refs, {ref.kind: form}), 200


def _version(value) -> int:
    version = parse_id(value)
    return -1 if version is None else version


def _member_or_404(ref, member_id: str) -> TeamMember:
    member_key = parse_id(member_id)
    member = db.session.get(TeamMember, member_key) if member_key is not None else None
    if (
        member is None
        or member.rollout_id != ref.rollout.id
        or member.province_id != ref.province.id
        or member.team != ref.kind
    ):
        abort(404)
    return member


@login_required
@csrf_rerender
def change(slug: str, kind: str):
    """New hours from a day, or a member's last day. A refusal shows the page again with the
    message at its field and what was typed in the member's form."""
    province, rollout, rollouts, ref = _ref_or_403(slug, kind)
    hours_form = HoursForm(prefix="uren")
    leave_form = LeaveForm(prefix="vertrek")
    form = hours_form if hours_form.submit.data else leave_form
    member = _member_or_404(ref, form.member.data)
    if not form.validate():
        return _refused(rollout, rollouts, province, hours_form, leave_form, member)
    changed = run_change(lambda: _change_member(ref, member, form), form, conflict=services.CHANGED)
    if changed:
        flash("Team bijgewerkt.", "success")
    elif changed.at_form:
        member = _member_or_404(ref, form.member.data)
        return _refused(rollout, rollouts, province, hours_form, leave_form, member)
    return redirect(url_for("staffing.province", slug=slug, ronde=rollout.slug))


def _change_member(ref, member: TeamMember, form: HoursForm | LeaveForm) -> None:
    """New hours from a day (the hours form), or the member's last day (the leave form)."""
    version = _version(form.version.data)
    if isinstance(form, HoursForm):
        services.change_hours(
            db.session,
            ref,
            member,
            float(form.hours.data),
            form.from_day.data,
            act=current_act(),
            expected_version=version,
        )
    else:
        services.leave(
            db.session, ref, member, form.last_day.data, act=current_act(), expected_version=version
        )


def _refused(rollout, rollouts, province, hours_form, leave_form, member):
    refs = {k: queries.team_ref(db.session, rollout, province, k) for k in TeamKind}
    forms = {"uren": hours_form, "vertrek": leave_form, "member": member.id}
    return _page(rollout, rollouts, province, refs, forms), 200


def _info_session(rollout, province, service_ref) -> dict:
    """The information session for all staff, read from the sessions area where it is one
    session; recorded on its activity's page (by a lead or the province's service)."""
    activity_id = db.session.scalar(
        select(Activity.id).where(
            Activity.rollout_id == rollout.id, Activity.slug == INFO_SESSION_ACTIVITY
        )
    )
    return {
        "info": info_session_of(db.session, rollout, province),
        "info_form": None,
        "info_activity_id": activity_id,
        "may_record_info": can(current_user, Action.EDIT_TEAM, service_ref),
    }

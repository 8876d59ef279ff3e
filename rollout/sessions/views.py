"""The pages of the sessions: thin handlers, their URL rules in `blueprint`."""


# --- attendance and figures -------------------------------------------------------------------
# Helper `attend`: the attendance form, the invitation mail, the .ics download, the cadence grid
# and the training coverage. Imports kept here so that this block merges as one piece.

from flask import (
    Response,
    abort,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from rollout.caching import cached, round_key
from rollout.extensions import db
from rollout.formatting import MONTHS_NL
from rollout.policy import Action, can
from rollout.sessions import attendance as attendance_services
from rollout.sessions import figures, reports
from rollout.sessions import mail as session_mail
from rollout.sessions.attendance_forms import InviteForm, attendance_form
from rollout.sessions.invitees import invitees_of
from rollout.sessions.models import (
    ATTENDANCE_LABELS,
    HEAD_COUNT_KINDS,
    KIND_LABELS,
    Meeting,
)
from rollout.staffing.models import TEAM_LABELS
from rollout.web import chosen_round, csrf_rerender, current_act, require, run_change


def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _scope(meeting: Meeting) -> reports.SessionsScope:
    return reports.meeting_scope(db.session, meeting, current_user.home_province_id)


def _shown_invitees(meeting: Meeting, scope: reports.SessionsScope):
    """The invitees the viewer may see: all for a lead; a programme-wide session's rows of the
    viewer's own province for anyone else."""
    invitees = invitees_of(db.session, meeting)
    if meeting.province_id is None and not can(current_user, Action.VIEW_ALL_PROVINCES):
        invitees = [i for i in invitees if i.province_id == scope.province_id]
    return invitees


@login_required
@csrf_rerender
def attendance(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    scope = _scope(meeting)
    require(Action.VIEW_ATTENDANCE, scope)
    chosen_round(scope.rollout)
    invitees = _shown_invitees(meeting, scope)
    may_record = can(current_user, Action.RECORD_ATTENDANCE, scope)
    big = meeting.kind in HEAD_COUNT_KINDS
    recorded = {a.person_key: a for a in meeting.attendance}
    form = None
    if may_record:
        data = {
            "version": str(meeting.version),
            "head_count": meeting.head_count,
            **{attendance_services.field_name(k): a.status.value for k, a in recorded.items()},
        }
        if request.method == "POST":
            form = attendance_form(invitees, big, formdata=request.form)
        else:
            form = attendance_form(invitees, big, data=data)
    elif request.method == "POST":
        require(Action.RECORD_ATTENDANCE, scope)
    if form is not None and request.method == "POST" and form.validate_on_submit():

        def fresh_version():
            # the version now saved: saving again after the message is a choice, not an accident
            saved = str(db.session.get(Meeting, meeting_id).version)
            form.version.data, form.version.raw_data = saved, [saved]

        outcome = run_change(
            lambda: attendance_services.record_attendance(
                db.session,
                meeting,
                form.marks(),
                form.head_count.data if big else None,
                int(form.version.data),
                current_act(),
                invitees,
            ),
            form,
            at="version",
            conflict=attendance_services.CHANGED,
            on_conflict=fresh_version,
        )
        if outcome:
            flash("De aanwezigheden zijn opgeslagen.", "success")
            return redirect(url_for("sessions.attendance", meeting_id=meeting_id))
    return render_template(
        "sessions/attendance.html",
        meeting=meeting,
        invitees=invitees,
        recorded=recorded,
        form=form,
        big=big,
        invite_form=InviteForm(formdata=None, data={"version": str(meeting.version)})
        if can(current_user, Action.SEND_INVITATIONS, scope)
        else None,
        kind_labels=KIND_LABELS,
        attendance_labels=ATTENDANCE_LABELS,
        team_labels=TEAM_LABELS,
        title=session_mail.meeting_title(meeting),
    )


@login_required
def invite(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    scope = _scope(meeting)
    seen = can(current_user, Action.VIEW_ATTENDANCE, scope)
    if seen and not can(current_user, Action.SEND_INVITATIONS, scope):
        abort(403)  # who sees the session may know it exists: a plain refusal
    require(Action.SEND_INVITATIONS, scope)
    form = InviteForm()
    if not form.validate_on_submit():
        flash(
            "De uitnodiging is niet verstuurd: het formulier was verlopen. Probeer opnieuw.",
            "warning",
        )
        return redirect(url_for("sessions.attendance", meeting_id=meeting_id))
    outcome = run_change(
        lambda: attendance_services.invite(
            db.session, meeting, int(form.version.data), current_act()
        ),
        conflict=attendance_services.CHANGED,
    )
    if outcome:
        flash(f"De uitnodiging is verstuurd naar {len(outcome.value)} genodigden.", "success")
    return redirect(url_for("sessions.attendance", meeting_id=meeting_id))


@login_required
def ics(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    require(Action.MEETING_CALENDAR, _scope(meeting))
    return Response(
        session_mail.download(meeting),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="sessie-{meeting.id}.ics"'},
    )


def _figures_scope(rollout):
    """Which provinces the figures show: every one for a lead (or ?provincie=), the viewer's own
    for anyone else (another province asked: 404)."""
    asked = request.args.get("provincie")
    if can(current_user, Action.VIEW_ALL_PROVINCES):
        if not asked:
            require(Action.VIEW_SESSION_FIGURES, None)
            return None, "all"
        province = next(
            (p for p in reports.taking_part(db.session, rollout) if p.slug == asked), None
        )
        if province is None:
            abort(404)
        return province.id, province.slug
    own = current_user.home_province_id
    if own is None:
        abort(403)
    scope = reports.scope_of(db.session, rollout, own)
    require(Action.VIEW_SESSION_FIGURES, scope)
    if asked:
        province = next(
            (p for p in reports.taking_part(db.session, rollout) if p.slug == asked), None
        )
        if province is None or province.id != own:
            abort(404)
    return own, f"p{own}"


@login_required
def cadence():
    shown = chosen_round()
    only, part = _figures_scope(shown.rollout)
    today = shown.as_of

    def make():
        grid = reports.cadence_grid(db.session, shown.rollout, today, only)
        body = get_template_attribute("sessions/_cadence_body.html", "cadence_body")
        return body(grid, figures.MONTH_LABELS, today, MONTHS_NL)

    body = cached(round_key(shown, f"cadence-{part}-{today.isoformat()}"), make)
    return render_template("sessions/cadence.html", body=body)


@login_required
def coverage():
    shown = chosen_round()
    only, part = _figures_scope(shown.rollout)
    today = shown.as_of

    def make():
        table = reports.coverage_table(db.session, shown.rollout, today, only)
        body = get_template_attribute("sessions/_coverage_body.html", "coverage_body")
        return body(table, TEAM_LABELS, today)

    body = cached(round_key(shown, f"coverage-{part}-{today.isoformat()}"), make)
    return render_template("sessions/coverage.html", body=body)

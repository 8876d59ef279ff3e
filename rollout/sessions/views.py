"""The pages of the sessions: thin handlers, their URL rules in `blueprint`."""

from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user, login_required

from rollout import auditing
from rollout.applications import attachments as files
from rollout.caching import cached, round_key
from rollout.extensions import db
from rollout.formatting import MONTHS_NL, date_nl
from rollout.plan.models import Activity
from rollout.policy import Action, can, refused_by_closed_round
from rollout.sessions import attendance as attendance_services
from rollout.sessions import figures, queries, reports, services
from rollout.sessions import mail as session_mail
from rollout.sessions.attendance_forms import InviteForm, attendance_form
from rollout.sessions.forms import (
    ALL_PROVINCES,
    PROGRAMME,
    AttachmentForm,
    CancelForm,
    EditForm,
    MeetingForm,
    MinutesForm,
    SeriesForm,
)
from rollout.sessions.invitees import invitees_of
from rollout.sessions.models import (
    ATTENDANCE_LABELS,
    HEAD_COUNT_KINDS,
    KIND_LABELS,
    Meeting,
    MeetingAttachment,
    MeetingKind,
)
from rollout.sessions.rules import guests_text, monthly_rule, parse_dates, parse_guests, rule_text
from rollout.staffing.models import TEAM_LABELS
from rollout.text import one_line
from rollout.timeutil import brussels_to_utc, to_brussels
from rollout.web import (
    CLOSED_ROUND,
    chosen_round,
    csrf_rerender,
    current_act,
    parse_id,
    require,
    run_change,
)

# --- the list -----------------------------------------------------------------------------------


def _filters(scope: queries.Scope) -> queries.Filters:
    """?soort= and (for leads) ?provincie= of the list; anything unknown is no filter."""
    try:
        kind = MeetingKind(request.args.get("soort", ""))
    except ValueError:
        kind = None
    province_id = None
    if scope.everything:
        slug = request.args.get("provincie", "")
        province_id = next((p.id for p in queries.provinces(db.session) if p.slug == slug), None)
    return queries.Filters(kind, province_id)


@login_required
def index():
    require(Action.VIEW_MEETINGS)
    shown = chosen_round()
    scope = queries.scope_of(db.session, current_user, shown.rollout)
    filters = _filters(scope)
    key = f"sessions-{scope.key}-{filters.key}"
    body = cached(round_key(shown, key), lambda: _index_body(shown, scope, filters))
    return render_template(
        "sessions/index.html",
        body=body,
        rollout=shown.rollout,
        can_manage=can(current_user, Action.MANAGE_MEETINGS),
        # the cadence and the coverage: for whoever follows all provinces or one of them
        show_figures=scope.everything or scope.province_id is not None,
    )


def _index_body(shown, scope: queries.Scope, filters: queries.Filters) -> str:
    """The list of a round's sessions for every viewer of one scope: made on a cache miss."""
    meetings = queries.list_meetings(db.session, shown.rollout, scope, filters)
    upcoming, past = queries.split_upcoming(meetings, shown.as_of)
    provinces = queries.provinces(db.session) if scope.everything else []
    body = get_template_attribute("sessions/_index_body.html", "sessions_body")
    return body(shown.rollout, upcoming, past, provinces, filters, KIND_LABELS)


# --- one session --------------------------------------------------------------------------------


def _load(meeting_id: int, action: Action = Action.VIEW_MEETING) -> queries.MeetingRef:
    """The session and its round, or 404 for anyone who may not see it; then `action`."""
    meeting = queries.load_meeting(db.session, meeting_id)
    if meeting is None:
        abort(404)
    ref = queries.meeting_ref(db.session, meeting)
    require(Action.VIEW_MEETING, ref)
    # who may see the session may know it exists: a refusal from here on is a 403
    if action is not Action.VIEW_MEETING and not can(current_user, action, ref):
        if refused_by_closed_round(current_user, action, ref):
            abort(403, description=CLOSED_ROUND)
        abort(403)
    chosen_round(ref.rollout)
    return ref


def _page_context(ref: queries.MeetingRef) -> dict:
    meeting = ref.meeting
    scope = _scope(meeting)
    return {
        "meeting": meeting,
        "rollout": ref.rollout,
        "kind_labels": KIND_LABELS,
        "rule_text": rule_text(meeting.series.rule) if meeting.series else "",
        "status": _status(meeting),
        "can_manage": can(current_user, Action.MANAGE_MEETINGS),
        "can_write_minutes": can(current_user, Action.WRITE_MINUTES, ref),
        "can_view_attendance": can(current_user, Action.VIEW_ATTENDANCE, scope),
        "can_download": can(current_user, Action.MEETING_CALENDAR, scope),
    }


def _status(meeting: Meeting) -> tuple[str, str]:
    if meeting.is_cancelled:
        return "Geannuleerd", "danger"
    if meeting.is_held:
        return "Gehouden", "success"
    return "Gepland", "primary"


@login_required
def meeting(meeting_id: int):
    ref = _load(meeting_id)
    return render_template("sessions/meeting.html", **_page_context(ref))


# --- plan, edit, cancel ---------------------------------------------------------------------------


def _choices(form, rollout, all_label: str) -> None:
    activities = queries.session_activities(db.session, rollout)
    form.activity.choices = [(str(a.id), a.name) for a in activities]
    form.province.choices = [("", all_label)] + [
        (p.slug, p.name) for p in queries.provinces(db.session)
    ]


def _activity(form, rollout) -> Activity | None:
    activity_id = parse_id(form.activity.data)
    activity = db.session.get(Activity, activity_id) if activity_id is not None else None
    return activity if activity is not None and activity.rollout_id == rollout.id else None


def _province(form):
    slug = form.province.data or ""
    return next((p for p in queries.provinces(db.session) if p.slug == slug), None)


def _details(form, rollout) -> services.Details | None:
    activity = _activity(form, rollout)
    if activity is None:
        form.activity.errors = [*form.activity.errors, "Kies een activiteit van het plan."]
        return None
    return services.Details(
        kind=MeetingKind(form.kind.data),
        activity=activity,
        province=_province(form),
        starts_at=brussels_to_utc(form.day.data, form.start.data),
        ends_at=brussels_to_utc(form.day.data, form.end.data),
        title=form.title.data or "",
        place=form.place.data or "",
        online_link=form.online_link.data or "",
        led_by=form.led_by.data or "",
        agenda=form.agenda.data or "",
        is_makeup=bool(form.is_makeup.data),
        guests=parse_guests(form.guests.data or "")[0],  # the form refused a wrong line
    )


@login_required
@csrf_rerender
def new():
    require(Action.MANAGE_MEETINGS)
    rollout = chosen_round().rollout
    form = MeetingForm()
    _choices(form, rollout, "Programmabreed (alle deelnemende provincies)")
    if form.validate_on_submit():
        details = _details(form, rollout)
        if details is not None:
            done = run_change(
                lambda: services.create_meeting(db.session, rollout, details, current_act()),
                form,
                at="day",
            )
            if done:
                flash("Sessie gepland.", "success")
                return redirect(url_for("sessions.meeting", meeting_id=done.value.id))
    return render_template("sessions/form.html", form=form, rollout=rollout, meeting=None)


def _edit_data(meeting: Meeting) -> dict:
    start, end = to_brussels(meeting.starts_at), to_brussels(meeting.ends_at)
    return {
        "kind": meeting.kind.value,
        "activity": str(meeting.activity_id),
        "province": meeting.province.slug if meeting.province else PROGRAMME,
        "title": meeting.title,
        "day": start.date(),
        "start": start.time().replace(tzinfo=None),
        "end": end.time().replace(tzinfo=None),
        "place": meeting.place,
        "online_link": meeting.online_link,
        "led_by": meeting.led_by,
        "agenda": meeting.agenda,
        "is_makeup": meeting.is_makeup,
        "guests": guests_text(meeting.guests),
        "version": str(meeting.version),
    }


def _version(value) -> int:
    version = parse_id(value)
    return -1 if version is None else version


@login_required
@csrf_rerender
def edit(meeting_id: int):
    ref = _load(meeting_id, Action.MANAGE_MEETINGS)
    meeting = ref.meeting
    if request.method == "POST":
        form = EditForm()
    else:
        form = EditForm(formdata=None, data=_edit_data(meeting))
    _choices(form, ref.rollout, "Programmabreed (alle deelnemende provincies)")
    if request.method == "POST" and form.validate():
        details = _details(form, ref.rollout)
        if details is not None and run_change(
            lambda: services.edit_meeting(
                db.session,
                meeting,
                details,
                reason=form.reason.data or "",
                act=current_act(),
                expected_version=_version(form.version.data),
            ),
            form,
            at="day",
            conflict=services.CHANGED,
        ):
            flash("Sessie bijgewerkt.", "success")
            return redirect(url_for("sessions.meeting", meeting_id=meeting.id))
    return render_template(
        "sessions/form.html",
        form=form,
        rollout=ref.rollout,
        meeting=db.session.get(Meeting, meeting_id),
    )


@login_required
@csrf_rerender
def cancel(meeting_id: int):
    ref = _load(meeting_id, Action.MANAGE_MEETINGS)
    meeting = ref.meeting
    if request.method == "POST":
        form = CancelForm()
    else:
        form = CancelForm(formdata=None, data={"version": str(meeting.version)})
    if (
        request.method == "POST"
        and form.validate()
        and run_change(
            lambda: services.cancel_meeting(
                db.session,
                meeting,
                reason=form.reason.data or "",
                act=current_act(),
                expected_version=_version(form.version.data),
            ),
            form,
            at="reason",
            conflict=services.CHANGED,
        )
    ):
        flash("Sessie geannuleerd.", "success")
        return redirect(url_for("sessions.meeting", meeting_id=meeting.id))
    return render_template(
        "sessions/cancel.html",
        form=form,
        **_page_context(queries.meeting_ref(db.session, db.session.get(Meeting, meeting_id))),
    )


# --- series -------------------------------------------------------------------------------------


def _series_spec(form, rollout) -> services.SeriesSpec | None:
    activity = _activity(form, rollout)
    if activity is None:
        form.activity.errors = [*form.activity.errors, "Kies een activiteit van het plan."]
        return None
    rule, dates = "", []
    if form.mode.data == "data":
        dates, problem = parse_dates(form.dates.data or "")
        if problem:
            form.dates.errors = [*form.dates.errors, problem]
            return None
    else:
        try:
            rule = monthly_rule(int(form.ordinal.data), form.weekday.data)
        except ValueError:
            form.ordinal.errors = [*form.ordinal.errors, "Kies welke weekdag van de maand."]
            return None
    return services.SeriesSpec(
        kind=MeetingKind(form.kind.data),
        activity=activity,
        province=_province(form),
        first_day=form.first_day.data,
        last_day=form.last_day.data,
        start_time=form.start.data,
        end_time=form.end.data,
        rule=rule,
        dates=dates,
        title=form.title.data or "",
        place=form.place.data or "",
        online_link=form.online_link.data or "",
        led_by=form.led_by.data or "",
    )


@login_required
@csrf_rerender
def series():
    require(Action.MANAGE_MEETINGS)
    rollout = chosen_round().rollout
    form = SeriesForm()
    _choices(form, rollout, "Alle deelnemende provincies")
    if not form.is_submitted():
        form.province.data = ALL_PROVINCES
    if form.validate_on_submit():
        spec = _series_spec(form, rollout)
        if spec is not None:
            done = run_change(
                lambda: services.generate_series(db.session, rollout, spec, current_act()),
                form,
                at="first_day",
            )
            if done:
                flash(_series_message(done.value), "success")
                return redirect(
                    url_for("sessions.index", ronde=rollout.slug, soort=spec.kind.value)
                )
    return render_template("sessions/series.html", form=form, rollout=rollout)


def _series_message(result: services.SeriesResult) -> str:
    added = len(result.added)
    text = f"{added} {'sessie' if added == 1 else 'sessies'} gepland."
    if result.skipped:
        text += (
            f" {len(result.skipped)} bestonden al in de reeks en bleven zoals ze zijn "
            f"(vanaf {date_nl(min(day for _, day in result.skipped))})."
        )
    return text


# --- minutes and attachments ----------------------------------------------------------------------


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def _minutes_page(ref, form=None, upload_form=None):
    meeting = db.session.get(Meeting, ref.meeting.id)
    return render_template(
        "sessions/minutes.html",
        form=form
        or MinutesForm(
            formdata=None, data={"minutes": meeting.minutes, "version": str(meeting.version)}
        ),
        upload_form=upload_form or AttachmentForm(formdata=None),
        **_page_context(queries.meeting_ref(db.session, meeting)),
    )


@login_required
@csrf_rerender
def minutes(meeting_id: int):
    ref = _load(meeting_id, Action.WRITE_MINUTES)
    if request.method != "POST":
        return _minutes_page(ref)
    form = MinutesForm()
    if form.validate() and run_change(
        lambda: services.write_minutes(
            db.session,
            ref.meeting,
            form.minutes.data or "",
            act=current_act(),
            expected_version=_version(form.version.data),
        ),
        form,
        at="minutes",
        conflict=services.CHANGED,
    ):
        flash("Verslag bewaard.", "success")
        return redirect(url_for("sessions.meeting", meeting_id=meeting_id))
    return _minutes_page(ref, form=form)


@login_required
@csrf_rerender
def upload(meeting_id: int):
    ref = _load(meeting_id, Action.WRITE_MINUTES)
    form = AttachmentForm()
    if form.validate():
        upload = request.files.get(form.file.name)
        data = upload.read() if upload else b""
        try:
            checked = files.check_upload(upload.filename if upload else "", data)
        except files.UploadError as error:
            form.file.errors = [*form.file.errors, str(error)]
        else:
            if _attach(ref.meeting, checked, data, form):
                flash(f"Bijlage '{checked.original_name}' toegevoegd.", "success")
                return redirect(url_for("sessions.minutes", meeting_id=meeting_id))
    return _minutes_page(ref, upload_form=form)


def _attach(meeting: Meeting, checked, data: bytes, form) -> bool:
    """Store the file and add it to the session; unless that is saved, the file goes."""
    stored_name = files.store(upload_folder(), checked, data)
    attachment = MeetingAttachment(
        original_name=checked.original_name,
        stored_name=stored_name,
        content_type=checked.content_type,
        size=checked.size,
    )
    saved = False
    try:
        saved = run_change(
            lambda: services.add_attachment(db.session, meeting, attachment, current_act()),
            form,
            at="file",
        ).saved
    finally:
        if not saved:
            files.remove(upload_folder(), stored_name)
    return saved


@login_required
def attachment(meeting_id: int, attachment_id: int):
    ref = _load(meeting_id)
    found = db.session.get(MeetingAttachment, attachment_id)
    if found is None or found.meeting_id != ref.meeting.id:
        abort(404)
    response = send_from_directory(
        upload_folder(),
        found.stored_name,
        mimetype=found.content_type,
        as_attachment=True,
        download_name=one_line(found.original_name) or "bijlage",
    )
    auditing.event("attachment_download", target=found, detail=found.original_name)
    return response


# --- attendance, invitations and figures ----------------------------------------------------------


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
    auditing.event("export", target=meeting, detail="agenda-item (.ics)")
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

"""The Q&A round (digitale vragenronde): its sessions per rollout, the organisations' registrations,
and a calendar file per session."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from rollout import auditing
from rollout.auth.models import Organisation
from rollout.extensions import db
from rollout.plan.models import Rollout
from rollout.policy import Action, OrganisationInRound, can
from rollout.qa import queries, services
from rollout.qa.exports import session_calendar
from rollout.qa.forms import DeleteSessionForm, RegistrationForm, SessionForm
from rollout.qa.models import QaRegistration, QaSession
from rollout.timeutil import brussels_to_utc, to_brussels, utcnow
from rollout.web import chosen_round, csrf_rerender, current_act, require, run_change


def _session_or_404(session_id: int) -> QaSession:
    """The session; its page names its round."""
    qa_session = db.session.get(QaSession, session_id)
    if qa_session is None:
        abort(404)
    chosen_round(qa_session.rollout)
    return qa_session


def _index_url(qa_session: QaSession) -> str:
    return url_for("qa.index", ronde=qa_session.rollout.slug, _anchor=f"sessie-{qa_session.id}")


def _registering_organisation(rollout: Rollout) -> Organisation | None:
    """The user's organisation, when the user may register it in `rollout`."""
    organisation = current_user.organisation
    if organisation is not None and can(
        current_user, Action.REGISTER_QA, OrganisationInRound.of(organisation, rollout)
    ):
        return organisation
    return None


def _registration_form(qa_session: QaSession, own: QaRegistration | None) -> RegistrationForm:
    form = RegistrationForm(prefix=f"sessie-{qa_session.id}")
    if own is not None:
        form.submit.label.text = "Aantal wijzigen"
        if not form.is_submitted():
            form.participants.data = own.participants
    return form


@login_required
def index():
    require(Action.VIEW_PLAN)
    choice = chosen_round()
    now = utcnow()
    rows = [
        queries.session_row(s, current_user, now)
        for s in queries.sessions_of(db.session, choice.rollout)
    ]
    organisation = _registering_organisation(choice.rollout)
    forms = {}
    if organisation is not None:
        forms = {row.session.id: _registration_form(row.session, row.own) for row in rows}
    return render_template(
        "qa/index.html", data=choice, rows=rows, organisation=organisation, forms=forms
    )


# --- sessions (leads) -------------------------------------------------------------------------


def _details(form: SessionForm) -> services.SessionDetails:
    """The form's Brussels wall-clock times as the UTC moments the session stores."""
    return services.SessionDetails(
        title=form.title.data,
        starts_at=brussels_to_utc(form.day.data, form.starts.data),
        ends_at=brussels_to_utc(form.day.data, form.ends.data),
        online_link=form.online_link.data,
        capacity=form.capacity.data,
        notes=form.notes.data or "",
    )


def _prefill(form: SessionForm, qa_session: QaSession) -> None:
    starts, ends = to_brussels(qa_session.starts_at), to_brussels(qa_session.ends_at)
    form.title.data = qa_session.title
    form.day.data = starts.date()
    form.starts.data = starts.time()
    form.ends.data = ends.time()
    form.online_link.data = qa_session.online_link
    form.capacity.data = qa_session.capacity
    form.notes.data = qa_session.notes


@login_required
@csrf_rerender
def new_session():
    require(Action.MANAGE_QA)
    choice = chosen_round()
    form = SessionForm()
    if form.validate_on_submit():
        created = run_change(
            lambda: services.create_session(db.session, choice.rollout, _details(form)),
            form,
            at="submit",
        )
        if created:
            flash("De sessie is toegevoegd.", "success")
            return redirect(_index_url(created.value))
    return render_template(
        "qa/session_form.html", form=form, rollout=choice.rollout, qa_session=None
    )


@login_required
@csrf_rerender
def edit_session(session_id: int):
    qa_session = _session_or_404(session_id)
    require(Action.MANAGE_QA, qa_session)
    form = SessionForm()
    if form.validate_on_submit():
        if run_change(
            lambda: services.update_session(db.session, qa_session, _details(form)),
            form,
            at="submit",
        ):
            flash("De sessie is opgeslagen.", "success")
            return redirect(_index_url(qa_session))
    elif not form.is_submitted():
        _prefill(form, qa_session)
    return render_template(
        "qa/session_form.html", form=form, rollout=qa_session.rollout, qa_session=qa_session
    )


@login_required
@csrf_rerender
def delete_session(session_id: int):
    qa_session = _session_or_404(session_id)
    require(Action.MANAGE_QA, qa_session)
    form = DeleteSessionForm()
    back = url_for("qa.index", ronde=qa_session.rollout.slug)
    if form.validate_on_submit():
        deleted = run_change(
            lambda: services.delete_session(db.session, qa_session, form.confirm.data),
            form,
            at="submit",
        )
        if deleted:
            count = deleted.value
            flash(
                f"De sessie is verwijderd, met {count} inschrijving(en)."
                if count
                else "De sessie is verwijderd.",
                "success",
            )
            return redirect(back)
    return render_template(
        "qa/delete.html",
        form=form,
        qa_session=qa_session,
        count=len(qa_session.registrations),
        back=back,
    )


# --- registrations (organisations) ------------------------------------------------------------


@login_required
@csrf_rerender
def register(session_id: int):
    qa_session = _session_or_404(session_id)
    organisation = current_user.organisation
    if organisation is None:  # a lead: there is no organisation to register
        abort(403)
    require(Action.REGISTER_QA, OrganisationInRound.of(organisation, qa_session.rollout))
    own = queries.find_registration(db.session, qa_session, organisation)
    form = _registration_form(qa_session, own)
    if form.validate_on_submit():
        registered = run_change(
            lambda: services.register(
                db.session, qa_session, organisation, form.participants.data, current_act()
            ),
            form,
            at="submit",
        )
        if registered:
            registration, created = registered.value
            n = registration.participants
            flash(
                f"{organisation.name} is ingeschreven met {n} deelnemer(s)."
                if created
                else f"Het aantal deelnemers is gewijzigd naar {n}.",
                "success",
            )
            return redirect(_index_url(qa_session))
    return render_template(
        "qa/register.html",
        row=queries.session_row(qa_session, current_user, utcnow()),
        form=form,
        organisation=organisation,
    )


@login_required
def cancel_registration(registration_id: int):
    registration = db.session.get(QaRegistration, registration_id)
    if registration is None:
        abort(404)
    require(Action.REGISTER_QA, registration)
    back = _index_url(registration.qa_session)
    name = registration.organisation.name
    if run_change(lambda: services.cancel_registration(db.session, registration, current_act())):
        flash(f"De inschrijving van {name} is geannuleerd.", "success")
    return redirect(back)


# --- calendar ---------------------------------------------------------------------------------


@login_required
def session_ics(session_id: int):
    qa_session = _session_or_404(session_id)
    require(Action.VIEW_QA_LINKS)
    auditing.event("export", target=qa_session, detail="vragenronde-sessie (.ics)")
    body = session_calendar(qa_session, qa_session.rollout.name, utcnow())
    return (
        body,
        200,
        {
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": f'attachment; filename="pp-vragenronde-{qa_session.id}.ics"',
        },
    )

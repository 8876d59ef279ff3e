"""The aanmeldingsfiche for organisations: start, fill in per section, attach, submit."""

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user, login_required

from rollout import auditing
from rollout.applications import attachments as files
from rollout.applications import queries, sections, services
from rollout.applications.forms import AttachmentForm, ReasonForm, SubmitForm, staffing_form
from rollout.applications.loaders import load_application, overview_context
from rollout.applications.models import Application, Attachment
from rollout.applications.rules import SECTION_TITLES, submission_deadline
from rollout.auth.models import Role
from rollout.extensions import db
from rollout.plan.models import STAFFING_ROLE_LABELS
from rollout.policy import Action, OrganisationInRound, can
from rollout.prematching.queries import outcome_for
from rollout.text import one_line
from rollout.timeutil import utcnow
from rollout.web import chosen_round, csrf_rerender, current_act, require, run_change


@login_required
def mine():
    """The organisation's own application in the round running now ("Aanmeldingsfiche")."""
    if current_user.role is not Role.ORGANISATION:
        return redirect(url_for("applications.index"))
    organisation = current_user.organisation
    rollout = chosen_round().rollout
    application = queries.find_application(db.session, rollout, organisation)
    if application is not None:
        return redirect(url_for("applications.show", application_id=application.id))
    extension = queries.latest_extension(db.session, rollout.id, organisation.id)
    deadline = submission_deadline(
        rollout.application_deadline, extension.until if extension else None
    )
    form = ReasonForm()
    problem = queries.participation_problem_of(db.session, rollout, organisation.province)
    if request.method == "POST" and form.validate():
        require(Action.START_APPLICATION, OrganisationInRound.of(organisation, rollout))
        started = run_change(
            lambda: services.start_application(db.session, rollout, organisation, current_act()),
            quiet=True,
        )
        if started:
            return redirect(
                url_for(
                    "applications.section", application_id=started.value.id, section="organisatie"
                )
            )
        problem = started.message
    return render_template(
        "applications/start.html",
        rollout=rollout,
        organisation=organisation,
        deadline=deadline,
        deadline_passed=utcnow() > deadline,
        form=form,
        problem=problem,
    )


@login_required
def show(application_id: int):
    application = load_application(application_id)
    context = overview_context(application)
    return render_template(
        "applications/show.html",
        **context,
        outcome=outcome_for(db.session, application),
        staffing=queries.staffing_check(db.session, application),
        reason_form=ReasonForm(),
    )


FORM_SECTIONS = "any(organisatie, visie, inhoud, organisatorisch, bezetting)"


@login_required
@csrf_rerender
def section(application_id: int, section: str):
    application = load_application(application_id)
    context = overview_context(application)
    requirements = sections.requirements_for(section, context["requirements"])
    editable = can(current_user, Action.EDIT_APPLICATION, application)
    posted = request.method == "POST"
    form = sections.form_for(section, application, requirements, request.form if posted else None)
    conflict = False
    if posted:
        require(Action.EDIT_APPLICATION, application)
        if form.validate():
            outcome = _save_section(application, section, form, requirements)
            if outcome == "saved":
                flash("Opgeslagen.", "success")
                return redirect(_after_save(application.id, section, form.save_next.data))
            conflict = outcome == "conflict"
    elif request.args.get("controle"):
        sections.show_missing(form, context["missing"], section)
    application = db.session.get(Application, application_id)
    return render_template(
        sections.template_for(section),
        **context,
        section=section,
        section_title=SECTION_TITLES[section],
        form=form,
        section_requirements=requirements,
        editable=editable,
        conflict=conflict,
        saved=queries.snapshot(application) if conflict else None,
        staffing=sections.staffing_shown(db.session, application, section, form, posted),
    )


def _save_section(application: Application, section: str, form, requirements) -> str:
    """Save the posted section: "saved", or "conflict" (another save came first; the form gets
    the version now saved) or "refused", each flashed."""
    conflicts = []

    def take_saved_version():
        conflicts.append(True)
        form.version.data = db.session.get(Application, application.id).version

    outcome = run_change(
        lambda: services.save_section(
            db.session,
            application,
            section,
            sections.values_of(section, form, requirements),
            requirements=requirements,
            act=current_act(),
            expected_version=int(form.version.data),
        ),
        conflict=services.CONFLICT,
        on_conflict=take_saved_version,
    )
    if outcome:
        return "saved"
    return "conflict" if conflicts else "refused"


def _after_save(application_id: int, section: str, save_next: bool) -> str:
    """This section again, or with "save and next" the next one (or attachments, or submit)."""
    target = sections.next_section(section) if save_next else section
    if target == sections.SUBMIT_STEP:
        return url_for("applications.review", application_id=application_id)
    if target == "bijlagen":
        return url_for("applications.attachments", application_id=application_id)
    return url_for("applications.section", application_id=application_id, section=target)


@login_required
def staffing_live_check(application_id: int):
    """The 8u/19u check of what is being typed, as an HTML fragment for the page."""
    application = load_application(application_id)
    form = staffing_form(formdata=request.form)
    form.validate()
    return render_template(
        "applications/_staffing_check.html",
        staffing=sections.posted_staffing_check(db.session, application, form),
        role_labels=STAFFING_ROLE_LABELS,
    )


# --- attachments ------------------------------------------------------------------------------


def upload_folder():
    from pathlib import Path

    return Path(current_app.config["UPLOAD_FOLDER"])


@login_required
@csrf_rerender
def attachments(application_id: int):
    application = load_application(application_id)
    form = AttachmentForm()
    if request.method == "POST":
        require(Action.EDIT_APPLICATION, application)
        if form.validate():
            upload = request.files.get(form.file.name)
            data = upload.read() if upload else b""
            try:
                checked = files.check_upload(upload.filename if upload else "", data)
            except files.UploadError as error:
                form.file.errors = [*form.file.errors, str(error)]
            else:
                if _attach(application, checked, data, form):
                    flash(f"Bijlage '{checked.original_name}' toegevoegd.", "success")
                    return redirect(
                        url_for("applications.attachments", application_id=application.id)
                    )
    return render_template(
        "applications/section_attachments.html",
        **overview_context(application),
        section="bijlagen",
        section_title=SECTION_TITLES["bijlagen"],
        form=form,
        editable=can(current_user, Action.EDIT_APPLICATION, application),
        delete_form=ReasonForm(),
    )


def _attach(application: Application, checked: files.CheckedUpload, data: bytes, form) -> bool:
    """Store the file and add it to the application; unless that is saved, the file goes."""
    stored_name = files.store(upload_folder(), checked, data)
    act = current_act()
    attachment = Attachment(
        original_name=checked.original_name,
        stored_name=stored_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by_id=act.user_id,
    )
    saved = False
    try:
        saved = run_change(
            lambda: services.add_attachment(db.session, application, attachment, act),
            form,
            at="file",
        ).saved
    finally:
        if not saved:
            files.remove(upload_folder(), stored_name)
    return saved


def _attachment_or_404(application: Application, attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.application_id != application.id:
        abort(404)
    return attachment


@login_required
def download(application_id: int, attachment_id: int):
    application = load_application(application_id)
    attachment = _attachment_or_404(application, attachment_id)
    response = send_from_directory(
        upload_folder(),
        attachment.stored_name,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=one_line(attachment.original_name) or "bijlage",
    )
    auditing.event("attachment_download", target=attachment, detail=attachment.original_name)
    return response


@login_required
def remove_attachment(application_id: int, attachment_id: int):
    application = load_application(application_id, Action.EDIT_APPLICATION)
    attachment = _attachment_or_404(application, attachment_id)
    stored_name = attachment.stored_name
    if run_change(
        lambda: services.remove_attachment(db.session, application, attachment, current_act())
    ):
        files.remove(upload_folder(), stored_name)
        flash(f"Bijlage '{attachment.original_name}' verwijderd.", "success")
    return redirect(url_for("applications.attachments", application_id=application.id))


# --- submitting -------------------------------------------------------------------------------


@login_required
@csrf_rerender
def review(application_id: int):
    application = load_application(application_id)
    form = SubmitForm(data={"version": application.version})
    error = None
    if request.method == "POST":
        require(Action.EDIT_APPLICATION, application)
        form = SubmitForm()
        if form.validate():
            requirements = overview_context(application)["requirements"]
            submitted = run_change(
                lambda: services.submit(
                    db.session,
                    application,
                    requirements=requirements,
                    act=current_act(),
                    expected_version=int(form.version.data or 0),
                ),
                conflict=services.CONFLICT,
                quiet=True,
            )
            if submitted:
                return redirect(url_for("applications.confirmation", application_id=application.id))
            error = submitted.message
        application = db.session.get(Application, application_id)
        form.version.data = application.version
    return render_template(
        "applications/review.html",
        **overview_context(application),
        form=form,
        error=error,
        staffing=queries.staffing_check(db.session, application),
        editable=can(current_user, Action.EDIT_APPLICATION, application),
    )


@login_required
def confirmation(application_id: int):
    application = load_application(application_id)
    if not application.is_submitted:
        return redirect(url_for("applications.show", application_id=application.id))
    return render_template("applications/confirmation.html", **overview_context(application))


@login_required
def printable(application_id: int):
    application = load_application(application_id)
    return render_template(
        "applications/print.html",
        **overview_context(application),
        staffing=queries.staffing_check(db.session, application),
    )


@login_required
def withdraw(application_id: int):
    application = load_application(application_id, Action.WITHDRAW_APPLICATION)
    form = ReasonForm()
    if form.validate() and run_change(
        lambda: services.withdraw(db.session, application, form.reason.data or "", current_act())
    ):
        flash("Uw aanmeldingsfiche is ingetrokken.", "success")
    return redirect(url_for("applications.show", application_id=application.id))

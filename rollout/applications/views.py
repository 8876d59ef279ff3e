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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from rollout.applications import attachments as files
from rollout.applications import queries, services
from rollout.applications.forms import (
    AttachmentForm,
    OrganisationSection,
    ReasonForm,
    SubmitForm,
    VisionSection,
    requirement_form,
    requirement_values,
    staffing_form,
    staffing_values,
)
from rollout.applications.loaders import load_application, overview_context
from rollout.applications.models import Application, Attachment
from rollout.applications.rules import (
    REQUIREMENT_SECTIONS,
    SECTION_TITLES,
    SECTIONS,
    submission_deadline,
)
from rollout.auth.models import Role
from rollout.extensions import db
from rollout.plan.models import STAFFING_ROLE_LABELS, StaffingRole
from rollout.policy import Action, OrganisationInRound, can
from rollout.prematching.queries import outcome_for
from rollout.timeutil import utcnow
from rollout.web import chosen_round, csrf_rerender, require


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
        try:
            application = services.start_application(
                db.session, rollout, organisation, current_user.id, utcnow()
            )
        except services.ApplicationError as refused:
            db.session.rollback()
            problem = str(refused)
        else:
            db.session.commit()
            return redirect(
                url_for(
                    "applications.section", application_id=application.id, section="organisatie"
                )
            )
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


def _form_for(section: str, application: Application, requirements, formdata=None):
    data = None if formdata is not None else _section_data(section, application, requirements)
    if section == "organisatie":
        return OrganisationSection(formdata=formdata, data=data)
    if section == "visie":
        return VisionSection(formdata=formdata, data=data)
    if section in REQUIREMENT_SECTIONS:
        return requirement_form(requirements, data=data, formdata=formdata)
    if section == "bezetting":
        return staffing_form(data=data, formdata=formdata)
    abort(404)


def _section_data(section: str, app: Application, requirements) -> dict:
    data: dict = {"version": app.version}
    if section in services.SIMPLE_FIELDS:
        data |= {field: getattr(app, field) for field in services.SIMPLE_FIELDS[section]}
    elif section in REQUIREMENT_SECTIONS:
        for r in requirements:
            answer = app.answer_for(r)
            data[f"verdict_{r.slug}"] = answer.verdict.value if answer and answer.verdict else None
            data[f"how_{r.slug}"] = answer.explanation if answer else ""
            given = list(answer.question_answers or []) if answer else []
            for index in range(len(r.question_list)):
                data[f"q_{r.slug}_{index}"] = given[index] if index < len(given) else ""
    elif section == "bezetting":
        for role in StaffingRole:
            line = app.staffing_for(role)
            data[f"person_{role.value}"] = line.person_name if line else ""
            data[f"recruit_{role.value}"] = line.to_recruit if line else False
            data[f"start_{role.value}"] = line.hours_start if line else None
            data[f"trajectories_{role.value}"] = line.hours_trajectories if line else None
    return data


def _values(section: str, form, requirements) -> dict:
    if section in services.SIMPLE_FIELDS:
        return {field: form[field].data for field in services.SIMPLE_FIELDS[section]}
    if section in REQUIREMENT_SECTIONS:
        return requirement_values(form, requirements)
    return staffing_values(form)


def _next_section(section: str) -> str:
    slugs = [slug for slug, _ in SECTIONS]
    index = slugs.index(section)
    return slugs[index + 1] if index + 1 < len(slugs) else "indienen"


FORM_SECTIONS = "any(organisatie, visie, inhoud, organisatorisch, bezetting)"


@login_required
@csrf_rerender
def section(application_id: int, section: str):
    application = load_application(application_id)
    context = overview_context(application)
    all_requirements = context["requirements"]
    requirements = (
        [r for r in all_requirements if REQUIREMENT_SECTIONS.get(section) in (None, r.kind)]
        if section in REQUIREMENT_SECTIONS
        else all_requirements
    )
    editable = can(current_user, Action.EDIT_APPLICATION, application)
    form = _form_for(
        section, application, requirements, request.form if request.method == "POST" else None
    )
    conflict = False
    if request.method == "POST":
        require(Action.EDIT_APPLICATION, application)
        if form.validate():
            try:
                services.save_section(
                    db.session,
                    application,
                    section,
                    _values(section, form, requirements),
                    requirements=requirements,
                    by_id=current_user.id,
                    now=utcnow(),
                    expected_version=int(form.version.data),
                )
                db.session.commit()
            except (services.ConflictError, StaleDataError, IntegrityError):
                db.session.rollback()
                conflict = True
                flash(services.CONFLICT, "danger")
                form.version.data = db.session.get(Application, application_id).version
            except services.ApplicationError as error:
                db.session.rollback()
                flash(str(error), "danger")
            else:
                flash("Opgeslagen.", "success")
                target = _next_section(section) if form.save_next.data else section
                if target == "indienen":
                    return redirect(url_for("applications.review", application_id=application.id))
                if target == "bijlagen":
                    return redirect(
                        url_for("applications.attachments", application_id=application.id)
                    )
                return redirect(
                    url_for("applications.section", application_id=application.id, section=target)
                )
    elif request.args.get("controle"):
        for item in context["missing"]:
            if item.section == section and item.field in form:
                form[item.field].errors = [*form[item.field].errors, item.message]
    application = db.session.get(Application, application_id)
    staffing = queries.staffing_check(db.session, application) if section == "bezetting" else None
    if section == "bezetting" and request.method == "POST":
        staffing = _posted_staffing_check(application, form)
    template = "requirements" if section in REQUIREMENT_SECTIONS else section
    return render_template(
        f"applications/section_{template}.html",
        **context,
        section=section,
        section_title=SECTION_TITLES[section],
        form=form,
        section_requirements=requirements,
        editable=editable,
        conflict=conflict,
        saved=queries.snapshot(application) if conflict else None,
        staffing=staffing,
    )


def _posted_staffing_check(application: Application, form):
    """The rule checked on what was typed (saved or not), the same way as on save."""
    lines = [
        (StaffingRole(role), v["hours_start"], v["hours_trajectories"])
        for role, v in staffing_values(form).items()
    ]
    return queries.staffing_check_of(
        db.session, application.rollout, lines, application.organisation.province
    )


@login_required
def staffing_live_check(application_id: int):
    """The 8u/19u check of what is being typed, as an HTML fragment for the page."""
    application = load_application(application_id)
    form = staffing_form(formdata=request.form)
    form.validate()
    return render_template(
        "applications/_staffing_check.html",
        staffing=_posted_staffing_check(application, form),
        role_labels=STAFFING_ROLE_LABELS,
    )


# --- attachments ------------------------------------------------------------------------------


def upload_folder():
    from pathlib import Path

    return Path(current_app.config["UPLOAD_FOLDER"])


@login_required
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
                stored_name = files.store(upload_folder(), checked, data)
                try:
                    services.add_attachment(
                        db.session,
                        application,
                        Attachment(
                            original_name=checked.original_name,
                            stored_name=stored_name,
                            content_type=checked.content_type,
                            size=checked.size,
                            uploaded_by_id=current_user.id,
                        ),
                        current_user.id,
                        utcnow(),
                    )
                    db.session.commit()
                except Exception:
                    db.session.rollback()
                    files.remove(upload_folder(), stored_name)
                    raise
            except (files.UploadError, services.ApplicationError) as error:
                form.file.errors = [*form.file.errors, str(error)]
            else:
                flash(f"Bijlage '{checked.original_name}' toegevoegd.", "success")
                return redirect(url_for("applications.attachments", application_id=application.id))
    return render_template(
        "applications/section_attachments.html",
        **overview_context(application),
        section="bijlagen",
        section_title=SECTION_TITLES["bijlagen"],
        form=form,
        editable=can(current_user, Action.EDIT_APPLICATION, application),
        delete_form=ReasonForm(),
    )


def _attachment_or_404(application: Application, attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.application_id != application.id:
        abort(404)
    return attachment


@login_required
def download(application_id: int, attachment_id: int):
    application = load_application(application_id)
    attachment = _attachment_or_404(application, attachment_id)
    return send_from_directory(
        upload_folder(),
        attachment.stored_name,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
    )


@login_required
def remove_attachment(application_id: int, attachment_id: int):
    application = load_application(application_id, Action.EDIT_APPLICATION)
    attachment = _attachment_or_404(application, attachment_id)
    stored_name = attachment.stored_name
    try:
        services.remove_attachment(db.session, application, attachment, current_user.id, utcnow())
        db.session.commit()
    except services.ApplicationError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
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
            context = overview_context(application)
            try:
                services.submit(
                    db.session,
                    application,
                    requirements=context["requirements"],
                    by_id=current_user.id,
                    now=utcnow(),
                    expected_version=int(form.version.data or 0),
                )
                db.session.commit()
            except services.IncompleteError:
                db.session.rollback()
                error = "Nog niet alles is ingevuld: zie hieronder wat ontbreekt."
            except (services.ConflictError, StaleDataError):
                db.session.rollback()
                error = services.CONFLICT
            except services.ApplicationError as refused:
                db.session.rollback()
                error = str(refused)
            else:
                return redirect(url_for("applications.confirmation", application_id=application.id))
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
    if form.validate():
        try:
            services.withdraw(
                db.session, application, form.reason.data or "", current_user.id, utcnow()
            )
            db.session.commit()
            flash("Uw aanmeldingsfiche is ingetrokken.", "success")
        except services.ApplicationError as error:
            db.session.rollback()
            flash(str(error), "danger")
    return redirect(url_for("applications.show", application_id=application.id))

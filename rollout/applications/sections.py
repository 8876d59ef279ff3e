"""One section of the application form, for its page: the requirements it asks about, its form
filled from the saved application or from what was posted, the values to save, the step after
it and the 8u/19u check it shows."""

from flask import abort
from sqlalchemy.orm import Session

from rollout.applications import queries, services
from rollout.applications.forms import (
    OrganisationSection,
    VisionSection,
    requirement_form,
    requirement_values,
    staffing_form,
    staffing_values,
)
from rollout.applications.models import Application
from rollout.applications.rules import REQUIREMENT_SECTIONS, SECTIONS
from rollout.plan.models import StaffingRole

#: Where "save and next" goes after the last section.
SUBMIT_STEP = "indienen"


def requirements_for(section: str, requirements: list) -> list:
    """The requirements a section asks about: those of its kind, or all of them elsewhere."""
    if section not in REQUIREMENT_SECTIONS:
        return requirements
    return [r for r in requirements if REQUIREMENT_SECTIONS.get(section) in (None, r.kind)]


def template_for(section: str) -> str:
    """The page of the section: both requirement sections share one."""
    template = "requirements" if section in REQUIREMENT_SECTIONS else section
    return f"applications/section_{template}.html"


def form_for(section: str, application: Application, requirements, formdata=None):
    """The section's form: what was posted (`formdata`), else what the application holds."""
    data = None if formdata is not None else _saved_data(section, application, requirements)
    if section == "organisatie":
        return OrganisationSection(formdata=formdata, data=data)
    if section == "visie":
        return VisionSection(formdata=formdata, data=data)
    if section in REQUIREMENT_SECTIONS:
        return requirement_form(requirements, data=data, formdata=formdata)
    if section == "bezetting":
        return staffing_form(data=data, formdata=formdata)
    abort(404)


def _saved_data(section: str, app: Application, requirements) -> dict:
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


def values_of(section: str, form, requirements) -> dict:
    """What a validated form of the section holds, as `services.save_section` takes it."""
    if section in services.SIMPLE_FIELDS:
        return {field: form[field].data for field in services.SIMPLE_FIELDS[section]}
    if section in REQUIREMENT_SECTIONS:
        return requirement_values(form, requirements)
    return staffing_values(form)


def next_section(section: str) -> str:
    """The section after this one, or the submit step after the last."""
    slugs = [slug for slug, _ in SECTIONS]
    index = slugs.index(section)
    return slugs[index + 1] if index + 1 < len(slugs) else SUBMIT_STEP


def show_missing(form, missing, section: str) -> None:
    """Put what is still missing in this section at its field, as an error (the "check" link)."""
    for item in missing:
        if item.section == section and item.field in form:
            form[item.field].errors = [*form[item.field].errors, item.message]


def posted_staffing_check(session: Session, application: Application, form):
    """The rule checked on what was typed (saved or not), the same way as on save."""
    lines = [
        (StaffingRole(role), v["hours_start"], v["hours_trajectories"])
        for role, v in staffing_values(form).items()
    ]
    return queries.staffing_check_of(
        session, application.rollout, lines, application.organisation.province
    )


def staffing_shown(session: Session, application: Application, section: str, form, posted: bool):
    """The 8u/19u check the staffing section shows: of what was posted, else of what is saved;
    None on the other sections."""
    if section != "bezetting":
        return None
    if posted:
        return posted_staffing_check(session, application, form)
    return queries.staffing_check(session, application)

"""Application services: start, save a section, attach, submit, withdraw, reopen, extend.
Each checks, changes, records history; services flush, the request commits."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ApplicationVersion,
    Attachment,
    DeadlineExtension,
    EventKind,
    RequirementAnswer,
    StaffingLine,
    Verdict,
)
from rollout.applications.queries import (
    deadline_of,
    find_application,
    latest_extension,
    participation_problem_of,
    snapshot,
    staffing_check,
)
from rollout.applications.rules import (
    Missing,
    StaffingPlanCheck,
    may_submit,
    missing_answers,
    submission_deadline,
)
from rollout.auth.models import Organisation
from rollout.changes import Act, Conflict, Refused
from rollout.plan.models import Requirement, Rollout, StaffingRole


class ApplicationError(Refused):
    """A refused step; the Dutch message is shown, at `field` where one is named."""


class ConflictError(ApplicationError, Conflict):
    pass


class IncompleteError(ApplicationError):
    def __init__(self, missing: list[Missing], staffing: StaffingPlanCheck | None = None):
        super().__init__("Nog niet alles is ingevuld: zie hieronder wat ontbreekt.")
        self.missing = missing
        self.staffing = staffing


CONFLICT = (
    "Deze aanmeldingsfiche werd intussen elders opgeslagen (een ander tabblad of een collega). "
    "Uw invoer staat nog hieronder: vergelijk met de opgeslagen versie en sla opnieuw op."
)
FROZEN = "Deze aanmeldingsfiche is ingediend en kan niet meer gewijzigd worden."


def start_application(
    session: Session, rollout: Rollout, organisation: Organisation, act: Act
) -> Application:
    """The organisation's draft for this rollout, made on first use with its known details;
    refused where its province does not take part in the rollout."""
    existing = find_application(session, rollout, organisation)
    if existing is not None:
        return existing
    problem = participation_problem_of(session, rollout, organisation.province)
    if problem:
        raise ApplicationError(problem)
    application = Application(
        rollout=rollout,
        organisation=organisation,
        organisation_address=organisation.address,
        contact_name=organisation.contact_name,
        contact_email=organisation.contact_email,
        contact_phone=organisation.contact_phone,
    )
    session.add(application)
    session.flush()
    _record_version(session, application, "gestart", act)
    return application


# --- history ----------------------------------------------------------------------------------


def _record_version(session: Session, app: Application, section: str, act: Act) -> None:
    session.flush()
    last = session.scalar(
        select(ApplicationVersion.number)
        .where(ApplicationVersion.application_id == app.id)
        .order_by(ApplicationVersion.number.desc())
        .limit(1)
    )
    session.add(
        ApplicationVersion(
            application_id=app.id,
            number=(last or 0) + 1,
            saved_at=act.now,
            saved_by_id=act.user_id,
            section=section,
            snapshot=snapshot(app),
        )
    )
    session.flush()


# --- saving a section -------------------------------------------------------------------------


def _check_editable(app: Application, expected_version: int) -> None:
    if not app.is_editable:
        raise ApplicationError(FROZEN)
    if app.version != expected_version:
        raise ConflictError(CONFLICT)


def _save_answers(session: Session, app: Application, requirements, values: dict) -> None:
    for requirement in requirements:
        if requirement.slug not in values:
            continue
        given = values[requirement.slug]
        answer = app.answer_for(requirement)
        if answer is None:
            answer = RequirementAnswer(requirement=requirement)
            app.answers.append(answer)
        verdict = given.get("verdict") or None
        answer.verdict = Verdict(verdict) if verdict else None
        answer.explanation = (given.get("explanation") or "").strip()
        answer.question_answers = [(q or "").strip() for q in given.get("questions", [])]


def _save_staffing(app: Application, values: dict) -> None:
    for role in StaffingRole:
        if role.value not in values:
            continue
        given = values[role.value]
        line = app.staffing_for(role)
        if line is None:
            line = StaffingLine(role=role)
            app.staffing.append(line)
        line.to_recruit = bool(given.get("to_recruit"))
        line.person_name = "" if line.to_recruit else (given.get("person_name") or "").strip()
        line.hours_start = given.get("hours_start")
        line.hours_trajectories = given.get("hours_trajectories")


SIMPLE_FIELDS = {
    "organisatie": (
        "organisation_address",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
    ),
    "visie": ("vision_pp", "vision_cooperation"),
}


def save_section(
    session: Session,
    app: Application,
    section: str,
    values: dict,
    *,
    requirements: list[Requirement],
    act: Act,
    expected_version: int,
) -> None:
    """Save one section of a draft (incomplete answers are fine: it is a draft)."""
    _check_editable(app, expected_version)
    if section in SIMPLE_FIELDS:
        for field in SIMPLE_FIELDS[section]:
            setattr(app, field, (values.get(field) or "").strip())
    elif section in ("inhoud", "organisatorisch"):
        _save_answers(session, app, requirements, values)
    elif section == "bezetting":
        _save_staffing(app, values)
    else:
        raise ApplicationError(f"Onbekend onderdeel {section!r}.")
    app.updated_at = act.now  # the application row changes, so its version moves on
    _record_version(session, app, section, act)


def add_attachment(session: Session, app: Application, attachment: Attachment, act: Act) -> None:
    if not app.is_editable:
        raise ApplicationError(FROZEN, "file")
    app.attachments.append(attachment)
    app.updated_at = act.now
    _record_version(session, app, "bijlagen", act)


def remove_attachment(session: Session, app: Application, attachment: Attachment, act: Act):
    if not app.is_editable:
        raise ApplicationError(FROZEN)
    app.attachments.remove(attachment)
    app.updated_at = act.now
    _record_version(session, app, "bijlagen", act)


# --- the steps --------------------------------------------------------------------------------


def submit(
    session: Session,
    app: Application,
    *,
    requirements: list[Requirement],
    act: Act,
    expected_version: int,
) -> None:
    """Submit a complete draft before its deadline (or extension), for a round its province
    takes part in; it is then frozen."""
    _check_editable(app, expected_version)
    problem = participation_problem_of(session, app.rollout, app.organisation.province)
    if problem:
        raise ApplicationError(problem)
    if not app.organisation.is_approved:
        raise ApplicationError(
            "Uw organisatie wacht nog op goedkeuring door MFC Bethanië. U kunt de fiche al "
            "invullen; indienen kan na de goedkeuring."
        )
    extension = latest_extension(session, app.rollout_id, app.organisation_id)
    if not may_submit(
        act.now, app.rollout.application_deadline, extension.until if extension else None
    ):
        raise ApplicationError(
            "De deadline om in te dienen is voorbij. Neem contact op met MFC Bethanië als u "
            "uitstel nodig hebt."
        )
    missing = missing_answers(app, requirements)
    staffing = staffing_check(session, app)
    if missing or not staffing.is_met:
        raise IncompleteError(missing, staffing)
    app.status = ApplicationStatus.SUBMITTED
    app.submitted_at = act.now
    app.submitted_by_id = act.user_id
    app.events.append(ApplicationEvent(kind=EventKind.SUBMITTED, at=act.now, by_id=act.user_id))
    _record_version(session, app, "ingediend", act)


def withdraw(session: Session, app: Application, reason: str, act: Act) -> None:
    if app.status is ApplicationStatus.WITHDRAWN:
        raise ApplicationError("Deze aanmeldingsfiche is al ingetrokken.")
    app.status = ApplicationStatus.WITHDRAWN
    app.events.append(
        ApplicationEvent(
            kind=EventKind.WITHDRAWN, at=act.now, by_id=act.user_id, reason=reason.strip()
        )
    )
    _record_version(session, app, "ingetrokken", act)


def reopen(
    session: Session,
    app: Application,
    reason: str,
    act: Act,
    until: datetime | None = None,
) -> None:
    """A lead turns a submitted or withdrawn application back into a draft, with a reason.
    After the deadline the organisation could not submit it again: the lead then says until
    when, which is granted as an extension."""
    if not reason.strip():
        raise ApplicationError("Geef een reden om de aanmeldingsfiche te heropenen.", "reason")
    if app.status is ApplicationStatus.DRAFT:
        raise ApplicationError("Deze aanmeldingsfiche is al een concept.")
    if act.now > deadline_of(session, app):
        if until is None:
            raise ApplicationError(
                "De deadline is voorbij: geef tot wanneer de organisatie opnieuw kan indienen.",
                "until",
            )
        grant_extension(session, app.rollout, app.organisation, until, reason, act)
    app.status = ApplicationStatus.DRAFT
    app.submitted_at = None  # the submission stays in the events and the versions
    app.events.append(
        ApplicationEvent(
            kind=EventKind.REOPENED, at=act.now, by_id=act.user_id, reason=reason.strip()
        )
    )
    _record_version(session, app, "heropend", act)


def grant_extension(
    session: Session,
    rollout: Rollout,
    organisation: Organisation,
    until: datetime,
    reason: str,
    act: Act,
) -> DeadlineExtension:
    """Let one organisation submit until `until`; kept in the history."""
    if not reason.strip():
        raise ApplicationError("Geef een reden voor het uitstel.", "reason")
    if until <= act.now:
        raise ApplicationError("Het uitstel moet in de toekomst eindigen.", "until")
    if until <= submission_deadline(rollout.application_deadline, None):
        raise ApplicationError("Het uitstel moet na de gewone deadline eindigen.", "until")
    extension = DeadlineExtension(
        rollout_id=rollout.id,
        organisation_id=organisation.id,
        until=until,
        reason=reason.strip(),
        granted_by_id=act.user_id,
        granted_at=act.now,
    )
    session.add(extension)
    app = find_application(session, rollout, organisation)
    if app is not None:
        app.events.append(
            ApplicationEvent(
                kind=EventKind.EXTENSION, at=act.now, by_id=act.user_id, reason=reason.strip()
            )
        )
    session.flush()
    return extension

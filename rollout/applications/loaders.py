"""What the pages of one application load, in this area and in the prematching: the
application (or 404) and what every page of it shows."""

from flask import abort
from flask_login import current_user

from rollout.applications import queries
from rollout.applications.models import Application
from rollout.applications.rules import (
    SECTION_TITLES,
    SECTIONS,
    missing_answers,
    section_progress,
)
from rollout.extensions import db
from rollout.plan.models import STAFFING_ROLE_LABELS, StaffingRole
from rollout.policy import Action, can
from rollout.prematching.queries import OUTCOME_LABELS
from rollout.timeutil import utcnow
from rollout.web import chosen_round, require


def load_application(application_id: int, action: Action = Action.VIEW_APPLICATION) -> Application:
    """The application, or 404 where it does not exist or may not be seen."""
    application = db.session.get(Application, application_id)
    if application is None or not can(current_user, Action.VIEW_APPLICATION, application):
        abort(404)
    if action is not Action.VIEW_APPLICATION:
        require(action, application)
    return application


def overview_context(application: Application) -> dict:
    """What every page of one application shows: status, deadline, progress per section."""
    chosen_round(application.rollout)
    now = utcnow()
    requirements = queries.requirements_of(db.session, application.rollout)
    missing = missing_answers(application, requirements)
    deadline = queries.deadline_of(db.session, application)
    status = queries.display_status(application, deadline, now)
    staffing_met = queries.staffing_check(db.session, application).is_met
    return {
        "application": application,
        "requirements": requirements,
        "missing": missing,
        "deadline": deadline,
        "deadline_passed": now > deadline,
        "status": status,
        "status_labels": queries.STATUS_LABELS,
        "sections": [
            (slug, title, section_progress(missing, slug, staffing_met)) for slug, title in SECTIONS
        ],
        "role_labels": STAFFING_ROLE_LABELS,
        "roles": list(StaffingRole),
        "section_names": SECTION_TITLES,
        "outcome_labels": OUTCOME_LABELS,
        "participation_problem": queries.participation_problem_of(
            db.session, application.rollout, application.organisation.province
        ),
    }

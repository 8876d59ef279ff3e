from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from rollout.applications import queries, services
from rollout.applications.models import Application
from rollout.auth.models import Organisation
from rollout.extensions import db
from rollout.plan.models import Rollout

COMPLETE_STAFFING = {
    "coordinator": {"person_name": "An", "hours_start": 8, "hours_trajectories": 8},
    "pp_counsellor": {
        "person_name": "",
        "to_recruit": True,
        "hours_start": 8,
        "hours_trajectories": 19,
    },
    "parent_counsellor": {"person_name": "Bart", "hours_start": 8, "hours_trajectories": 8},
}


@dataclass
class Applicant:
    email: str
    organisation_id: int


def approve(app, organisation_id: int) -> None:
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        organisation.approved_at = datetime(2021, 1, 1, tzinfo=UTC)
        db.session.commit()


@pytest.fixture
def applicant(app, factory, login_as, current_round) -> Applicant:
    """A signed-in member of an approved organisation in Antwerpen."""
    organisation_id = factory.organisation("antwerpen", "Voorziening Eik")
    approve(app, organisation_id)
    email = login_as("organisation", "antwerpen", organisation_id=organisation_id)
    return Applicant(email, organisation_id)


def start(app, organisation_id: int, rollout_slug: str = "huidig") -> int:
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == rollout_slug))
        organisation = db.session.get(Organisation, organisation_id)
        application = services.start_application(
            db.session, rollout, organisation, None, datetime.now(UTC)
        )
        db.session.commit()
        return application.id


def fill_complete(app, application_id: int) -> None:
    """Every required answer, through the same service as the form."""
    with app.app_context():
        application = db.session.get(Application, application_id)
        requirements = queries.requirements_of(db.session, application.rollout)
        values = {
            "organisatie": {
                "organisation_address": "Kerkstraat 1, 2000 Antwerpen",
                "contact_name": "Els Janssens",
                "contact_role": "Directeur",
                "contact_email": "els@eik.example.org",
            },
            "visie": {"vision_pp": "Onze visie.", "vision_cooperation": "Samen met Pleegzorg."},
            "inhoud": {
                r.slug: {
                    "verdict": "met",
                    "explanation": "Zo doen we dat.",
                    "questions": ["Antwoord"] * len(r.question_list),
                }
                for r in requirements
            },
            "bezetting": COMPLETE_STAFFING,
        }
        now = datetime.now(UTC)
        for section, answers in values.items():
            services.save_section(
                db.session,
                application,
                section,
                answers,
                requirements=requirements,
                by_id=None,
                now=now,
                expected_version=application.version,
            )
        db.session.commit()


def status_of(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).status.value

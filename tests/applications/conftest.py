from dataclasses import dataclass

import pytest

from rollout.applications.models import Application
from rollout.extensions import db
from tests.factories import approve


@dataclass
class Applicant:
    email: str
    organisation_id: int


@pytest.fixture
def applicant(app, factory, login_as, current_round) -> Applicant:
    """A signed-in member of an approved organisation in Antwerpen."""
    organisation_id = factory.organisation("antwerpen", "Voorziening Eik")
    approve(app, organisation_id)
    email = login_as("organisation", "antwerpen", organisation_id=organisation_id)
    return Applicant(email, organisation_id)


def status_of(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).status.value

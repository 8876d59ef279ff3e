from datetime import UTC, datetime

import pytest

from rollout.applications import queries, services
from rollout.applications.models import Application
from rollout.extensions import db
from tests.applications.conftest import approve, fill_complete, start


def submit(app, application_id: int, now: datetime | None = None) -> None:
    """Submit through the app's own service, at `now` (default: this moment)."""
    with app.app_context():
        application = db.session.get(Application, application_id)
        services.submit(
            db.session,
            application,
            requirements=queries.requirements_of(db.session, application.rollout),
            by_id=None,
            now=now or datetime.now(UTC),
            expected_version=application.version,
        )
        db.session.commit()


@pytest.fixture
def candidates(app, factory, current_round) -> dict[str, int]:
    """Two submitted applications in Antwerpen, one in Oost-Vlaanderen (the running round)."""
    ids = {}
    for name, province in (
        ("Eik", "antwerpen"),
        ("Beuk", "antwerpen"),
        ("Linde", "oost-vlaanderen"),
    ):
        organisation_id = factory.organisation(province, f"Voorziening {name}")
        approve(app, organisation_id)
        ids[name] = start(app, organisation_id)
        fill_complete(app, ids[name])
        submit(app, ids[name])
        ids[f"{name}-org"] = organisation_id
    return ids

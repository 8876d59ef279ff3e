"""The team tests' fixture, also used by the cache tests: a published partner in Antwerpen."""

import pytest

from tests.prematching.test_views import client_for, decide, publish
from tests.staffing.helpers import rollout_start


@pytest.fixture
def decided(app, factory, candidates):
    """Antwerpen's decision, published: Voorziening Eik is the partner."""
    lead = client_for(app, factory, "lead", email="lead@example.org")
    decide(lead, candidates["Eik"], decided_on=rollout_start(app).isoformat())  # its first day
    publish(lead)
    return {"lead": lead, **candidates}

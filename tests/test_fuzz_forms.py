"""Hostile input never gives a server error (issue 15, point 4), and a refused form changes
nothing, on SQLite and on PostgreSQL.

Every endpoint that takes a POST is found in the URL map; the form that posts to it is found
the way a user finds it: the demo data is loaded, each demo account (and a visitor) follows the
links from the home page, and every POST form on every page is noted with the role that saw it
(a page shows a form only to a role the policy lets use it). Hypothesis then sends each form,
as that role, values drawn from hostile strategies (tests/fuzzing/values.py): control characters
and NUL bytes, very long text, unicode, invalid numbers, dates and times, choices not offered,
garbage files, fields left out and fields added. A new area's form is covered as soon as the
demo data has a page that shows it; an endpoint no crawled page posts to fails
`test_every_post_endpoint_is_fuzzed` until the demo (or a step in fuzzing/prepare.py) reaches
it.

FUZZ_EXAMPLES sets the examples per endpoint (default 15); the examples are derandomized, so
every run sends the same values. A failure prints the form, the role and the values sent.
"""

import hashlib
import logging
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import select, text, update

from config import TestingConfig
from rollout import create_app
from rollout.auditing import AuditEntry
from rollout.auth.models import LoginFailure, Organisation
from rollout.demo import LEAD_EMAIL, load_demo
from rollout.extensions import cache, db, limiter
from rollout.plan.seeding import apply_plan
from rollout.timeutil import brussels_today
from tests.conftest import sign_in
from tests.fuzzing.crawl import Found, crawl, post_endpoints
from tests.fuzzing.forms import read_page
from tests.fuzzing.prepare import START_PAGES, prepare
from tests.fuzzing.values import submissions

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
#: A form with nothing to fill in (a button: sign out, approve, close the round) has little to
#: vary: its token kept, spoilt or left out, a field added.
EXAMPLES_WITHOUT_FIELDS = 4
DEMO_PASSWORD = "demo password 123"

#: Who the crawl signs in as: a visitor, the lead, each province's organisation member (their
#: applications differ in state) and a member of a foster-care service.
PROVINCES = ("antwerpen", "vlaams-brabant-brussel", "west-vlaanderen", "oost-vlaanderen", "limburg")
ACCOUNTS = {
    "visitor": None,
    "lead": LEAD_EMAIL,
    **{f"organisation {p}": f"org-{p}@example.org" for p in PROVINCES},
    "service antwerpen": "pz-antwerpen@example.org",
}

#: Tables a refusal may write by design: a wrong password, at sign-in or as the current one
#: when changing it, counts towards the account's lock.
REFUSAL_MAY_WRITE = {
    # a wrong password counts (per account and address) and is a security event in the log
    "auth.login": {LoginFailure.__table__.name, AuditEntry.__table__.name},
    "auth.account": {LoginFailure.__table__.name, AuditEntry.__table__.name},
    # the same page for any address (not a redirect), and the request is logged
    "auth.forgot_password": {AuditEntry.__table__.name},
}

#: Every endpoint that takes a POST, read from the URL map when the tests are collected.
POST_ENDPOINTS = sorted(
    post_endpoints(create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://"))
)


# --- the demo, the same ids every time ----------------------------------------------------------


def wipe(app) -> None:
    """An empty database whose ids start from 1 again (PostgreSQL's sequences go on after a
    delete: restart them), and no stored files."""
    with app.app_context():
        # on the connection, not through the session: the audit log is append-only there
        connection = db.session.connection()
        connection.execute(update(Organisation).values(approved_by_id=None))
        if db.engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.session.commit()
        cache.clear()
    for stored in Path(app.config["UPLOAD_FOLDER"]).glob("*"):
        stored.unlink()


def load(app, spec) -> None:
    """The plan, the demo and what fuzzing/prepare.py adds, in an empty database with ids
    from 1, so that a page found once names the same object after a reload."""
    wipe(app)
    with app.app_context():
        apply_plan(db.session, spec)
        load_demo(db.session, spec, brussels_today())
        db.session.commit()
    prepare(app)


class Clients:
    """A signed-in test client per account, each from its own address (the sign-in limit)."""

    def __init__(self, app):
        self.app, self.clients = app, {}

    def __getitem__(self, role: str):
        if role not in self.clients:
            client = self.app.test_client()
            client.environ_base["REMOTE_ADDR"] = f"127.0.1.{len(self.clients) + 1}"
            if ACCOUNTS[role]:
                assert sign_in(client, ACCOUNTS[role], DEMO_PASSWORD).status_code == 302
            self.clients[role] = client
        return self.clients[role]


class Demo:
    """The demo as loaded, a client per account signed in, and the forms found on its pages."""

    def __init__(self, app, spec):
        self.app, self.spec = app, spec
        self.reload()
        #: endpoint -> the forms that post to it
        self.forms: dict[str, list[Found]] = {}
        for role in ACCOUNTS:
            for found in crawl(app, self.clients[role], role, START_PAGES.get(role, ("/",))):
                self.forms.setdefault(found.endpoint, []).append(found)
        self.reload()  # whatever the crawl's requests touched starts anew

    def reload(self) -> None:
        limiter.reset()
        load(self.app, self.spec)
        self.clients = Clients(self.app)
        for role in ACCOUNTS:  # signed in before the fingerprint is taken
            self.clients[role]
        self.loaded = fingerprint(self.app)

    def as_loaded(self) -> None:
        """The demo as loaded: again if an earlier test changed anything."""
        limiter.reset()
        if fingerprint(self.app) != self.loaded:
            self.reload()

    def page(self, found: Found, adapter):
        """The client of the form's role, and the form as the page shows it now (a fresh
        token, version and values); the demo loaded afresh once if the page no longer shows
        it (an earlier example went through: an application was withdrawn, say)."""
        for _ in range(2):
            client = self.clients[found.role]
            _, forms = read_page(found.page, client.get(found.page).text)
            for form in forms:
                if form.action == found.form.action and form.signature() == found.form.signature():
                    return client, form
            self.reload()
        return client, found.form


@pytest.fixture(scope="module")
def loaded_demo(_app, plan_spec):
    """The demo loaded and crawled once for this module; the database empty after it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        yield Demo(_app, plan_spec)
    wipe(_app)


@pytest.fixture
def demo(loaded_demo) -> Demo:
    loaded_demo.as_loaded()
    return loaded_demo


def fingerprint(app) -> dict[str, str]:
    """A digest of every row of every table, per table."""
    with app.app_context():
        digests = {}
        for table in db.metadata.sorted_tables:
            rows = sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            digests[table.name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        db.session.remove()
        return digests


# --- the tests ----------------------------------------------------------------------------------


def test_every_post_endpoint_is_fuzzed(demo):
    """A new endpoint needs no new test, but a page (in the demo data) that shows its form."""
    missing = sorted(set(POST_ENDPOINTS) - set(demo.forms))
    assert not missing, f"no page of the demo (or of fuzzing/prepare.py) posts to {missing}"


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_hostile_input_gives_no_server_error_and_a_refusal_changes_nothing(
    _app, demo, endpoint, caplog
):
    app = _app
    forms = demo.forms.get(endpoint)
    if not forms:
        pytest.fail(f"no page shows a form that posts to {endpoint}: add it to the demo data")
    adapter = app.url_map.bind("localhost")
    may_write = REFUSAL_MAY_WRITE.get(endpoint, set())
    caplog.set_level(logging.ERROR)
    fields = {name for found in forms for name in found.form.fields if name != "csrf_token"}

    @settings(
        max_examples=EXAMPLES if fields else min(EXAMPLES, EXAMPLES_WITHOUT_FIELDS),
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # the database moves on: no shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def send(data):
        found = data.draw(st.sampled_from(forms), label="form")
        client, form = demo.page(found, adapter)
        values = data.draw(submissions(form, brussels_today().isoformat()), label="values")
        note(f"{found.role} posts to {form.action} (from {found.page})")
        before = fingerprint(app)
        response = client.post(form.action, data=values)
        assert response.status_code < 500, response.text[:2000]
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        if not 300 <= response.status_code < 400:
            after = fingerprint(app)
            changed = {name for name in before if before[name] != after[name]} - may_write
            assert changed == set(), f"refused ({response.status_code}) but changed {changed}"

    send()

"""The lead's audit log page: only leads, filters (who, what, province, period), pages, and an
export that is itself logged."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from rollout.auditing import AuditEntry
from rollout.auth.models import User
from rollout.extensions import db
from rollout.plan.models import Province
from tests.audit.helpers import entries


def _province(app, slug) -> int:
    with app.app_context():
        return db.session.scalar(select(Province.id).where(Province.slug == slug))


def _user(app, email) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def _add(app, **values):
    row = {
        "at": datetime(2022, 3, 1, 10, 0, tzinfo=UTC),
        "user_id": None,
        "action": "update",
        "object_type": "organisation",
        "object_id": "1",
        "rollout_id": None,
        "province_id": None,
        "changes": {},
        "detail": "",
        "address": "",
    }
    with app.app_context():
        db.session.connection().execute(insert(AuditEntry.__table__), [{**row, **values}])
        db.session.commit()


@pytest.mark.parametrize("role", ["organisation", "service"])
def test_only_leads_read_the_log_and_its_export(client, login_as, role):
    login_as(role)
    assert client.get("/audit").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
    assert "Auditlog" not in client.get("/plan").text


def test_signed_out_visitors_are_sent_to_sign_in(client, seeded):
    assert client.get("/audit").status_code == 302


def test_the_lead_sees_the_log_with_a_link_in_the_navigation(client, login_as):
    email = login_as("lead")
    assert 'href="/audit"' in client.get("/plan").text
    page = client.get("/audit").text
    assert "Auditlog" in page and "aangemeld" in page and email in page


def test_the_filters_keep_who_what_province_and_period(app, client, login_as):
    email = login_as("lead")
    lead = _user(app, email)
    limburg, antwerpen = _province(app, "limburg"), _province(app, "antwerpen")
    _add(app, detail="limburg-maart", province_id=limburg, user_id=lead)
    _add(app, detail="antwerpen-maart", province_id=antwerpen)
    _add(app, detail="limburg-mei", province_id=limburg, at=datetime(2022, 5, 2, tzinfo=UTC))
    _add(app, detail="export-maart", action="export", object_type=None, object_id=None)

    def shown(query: str) -> set[str]:
        if "tot=" not in query:  # the seed's entries are of today
            query += "&tot=2022-12-31"
        page = client.get(f"/audit?{query}").text
        names = ("limburg-maart", "antwerpen-maart", "limburg-mei", "export-maart")
        return {name for name in names if name in page}

    assert shown("") == {"limburg-maart", "antwerpen-maart", "limburg-mei", "export-maart"}
    assert shown(f"provincie={limburg}") == {"limburg-maart", "limburg-mei"}
    assert shown(f"wie={lead}&tot=2022-12-31") == {"limburg-maart"}
    assert shown("actie=export&tot=2022-12-31") == {"export-maart"}
    assert shown("soort=organisation") == {"limburg-maart", "antwerpen-maart", "limburg-mei"}
    assert shown("van=2022-03-01&tot=2022-03-01") == {
        "limburg-maart",
        "antwerpen-maart",
        "export-maart",
    }
    assert shown("van=2022-05-01") == {"limburg-mei"}
    assert shown(f"wie={lead}&actie=update&provincie={antwerpen}") == set()
    # a day is a day in Brussels: 23:30 UTC on 30 April is 1 May there
    _add(app, detail="grens", at=datetime(2022, 4, 30, 23, 30, tzinfo=UTC))
    assert "grens" in client.get("/audit?van=2022-05-01&tot=2022-05-01").text
    assert "grens" not in client.get("/audit?van=2022-04-30&tot=2022-04-30").text


def test_a_wrong_filter_is_told_in_dutch_and_never_a_server_error(client, login_as):
    login_as("lead")
    for query in ("van=gisteren", "wie=abc", "provincie=999999", "actie=%3Cscript%3E",
                  "van=2022-05-02&tot=2022-05-01", "pagina=-3"):  # fmt: skip
        response = client.get(f"/audit?{query}")
        assert response.status_code == 200, query
        assert "<script>" not in response.text
    assert "Geef een geldige datum" in client.get("/audit?van=gisteren").text
    assert "voor de begindatum" in client.get("/audit?van=2022-05-02&tot=2022-05-01").text
    assert client.get("/audit/export.csv?van=gisteren").status_code == 400


def test_the_log_is_shown_fifty_entries_a_page_newest_first(app, client, login_as):
    login_as("lead")
    for n in range(120):
        _add(app, detail=f"regel-{n:03}", at=datetime(2022, 1, 1, 0, n % 60, tzinfo=UTC))
    first = client.get("/audit?soort=organisation").text
    assert first.count("regel-") == 50 and "pagina 1 van 3" in first
    third = client.get("/audit?soort=organisation&pagina=3").text
    assert third.count("regel-") == 20 and "Vorige" in third and "Volgende" not in third


def test_the_export_holds_the_filtered_entries_and_is_logged_itself(app, client, login_as):
    email = login_as("lead")
    limburg = _province(app, "limburg")
    _add(app, detail="in limburg", province_id=limburg, changes={"name": ["Oud", "Nieuw"]})
    _add(app, detail="=1+1", province_id=limburg)
    _add(app, detail="elders")
    response = client.get(f"/audit/export.csv?provincie={limburg}&tot=2022-12-31")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Tijdstip (Belgische tijd);Gebruiker;Actie")
    assert len(lines) == 3 and "elders" not in text
    assert "name: Oud → Nieuw" in text and "Limburg" in text
    assert "'=1+1" in text  # never a formula
    (logged,) = entries(app, action="export")
    assert logged.user_id == _user(app, email)
    assert logged.detail == "auditlog (CSV, 2 rijen)"

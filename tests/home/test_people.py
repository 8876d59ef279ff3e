"""A person's data: the export, the erasure (history keeps "verwijderde gebruiker") and the
removal of attachments of organisations not selected after the retention period."""

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import func, select

from rollout import auditing
from rollout.applications.models import Application, Attachment
from rollout.auth.models import Organisation, User
from rollout.changes import Act, Refused
from rollout.extensions import db
from rollout.home import people
from rollout.plan.models import Activity, Province, Rollout
from rollout.prematching.models import Interview
from rollout.sessions.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from rollout.staffing.models import StaffingRole, TeamKind, TeamMember
from tests.conftest import post_form, sign_in

PERSON = "an.peeters@example.org"
NOON = datetime(2021, 6, 1, 10, tzinfo=UTC)


def _everywhere(app, factory, candidates) -> dict:
    """A user `PERSON` who is also a team member, an organisation's and an application's
    contact, a session guest with attendance, and an interview participant."""
    org_id = candidates["Eik-org"]
    factory.user("organisation", email=PERSON, organisation_id=org_id)
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        province = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        user = db.session.scalar(select(User).where(User.email == PERSON))
        organisation = db.session.get(Organisation, org_id)
        organisation.contact_name, organisation.contact_email = (
            "An Peeters",
            "An.Peeters@example.org",
        )
        organisation.contact_phone = "0470 00 00 00"
        application = db.session.get(Application, candidates["Eik"])
        application.contact_name, application.contact_email = "An Peeters", PERSON
        member = TeamMember(
            rollout_id=rollout.id,
            province_id=province.id,
            team=TeamKind.ORGANISATION,
            name="An Peeters",
            email=PERSON,
            role=next(iter(StaffingRole)),
            hours=8,
            valid_from=date(2021, 1, 1),
        )
        activity = db.session.scalars(select(Activity)).first()
        meeting = Meeting(
            rollout_id=rollout.id,
            activity_id=activity.id,
            kind=next(iter(MeetingKind)),
            starts_at=NOON,
            ends_at=NOON + timedelta(hours=2),
            guests=[{"name": "An Peeters", "email": PERSON}, {"name": "Bo", "email": "bo@x.org"}],
        )
        db.session.add_all([member, meeting])
        db.session.flush()
        db.session.add(
            Attendance(
                meeting_id=meeting.id,
                person_key=f"guest:{PERSON}",
                name="An Peeters",
                email=PERSON,
                status=next(iter(AttendanceStatus)),
            )
        )
        interview = Interview(
            application_id=application.id,
            starts_at=NOON,
            ends_at=NOON + timedelta(hours=1),
            participants=[{"name": "An Peeters", "email": PERSON, "side": "organisatie"}],
        )
        db.session.add(interview)
        db.session.commit()
        return {
            "user": user.id,
            "member": member.id,
            "meeting": meeting.id,
            "interview": interview.id,
        }


def test_person_data_collects_every_row_that_names_the_email(app, factory, candidates):
    ids = _everywhere(app, factory, candidates)
    with app.app_context():
        data = people.person_data(db.session, " AN.Peeters@example.org ")
    assert data["gebruiker"]["id"] == ids["user"]
    assert [o["id"] for o in data["organisaties_als_contact"]] == [candidates["Eik-org"]]
    assert [a["id"] for a in data["aanmeldingen_als_contact"]] == [candidates["Eik"]]
    assert [m["id"] for m in data["teamleden"]] == [ids["member"]]
    assert len(data["aanwezigheden"]) == 1
    assert data["sessies_als_gast"][0]["gasten"] == [{"name": "An Peeters", "email": PERSON}]
    assert data["gesprekken"][0]["interview_id"] == ids["interview"]
    assert data["auditlog"][0]["action"] == "insert", "what the log holds by or about the user"
    json.dumps(data)  # plain data
    with app.app_context():
        assert not people.holds_anything(people.person_data(db.session, "niemand@example.org"))


def test_erasing_pseudonymises_everywhere_and_keeps_history(app, factory, candidates):
    ids = _everywhere(app, factory, candidates)
    lead = factory.get_user(factory.user("lead", email="lead@example.org"))
    with app.app_context():
        before = db.session.get(User, ids["user"])
        token, feed = before.session_token, before.calendar_token
        audit_rows = db.session.scalar(select(func.count(auditing.AuditEntry.id)))
        placeholder = people.erase_person(db.session, PERSON, Act.by(lead.id))
        db.session.commit()
    with app.app_context():
        user = db.session.get(User, ids["user"])
        assert placeholder == f"verwijderd-{user.id}@invalid"
        assert (user.name, user.email, user.is_active) == (people.ERASED_NAME, placeholder, False)
        assert user.session_token != token and user.calendar_token != feed
        assert user.password_hash == ""
        member = db.session.get(TeamMember, ids["member"])
        assert (member.name, member.email, member.hours) == (people.ERASED_NAME, "", 8)
        org = db.session.get(Organisation, candidates["Eik-org"])
        assert (org.contact_name, org.contact_email, org.contact_phone) == ("", "", "")
        assert db.session.get(Application, candidates["Eik"]).contact_email == ""
        meeting = db.session.get(Meeting, ids["meeting"])
        assert meeting.guests == [
            {"name": people.ERASED_NAME, "email": placeholder},
            {"name": "Bo", "email": "bo@x.org"},
        ]
        (attendance,) = meeting.attendance
        assert attendance.person_key == f"guest:{placeholder}"
        assert attendance.name == people.ERASED_NAME
        interview = db.session.get(Interview, ids["interview"])
        assert interview.participants[0]["name"] == people.ERASED_NAME
        assert not people.holds_anything(people.person_data(db.session, PERSON))
        # the audit log is kept as it was, with one entry more for the erasure and its changes
        assert db.session.scalar(select(func.count(auditing.AuditEntry.id))) > audit_rows
        assert (
            db.session.scalar(
                select(func.count(auditing.AuditEntry.id)).where(
                    auditing.AuditEntry.action == "person_erased"
                )
            )
            == 1
        )


def test_erasing_refuses_oneself_the_last_lead_and_an_unknown_address(app, factory, seeded):
    lead = factory.get_user(factory.user("lead", email="lead@example.org"))
    with app.app_context():
        with pytest.raises(Refused, match="eigen"):
            people.erase_person(db.session, "lead@example.org", Act.by(lead.id))
        with pytest.raises(Refused, match="laatste actieve"):
            people.erase_person(db.session, "lead@example.org", Act.by(None))
        with pytest.raises(Refused, match="niets"):
            people.erase_person(db.session, "niemand@example.org", Act.by(lead.id))
    factory.user("lead", email="other@example.org")
    with app.app_context():
        people.erase_person(db.session, "lead@example.org", Act.by(None))
        db.session.commit()


def test_the_page_exports_and_erases_for_a_lead_only(app, client, factory, login_as, candidates):
    _everywhere(app, factory, candidates)
    login_as("lead")
    page = client.get(f"/personen?email={PERSON}")
    assert page.status_code == 200 and "Alles exporteren" in page.text
    export = client.get(f"/personen/export.json?email={PERSON}")
    assert export.status_code == 200
    assert export.json["gebruiker"]["email"] == PERSON
    sheet = client.get(f"/personen/export.xlsx?email={PERSON}")
    workbook = load_workbook(io.BytesIO(sheet.data))
    assert "teamleden" in workbook.sheetnames
    assert workbook["gebruiker"]["B2"].value == PERSON
    assert client.get(f"/personen/export.pdf?email={PERSON}").status_code == 404
    refused = post_form(client, "/personen", {"email": PERSON, "bevestiging": "ja"})
    assert refused.status_code == 200 and "Typ WISSEN" in refused.text
    done = post_form(client, "/personen", {"email": PERSON, "bevestiging": "WISSEN"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == PERSON)) is None
        assert db.session.scalar(
            select(auditing.AuditEntry).where(
                auditing.AuditEntry.action == "export",
                auditing.AuditEntry.detail.contains(PERSON),
            )
        )


@pytest.mark.parametrize("role", ["service", "organisation"])
def test_others_may_not_open_the_page(client, login_as, role):
    login_as(role)
    assert client.get("/personen").status_code in (403, 404)
    assert client.get(f"/personen/export.json?email={PERSON}").status_code in (403, 404)


def _attachment(app, application_id: int, name: str) -> str:
    folder = app.config["UPLOAD_FOLDER"]
    stored = f"{name}.pdf"
    (folder / stored).write_bytes(b"%PDF-1.4")
    with app.app_context():
        db.session.add(
            Attachment(
                application_id=application_id,
                original_name=f"{name}.pdf",
                stored_name=stored,
                content_type="application/pdf",
                size=8,
            )
        )
        db.session.commit()
    return stored


def test_purge_removes_attachments_of_the_not_selected_after_the_period(app, decided):
    kept = _attachment(app, decided["Eik"], "partner")  # selected
    removed = _attachment(app, decided["Beuk"], "beuk")  # not selected
    waiting = _attachment(app, decided["Linde"], "linde")  # no published decision in its province
    with app.app_context():
        last_day = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig")).last_day
    folder = app.config["UPLOAD_FOLDER"]
    runner = app.test_cli_runner()
    with time_machine.travel(
        datetime.combine(last_day + timedelta(days=10), datetime.min.time(), UTC)
        + timedelta(hours=12),
        tick=False,
    ):
        early = runner.invoke(args=["purge-attachments", "--days", "30"])
        assert "0 bijlage(n)" in early.output
        assert (folder / removed).exists()
        done = runner.invoke(args=["purge-attachments", "--days", "5"])
        assert "1 bijlage(n)" in done.output, done.output
    assert not (folder / removed).exists()
    assert (folder / kept).exists() and (folder / waiting).exists()
    with app.app_context():
        names = db.session.scalars(select(Attachment.original_name)).all()
        assert sorted(names) == ["linde.pdf", "partner.pdf"]
        entry = db.session.scalar(
            select(auditing.AuditEntry).where(auditing.AuditEntry.action == "attachment_removed")
        )
        assert "beuk.pdf" in entry.detail


def test_purge_keeps_everything_by_default_within_a_year(app, decided):
    _attachment(app, decided["Beuk"], "beuk")
    assert app.config["ATTACHMENT_RETENTION_DAYS"] == 365
    result = app.test_cli_runner().invoke(args=["purge-attachments"])
    assert "0 bijlage(n)" in result.output


def test_history_names_an_erased_user_verwijderde_gebruiker(app, factory, decided):
    other = factory.get_user(factory.user("lead", email="other@example.org"))
    page = decided["lead"].get("/matching/antwerpen")
    assert "door lead@example.org" in page.text
    with app.app_context():
        people.erase_person(db.session, "lead@example.org", Act.by(other.id))
        db.session.commit()
    viewer = app.test_client()
    sign_in(viewer, "other@example.org")
    page = viewer.get("/matching/antwerpen")
    assert "door verwijderde gebruiker" in page.text
    assert "lead@example.org" not in page.text

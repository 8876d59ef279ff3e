"""Hostile text (issue 15, point 1): a NUL byte or another control character in a form field is
refused at that field by every form (GuardedForm), before anything reads it; in a path or a
query string it names no page (404). Nothing reaches the database, on SQLite and PostgreSQL."""

import ast
import importlib
import io
import pkgutil
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict

import rollout
from rollout.applications.models import Application, Attachment
from rollout.auth.models import LoginFailure
from rollout.extensions import db
from rollout.fields import INVALID_FILE_NAME, INVALID_TEXT, GuardedForm
from tests.applications.files import pdf_bytes
from tests.applications.test_form import hidden
from tests.conftest import csrf_token, sign_in
from tests.factories import approve, start
from tests.plan.test_progress_views import post_done, url
from tests.prematching.test_views import (
    client_for,
    deadline_passed,
    decide,
    review_form,
    to_interview,
)
from tests.qa.test_sessions import NEW, session_data
from tests.staffing.helpers import add, rollout_start

#: Control characters a single-line field refuses (a NUL byte first: PostgreSQL's 500).
CONTROL = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\r\n", "\n", "\t"]


def snapshot(app) -> dict[str, list[str]]:
    """Every row of every table, to show that a refused form changed nothing."""
    with app.app_context():
        return {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            for table in db.metadata.sorted_tables
        }


def refused_at(response, field_id: str, message: str = INVALID_TEXT) -> bool:
    """The guard's message is shown at the field `field_id` (the form macro's error id)."""
    return bool(
        re.search(rf'id="{re.escape(field_id)}-fout"[^>]*>{re.escape(message)}<', response.text)
    )


# --- a representative form of every area ------------------------------------------------------


@pytest.fixture
def applicant(app, factory, login_as, current_round) -> SimpleNamespace:
    """A signed-in member of an approved organisation in Antwerpen."""
    organisation_id = factory.organisation("antwerpen", "Voorziening Eik")
    approve(app, organisation_id)
    login_as("organisation", "antwerpen", organisation_id=organisation_id)
    return SimpleNamespace(organisation_id=organisation_id)


@pytest.mark.parametrize("character", CONTROL)
def test_sign_in_refuses_a_control_character_before_any_lookup(app, client, factory, character):
    email = factory.user("lead")
    page = client.get("/login").text
    before = snapshot(app)
    response = client.post(
        "/login",
        data={"csrf_token": csrf_token(page), "email": email + character, "password": "x" * 12},
    )
    assert response.status_code == 200
    assert refused_at(response, "email")
    assert snapshot(app) == before  # not even a failed attempt is counted
    with app.app_context():
        assert db.session.scalar(select(LoginFailure)) is None


def sign_up_form(page: str, app, **fields) -> dict[str, str]:
    with app.app_context():
        from rollout.plan.models import Province

        limburg = db.session.scalar(select(Province.id).where(Province.slug == "limburg"))
    return {
        "csrf_token": csrf_token(page),
        "organisation_name": "De Kastanje",
        "province": str(limburg),
        "address": "Bosstraat 9\r\n3500 Hasselt",
        "contact_name": "Karel Kastanje",
        "email": "karel@kastanje.be",
        "new_password": "een lang genoeg wachtwoord",
        "confirm": "een lang genoeg wachtwoord",
        **fields,
    }


@pytest.mark.parametrize("character", CONTROL)
def test_sign_up_refuses_an_organisation_name_with_a_control_character(
    app, client, seeded, character
):
    """Point 3 too: a name is one line, so no CR/LF reaches a mail subject."""
    page = client.get("/registreren").text
    before = snapshot(app)
    data = sign_up_form(page, app, organisation_name=f"De{character}Kastanje")
    response = client.post("/registreren", data=data)
    assert response.status_code == 200
    assert refused_at(response, "organisation_name")
    assert 'value="Karel Kastanje"' in response.text  # what was typed stays
    assert snapshot(app) == before


def test_sign_up_refuses_a_nul_byte_in_a_multi_line_field_and_in_the_email(app, client, seeded):
    page = client.get("/registreren").text
    before = snapshot(app)
    data = sign_up_form(page, app, address="Bosstraat 9\x00", email="karel\x00@kastanje.be")
    response = client.post("/registreren", data=data)
    assert response.status_code == 200
    assert refused_at(response, "address") and refused_at(response, "email")
    assert snapshot(app) == before


def test_application_section_refuses_a_nul_byte_and_keeps_newlines_and_tabs(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    path = f"/aanmeldingen/{application_id}/organisatie"
    page = client.get(path).text
    data = {
        "csrf_token": csrf_token(page),
        "version": hidden(page, "version"),
        "organisation_address": "Eikenlaan 3\r\n2000 Antwerpen",
        "contact_name": "Els\x00Janssens",
        "save": "Opslaan",
    }
    before = snapshot(app)
    response = client.post(path, data=data)
    assert response.status_code == 200
    assert refused_at(response, "contact_name")
    assert snapshot(app) == before

    # newline and tab are text in a multi-line field
    data |= {"contact_name": "Els Janssens", "organisation_address": "Eikenlaan 3\r\n\t2000"}
    assert client.post(path, data=data).status_code == 302
    with app.app_context():
        saved = db.session.get(Application, application_id)
        assert saved.organisation_address == "Eikenlaan 3\r\n\t2000"
        assert saved.contact_name == "Els Janssens"


def test_an_attachment_whose_name_holds_a_control_character_is_refused(app, client, applicant):
    application_id = start(app, applicant.organisation_id)
    path = f"/aanmeldingen/{application_id}/bijlagen"
    page = client.get(path).text
    before = snapshot(app)
    response = client.post(
        path,
        data={"csrf_token": csrf_token(page), "file": (_pdf(), "plan\x00.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert INVALID_FILE_NAME in response.text
    assert snapshot(app) == before
    assert list(Path(app.config["UPLOAD_FOLDER"]).glob("*")) == []


def _pdf() -> io.BytesIO:
    return io.BytesIO(pdf_bytes())


def test_an_attachment_stored_with_a_control_character_in_its_name_downloads(
    app, client, applicant
):
    """Names stored before the guard: the download's file name is made one line."""
    application_id = start(app, applicant.organisation_id)
    page = client.get(f"/aanmeldingen/{application_id}/bijlagen").text
    client.post(
        f"/aanmeldingen/{application_id}/bijlagen",
        data={"csrf_token": csrf_token(page), "file": (_pdf(), "plan.pdf")},
        content_type="multipart/form-data",
    )
    with app.app_context():
        attachment = db.session.scalar(select(Attachment))
        attachment.original_name = "plan\r\n\x1b.pdf"
        db.session.commit()
        attachment_id = attachment.id
    download = client.get(f"/aanmeldingen/{application_id}/bijlagen/{attachment_id}")
    assert download.status_code == 200
    assert download.get_data() == pdf_bytes()
    assert 'filename="plan .pdf"' in download.headers["Content-Disposition"]


@pytest.mark.parametrize("character", ["\x00", "\x1b"])
def test_a_qa_session_refuses_a_control_character(app, client, login_as, character):
    login_as("lead")
    before = snapshot(app)
    response = client.post(NEW, data=session_data(client.get(NEW).text, title=f"Vragen{character}"))
    assert response.status_code == 200
    assert refused_at(response, "title")
    assert snapshot(app) == before


def test_a_qa_session_keeps_newlines_and_tabs_in_its_notes(app, client, login_as):
    login_as("lead")
    data = session_data(client.get(NEW).text, notes="Eerste lijn\n\tTweede lijn")
    assert client.post(NEW, data=data).status_code == 302


def test_a_review_refuses_a_nul_byte(app, factory, candidates):
    lead = client_for(app, factory, "lead")
    path = f"/aanmeldingen/{candidates['Eik']}/beoordeling"
    fields, _ = review_form(lead.get(path).text)
    before = snapshot(app)
    data = {**fields, "staffing_assessment": "met", "staffing_comment": "ok\x00", "save": "x"}
    response = lead.post(path, data=data)
    assert response.status_code == 200
    assert "Dit veld bevat ongeldige tekens." in response.text
    assert snapshot(app) == before


def test_a_decision_refuses_a_nul_byte(app, factory, candidates):
    lead = client_for(app, factory, "lead")
    with app.app_context():
        to_interview(candidates["Eik"])
        deadline_passed()
    before = snapshot(app)
    response = decide(lead, candidates["Eik"], reason="Beste\x00match")
    assert response.status_code == 200
    assert refused_at(response, "reason")
    assert snapshot(app) == before


def test_a_team_member_refuses_a_control_character(app, factory, decided):
    organisation = app.test_client()
    sign_in(
        organisation, factory.user("organisation", "antwerpen", organisation_id=decided["Eik-org"])
    )
    start_day = rollout_start(app).isoformat()
    before = snapshot(app)
    response = add(organisation, "organisation", "An\x00", "coordinator", "8", start_day)
    assert response.status_code == 200
    assert "Dit veld bevat ongeldige tekens." in response.text
    assert snapshot(app) == before


def test_progress_refuses_a_nul_byte_in_its_note(app, client, login_as):
    login_as("lead")
    path = url(app, "blauwdruk")
    before = snapshot(app)
    response = post_done(client, path, actual_start="2021-10-01", note="Gestart\x00")
    assert response.status_code == 200
    assert refused_at(response, "done-note")
    assert snapshot(app) == before


# --- paths and query strings ------------------------------------------------------------------

URLS = [
    "/provinces/a%00b",
    "/kalender/a%00b/antwerpen.ics",
    "/kalender/abc/ant%00werpen.ics",
    "/teams/antwerpen?ronde=huidig&datum=2021-10-01%00",
    "/provinces/antwerpen?ronde=a%00b",
    "/aanmeldingen?provincie=a%00b",
    "/login?next=/a%1bb",
    "/registreren%0d%0a",
]


@pytest.mark.parametrize("path", URLS)
def test_a_control_character_in_a_url_names_no_page(app, client, seeded, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", URLS)
def test_a_control_character_in_a_url_names_no_page_when_signed_in(app, client, login_as, path):
    login_as("lead")
    before = snapshot(app)
    assert client.get(path).status_code == 404
    assert client.post(path, data={}).status_code == 404
    assert snapshot(app) == before


# --- every form of the app is guarded ---------------------------------------------------------

ROOT = Path(rollout.__file__).resolve().parent


def test_no_form_derives_from_flask_form_but_the_guarded_base():
    """Every class statement in rollout/ (also one inside a function) that makes a form
    builds on GuardedForm (or on a form that does), never on FlaskForm itself."""
    direct = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ClassDef) and node.name != "GuardedForm":
                names = {getattr(base, "id", getattr(base, "attr", None)) for base in node.bases}
                if names & {"FlaskForm", "Form", "BaseForm"}:
                    direct.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert direct == []


def _every_form_class(app) -> list[type]:
    for module in pkgutil.walk_packages(rollout.__path__, "rollout."):
        importlib.import_module(module.name)
    # the forms that factories build for a round's requirements
    from rollout.applications.forms import requirement_form, staffing_form
    from rollout.prematching.forms import review_form

    requirement = SimpleNamespace(slug="r", title="R", question_list=["Vraag?"])
    with app.test_request_context():
        requirement_form([requirement])
        staffing_form()
        review_form([requirement])
    found, todo = set(), [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(
        (cls for cls in found if cls.__module__.startswith("rollout.") and cls is not GuardedForm),
        key=lambda cls: (cls.__module__, cls.__qualname__),
    )


def test_every_field_of_every_form_refuses_a_nul_byte(app):
    forms = _every_form_class(app)
    assert len(forms) >= 30  # every area's forms were found
    unguarded = [
        f"{cls.__module__}.{cls.__qualname__}" for cls in forms if not issubclass(cls, GuardedForm)
    ]
    assert unguarded == []
    missed = []
    with app.test_request_context(method="POST"):
        for cls in forms:
            fields = list(cls(formdata=None, meta={"csrf": False}))
            form = cls(formdata=MultiDict(map(_nul_for, fields)), meta={"csrf": False})
            assert not form.validate()
            missed += [
                f"{cls.__qualname__}.{field.name}"
                for field in form
                if _refusal_of(field) not in field.errors
            ]
    assert missed == []


def _nul_for(field) -> tuple[str, object]:
    """What the walk sends for `field`: text with a NUL byte, or a file whose name has one."""
    if field.type == "FileField":
        return field.name, FileStorage(stream=_pdf(), filename="a\x00b.pdf", name=field.name)
    return field.name, "a\x00b"


def _refusal_of(field) -> str:
    return INVALID_FILE_NAME if field.type == "FileField" else INVALID_TEXT


def test_a_file_field_refuses_a_name_with_a_control_character(app):
    from rollout.applications.forms import AttachmentForm

    with app.test_request_context(method="POST"):
        upload = FileStorage(stream=_pdf(), filename="plan\x00.pdf", name="file")
        form = AttachmentForm(formdata=MultiDict({"file": upload}), meta={"csrf": False})
        assert not form.validate()
        assert form.file.errors == [INVALID_FILE_NAME]


def test_a_multi_line_field_takes_newlines_and_tabs_a_single_line_field_none(app):
    from rollout.auth.forms import SignUpForm

    with app.test_request_context(method="POST"):
        form = SignUpForm(
            formdata=MultiDict({"address": "a\r\n\tb", "contact_name": "a\tb"}),
            meta={"csrf": False},
        )
        form.province.choices = []
        form.validate()
        assert INVALID_TEXT not in form.address.errors
        assert form.contact_name.errors == [INVALID_TEXT]


def test_every_mail_is_built_by_the_one_helper():
    """Point 3: every subject goes through rollout.mailing, which makes it one line."""
    builders = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.rglob("*.py"))
        if "EmailMessage" in path.read_text() and path.name != "mailing.py"
    ]
    assert builders == []


# --- point 5: hosts ---------------------------------------------------------------------------


def outbox(app) -> list:
    """Every mail sent in this process so far (the test backend keeps them all)."""
    return getattr(app.extensions["mailman"], "outbox", [])


def test_a_request_for_an_unknown_host_is_refused_and_sends_no_mail(app, client, seeded):
    """A sign-up sent with Host: evil.example got a verification link to evil.example."""
    page = client.get("/registreren").text
    before, sent = snapshot(app), len(outbox(app))
    response = client.post(
        "/registreren", data=sign_up_form(page, app), headers={"Host": "evil.example"}
    )
    assert response.status_code == 400
    assert len(outbox(app)) == sent
    assert snapshot(app) == before


def test_links_in_mail_use_the_public_address_whatever_host_the_request_named(app, client, seeded):
    """127.0.0.1 is a trusted host here, but not the public address: the link is on BASE_URL."""
    page = client.get("/registreren", headers={"Host": "127.0.0.1"}).text
    sent = len(outbox(app))
    response = client.post(
        "/registreren", data=sign_up_form(page, app), headers={"Host": "127.0.0.1"}
    )
    assert "Bevestig uw e-mailadres" in response.text
    (message,) = outbox(app)[sent:]
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith(app.config["BASE_URL"] + "/") for link in links)
    assert "127.0.0.1" not in message.body


# --- point 6: sign-up does not tell which addresses have an account ---------------------------


def test_sign_up_answers_the_same_for_an_address_with_an_account_and_mails_its_holder(
    app, client, seeded, factory
):
    factory.user("lead", email="lead@example.org")

    def sign_up(email: str):
        page = client.get("/registreren").text
        return client.post("/registreren", data=sign_up_form(page, app, email=email))

    sent = len(outbox(app))
    fresh = sign_up("nieuw@kastanje.be")
    before = snapshot(app)
    taken = sign_up("lead@example.org")
    assert taken.status_code == fresh.status_code == 200
    assert taken.text.replace("lead@example.org", "X") == fresh.text.replace(
        "nieuw@kastanje.be", "X"
    )
    assert "Er bestaat al een account" not in taken.text
    assert snapshot(app) == before  # no organisation, no account
    verification, notice = outbox(app)[sent:]
    assert (
        verification.to == ["nieuw@kastanje.be"] and "/registreren/bevestigen/" in verification.body
    )
    assert notice.to == ["lead@example.org"]
    assert "U hebt al een account" in notice.subject
    assert app.config["BASE_URL"] + "/login" in notice.body
    assert "/registreren/bevestigen/" not in notice.body


# --- point 11: an expired form says so and keeps what was typed -------------------------------

EXPIRED = "Dit formulier was te lang open"


def test_an_expired_submit_form_says_so_and_submits_nothing(
    app, client, factory, login_as, current_round
):
    """ "Indienen" re-rendered without any message (10 of 10 tries)."""
    from tests.factories import fill_complete

    organisation_id = factory.organisation("antwerpen")
    login_as("organisation", "antwerpen", organisation_id=organisation_id)
    application_id = start(app, organisation_id)
    fill_complete(app, application_id)
    page = client.get(f"/aanmeldingen/{application_id}/indienen").text
    response = client.post(
        f"/aanmeldingen/{application_id}/indienen",
        data={"csrf_token": "verlopen", "version": hidden(page, "version")},
    )
    assert response.status_code == 200
    assert EXPIRED in response.text
    with app.app_context():
        assert db.session.get(Application, application_id).status.value == "draft"


def test_an_expired_form_keeps_what_was_typed(app, client, factory, login_as, current_round):
    organisation_id = factory.organisation("antwerpen")
    login_as("organisation", "antwerpen", organisation_id=organisation_id)
    application_id = start(app, organisation_id)
    response = client.post(
        f"/aanmeldingen/{application_id}/organisatie",
        data={"csrf_token": "verlopen", "contact_name": "Getypt Maar Verlopen"},
    )
    assert response.status_code == 200
    assert EXPIRED in response.text
    assert 'value="Getypt Maar Verlopen"' in response.text


def test_an_expired_lead_form_with_a_reason_keeps_it(app, client, factory, login_as, current_round):
    """The forms of a lead that were a 400 page: the reason typed comes back."""
    organisation_id = factory.organisation("antwerpen")
    application_id = start(app, organisation_id)
    login_as("lead")
    response = client.post(
        f"/aanmeldingen/{application_id}/uitstel",
        data={"csrf_token": "verlopen", "reason": "Ziekte van de coördinator"},
    )
    assert response.status_code == 200
    assert EXPIRED in response.text
    assert "Ziekte van de coördinator" in response.text

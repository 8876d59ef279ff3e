"""What the demo data lacks for the crawl to find every form: one step per missing state, each
run on the freshly loaded demo (ids from 1) in an app context of its own. Each step says which
form it brings within reach. A visitor reaches a page only by a link in a mail: START_PAGES."""

import hashlib
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from config import TestingConfig
from rollout.applications import services as applications
from rollout.applications.attachments import CheckedUpload, store
from rollout.applications.models import Application, Attachment
from rollout.auth import services as auth
from rollout.auth.models import Invitation, Organisation, Role, User
from rollout.changes import Act
from rollout.demo import LEAD_EMAIL
from rollout.extensions import db
from rollout.plan import services as plan
from rollout.plan.models import Province, Rollout
from rollout.plan.seeding import apply_plan, read_plan, shift_plan
from rollout.prematching.models import Decision, PaperVerdict, Screening
from rollout.qa import services as qa
from rollout.timeutil import utcnow
from tests.applications.files import pdf_bytes
from tests.conftest import SEED_FILE

#: The token in the link of the invitation a visitor opens.
INVITATION_TOKEN = "fuzz-invitation-link"
#: The user who asked for a link to choose a new password: a fixed id and password hash, so
#: that the link (signed with the testing secret, naming the hash's fingerprint) stays valid
#: after every reload of the demo.
RESET_USER = User(id=9999, email="herstel@example.org", password_hash="fuzz-fixed-hash")
RESET_TOKEN = auth.reset_token(RESET_USER, TestingConfig.SECRET_KEY)
#: Where a role starts besides the home page: a link from a mail, a round chosen in a menu.
START_PAGES = {
    "visitor": ("/", f"/uitnodiging/{INVITATION_TOKEN}", f"/wachtwoord-kiezen/{RESET_TOKEN}"),
    "lead": ("/", "/plan?ronde=oud", "/matching/west-vlaanderen?ronde=2021-2022"),
}


def _lead() -> Act:
    return Act.by(db.session.scalar(select(User.id).where(User.email == LEAD_EMAIL)))


def _demo_application(province: str) -> Application:
    return db.session.scalar(
        select(Application)
        .join(Rollout)
        .join(Organisation)
        .join(Province)
        .where(Rollout.slug == "demo", Province.slug == province)
    )


def an_attachment(app) -> None:
    """applications.remove_attachment: a file on the draft application in Antwerpen."""
    application = _demo_application("antwerpen")
    data = pdf_bytes()
    checked = CheckedUpload("plan.pdf", "application/pdf", "pdf", len(data))
    stored = store(Path(app.config["UPLOAD_FOLDER"]), checked, data)
    attachment = Attachment(
        original_name="plan.pdf",
        stored_name=stored,
        content_type=checked.content_type,
        size=len(data),
    )
    applications.add_attachment(db.session, application, attachment, _lead())


def an_invited_user(app) -> None:
    """auth.accept_invitation and auth.reinvite: a user invited who has not yet accepted."""
    act = _lead()
    limburg = db.session.scalar(select(Province).where(Province.slug == "limburg"))
    user = auth.create_user(
        db.session, auth.NewUser("uitgenodigd@example.org", Role.SERVICE, province=limburg)
    )
    auth.invite(db.session, user, act, valid_days=7)
    invitation = db.session.scalar(select(Invitation).where(Invitation.user_id == user.id))
    invitation.token_hash = hashlib.sha256(INVITATION_TOKEN.encode()).hexdigest()


def an_organisation_to_approve(app) -> None:
    """auth.approve: an organisation that signed up itself."""
    limburg = db.session.scalar(select(Province).where(Province.slug == "limburg"))
    auth.sign_up(
        db.session,
        auth.SignUp(
            "Nieuwe Voorziening",
            limburg,
            "Straat 1, Hasselt",
            "Nina Nieuw",
            "nina@nieuw.example.org",
            "",
            "een lang genoeg wachtwoord",
        ),
    )


def a_deactivated_user(app) -> None:
    """auth.reactivate: a member whose account was deactivated."""
    auth.deactivate(db.session.scalar(select(User).where(User.email == "pz-limburg@example.org")))


def a_closed_round(app) -> None:
    """plan.reopen_round: a round a lead closed (beside the demo's two, which stay open)."""
    spec = read_plan(SEED_FILE)
    apply_plan(db.session, shift_plan(spec, spec.start - timedelta(days=365), "Oud", "oud"))
    plan.close_round(db.session.scalar(select(Rollout).where(Rollout.slug == "oud")), _lead())


def an_applicant_to_interview(app) -> None:
    """prematching.interview: the submitted application (Vlaams-Brabant) passed on paper."""
    application = _demo_application("vlaams-brabant-brussel")
    db.session.add(
        Screening(
            application=application,
            verdict=PaperVerdict.TO_INTERVIEW,
            decided_at=utcnow(),
            decided_on=utcnow().date(),
        )
    )


def a_decision_to_publish(app) -> None:
    """prematching.publish: West-Vlaanderen's decision in the earlier round not yet published."""
    decision = db.session.scalar(
        select(Decision)
        .join(Rollout)
        .join(Province)
        .where(Rollout.slug == "2021-2022", Province.slug == "west-vlaanderen")
    )
    decision.published_at = decision.published_on = None


def a_qa_session_with_a_registration(app) -> None:
    """qa.edit_session, qa.delete_session, qa.register, qa.cancel_registration: a session of
    the demo round next month, Antwerpen's organisation registered for it."""
    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "demo"))
    starts = utcnow().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=30)
    session = qa.create_session(
        db.session,
        rollout,
        qa.SessionDetails(
            "Vragenronde", starts, starts + timedelta(hours=2), "https://meet.example.org/x", 20
        ),
    )
    organisation = _demo_application("antwerpen").organisation
    qa.register(db.session, session, organisation, 2, _lead())


def a_password_reset_link(app) -> None:
    """auth.reset_password: a user who asked for a link to choose a new password."""
    limburg = db.session.scalar(select(Province).where(Province.slug == "limburg"))
    db.session.add(
        User(
            id=RESET_USER.id,
            email=RESET_USER.email,
            password_hash=RESET_USER.password_hash,
            role=Role.SERVICE,
            service_province=limburg,
            email_verified_at=utcnow(),
        )
    )


#: Run in this order after the demo is loaded.
STEPS = (
    an_attachment,
    an_invited_user,
    an_organisation_to_approve,
    a_deactivated_user,
    a_closed_round,
    an_applicant_to_interview,
    a_decision_to_publish,
    a_qa_session_with_a_registration,
    a_password_reset_link,
)


def prepare(app) -> None:
    for step in STEPS:
        with app.app_context():
            step(app)
            db.session.commit()

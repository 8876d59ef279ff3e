"""Objects for tests, made the way the app makes them: through its own services, each in an app
context of its own and committed; they return ids and emails, never objects bound to a session.

Rollouts, provinces and participations come from the seed (the `seeded` and `current_round`
fixtures); organisations, users and applications from here. Each write service is called in one
place below, so a change to its signature is one edit.
"""

import re
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import select

from rollout.applications import services as applications
from rollout.applications.models import Application
from rollout.applications.queries import requirements_of
from rollout.auth import services as auth
from rollout.auth.models import Organisation, Role, User
from rollout.changes import Act
from rollout.extensions import db
from rollout.plan.models import Province, Rollout

PASSWORD = "correct horse battery"

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


# --- applications, one step each --------------------------------------------------------------


def approve(app, organisation_id: int) -> None:
    """The organisation approved by a lead (on 1 January 2021), so that it may submit."""
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        organisation.approved_at = datetime(2021, 1, 1, tzinfo=UTC)
        db.session.commit()


def start(app, organisation_id: int, rollout_slug: str = "huidig") -> int:
    """A new draft application of the organisation in the round; returns its id."""
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == rollout_slug))
        organisation = db.session.get(Organisation, organisation_id)
        application = applications.start_application(
            db.session, rollout, organisation, Act.by(None, datetime.now(UTC))
        )
        db.session.commit()
        return application.id


def fill_complete(app, application_id: int) -> None:
    """Every required answer, through the same service as the form."""
    with app.app_context():
        application = db.session.get(Application, application_id)
        requirements = requirements_of(db.session, application.rollout)
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
            applications.save_section(
                db.session,
                application,
                section,
                answers,
                requirements=requirements,
                act=Act.by(None, now),
                expected_version=application.version,
            )
        db.session.commit()


def submit(app, application_id: int, now: datetime | None = None) -> None:
    """Submit through the app's own service, at `now` (default: this moment)."""
    with app.app_context():
        application = db.session.get(Application, application_id)
        applications.submit(
            db.session,
            application,
            requirements=requirements_of(db.session, application.rollout),
            act=Act.by(None, now or datetime.now(UTC)),
            expected_version=application.version,
        )
        db.session.commit()


# --- the factory fixture's maker ---------------------------------------------------------------


class Made(NamedTuple):
    organisation_id: int
    application_id: int


class Factory:
    """Makes objects in their own app context and commits them; returns ids and emails."""

    def __init__(self, app):
        self.app = app

    def organisation(
        self, province: str = "antwerpen", name: str | None = None, approved: bool = True
    ) -> int:
        """An organisation a lead invited (approved), or one that signed up itself and waits
        for approval (`approved=False`)."""
        with self.app.app_context():
            p = db.session.scalar(select(Province).where(Province.slug == province))
            name = name or f"Voorziening {p.name}"
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            org = Organisation(
                name=name,
                slug=slug,
                province=p,
                signed_up=not approved,
                approved_at=datetime(2021, 1, 1, tzinfo=UTC) if approved else None,
            )
            db.session.add(org)
            db.session.commit()
            return org.id

    def user(
        self,
        role: str = "lead",
        province: str = "antwerpen",
        email: str | None = None,
        password: str | None = PASSWORD,
        organisation_id: int | None = None,
    ) -> str:
        role = Role(role)
        if role is Role.ORGANISATION and organisation_id is None:
            organisation_id = self.organisation(province, f"Voorziening {province} {role}")
        with self.app.app_context():
            p = db.session.scalar(select(Province).where(Province.slug == province))
            email = email or f"{role.value}-{province}@example.org"
            user = auth.create_user(
                db.session,
                auth.NewUser(
                    email,
                    role,
                    organisation=db.session.get(Organisation, organisation_id)
                    if organisation_id
                    else None,
                    province=p,
                ),
                password=password,
            )
            db.session.commit()
            return user.email

    def application(
        self,
        province: str,
        name: str,
        rollout_slug: str = "huidig",
        *,
        submitted: bool = True,
        submitted_at: datetime | None = None,
    ) -> Made:
        """An approved organisation "Voorziening <name>" in `province` with a complete
        application in the round, submitted (at `submitted_at`, default now) unless told not."""
        organisation_id = self.organisation(province, f"Voorziening {name}")
        approve(self.app, organisation_id)
        application_id = start(self.app, organisation_id, rollout_slug)
        fill_complete(self.app, application_id)
        if submitted:
            submit(self.app, application_id, now=submitted_at)
        return Made(organisation_id, application_id)

    def get_user(self, email: str) -> User:
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            db.session.expunge(user)
            return user

    def rollout(self, slug: str) -> Rollout:
        with self.app.app_context():
            return db.session.scalar(select(Rollout).where(Rollout.slug == slug))

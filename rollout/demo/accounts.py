"""The demo's accounts (seeds/demo/accounts.yaml): the programme lead, and per province an
organisation with one member and a member of the foster-care service."""

import os
import secrets
from dataclasses import dataclass, field

from rollout.auth import services as auth
from rollout.auth.models import Organisation, Role, User
from rollout.auth.passwords import verify_password
from rollout.auth.queries import find_user
from rollout.demo.context import LEAD_EMAIL, Demo
from rollout.plan.models import Province
from rollout.timeutil import utcnow


@dataclass(frozen=True)
class Account:
    email: str
    role: Role
    name: str
    scope: dict = field(default_factory=dict)  #: organisation= or province=, as NewUser takes


def organisation_slug(demo: Demo, province_slug: str) -> str:
    """The slug of the province's demo organisation."""
    return demo.content("accounts").part("organisation").fill("slug", province=province_slug)


def organisation_member(demo: Demo, province_slug: str) -> User | None:
    email = demo.content("accounts").fill("organisation_member", province=province_slug)
    return find_user(demo.session, email)


def service_member(demo: Demo, province_slug: str) -> User | None:
    email = demo.content("accounts").fill("service_member", province=province_slug)
    return find_user(demo.session, email)


def organisation_address(demo: Demo, province: Province) -> str:
    """The address the province's demo organisation has."""
    pattern = demo.content("accounts").part("organisation")
    return pattern.fill("address", province=province.slug, province_name=province.name)


def add_organisation(demo: Demo, **values) -> Organisation:
    """An organisation the demo needs (there is no service that adds one as it stands)."""
    organisation = Organisation(**values)
    demo.session.add(organisation)
    demo.session.flush()
    return organisation


def _ensure_organisation(demo: Demo, province: Province) -> Organisation:
    slug = organisation_slug(demo, province.slug)
    organisation = demo.organisation(slug)
    if organisation is None:
        pattern = demo.content("accounts").part("organisation")
        organisation = add_organisation(
            demo,
            slug=slug,
            name=pattern.fill("name", province=province.slug, province_name=province.name),
            province=province,
            address=organisation_address(demo, province),
            contact_name=pattern.text("contact_name"),
            approved_at=utcnow(),
        )
    return organisation


def _accounts(demo: Demo) -> list[Account]:
    """Every demo account, the lead first; makes the provinces' organisations where missing."""
    content = demo.content("accounts")
    accounts = [Account(LEAD_EMAIL, Role.LEAD, content.part("lead").text("name"))]
    for province in demo.provinces():
        organisation = _ensure_organisation(demo, province)
        member = content.fill("organisation_member", province=province.slug)
        service = content.fill("service_member", province=province.slug)
        accounts.append(
            Account(member, Role.ORGANISATION, organisation.name, {"organisation": organisation})
        )
        accounts.append(
            Account(service, Role.SERVICE, province.foster_care_service, {"province": province})
        )
    return accounts


def _ensure_user(demo: Demo, account: Account, password: str | None) -> bool:
    """The account's user, made if missing (returns True then); a given password replaces a
    different one."""
    user = find_user(demo.session, account.email)
    if user is None:
        scope = account.scope
        new = auth.NewUser(
            account.email,
            account.role,
            account.name,
            scope.get("organisation"),
            scope.get("province"),
        )
        auth.create_user(demo.session, new, password=password)
        return True
    if password and not verify_password(user.password_hash, password):
        auth.set_password(user, password)
    return False


def load(demo: Demo) -> None:
    """Every demo account, with one password: DEMO_PASSWORD, or one generated the first time
    (and printed then only)."""
    password = os.environ.get("DEMO_PASSWORD") or None
    generated = None
    if password is None and demo.lead() is None:
        password = generated = secrets.token_urlsafe(12)
    accounts = _accounts(demo)
    created = sum(_ensure_user(demo, account, password) for account in accounts)
    demo.session.flush()
    demo.lines.append(f"Demo-accounts: {len(accounts)} ({created} nieuw). Aanmelden met bv.:")
    demo.lines += [f"  {account.email}" for account in accounts]
    demo.lines.append(_password_line(generated))


def _password_line(generated: str | None) -> str:
    if generated:
        return f"Demo-wachtwoord (wordt maar één keer getoond): {generated}"
    if os.environ.get("DEMO_PASSWORD"):
        return "Demo-wachtwoord: de waarde van DEMO_PASSWORD."
    return (
        "Demo-wachtwoord: zoals getoond bij de eerste seed; of zet DEMO_PASSWORD en voer "
        "`make run` opnieuw uit om het te vervangen."
    )

"""Sign-in, sign-out, passwords, users and invitations. Services flush; the caller commits."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from rollout import auditing
from rollout.auth.models import (
    Invitation,
    LoginFailure,
    Organisation,
    Role,
    User,
    new_session_token,
)
from rollout.auth.passwords import hash_password, needs_rehash, verify_dummy, verify_password
from rollout.auth.queries import find_user
from rollout.auth.rules import (
    LockPolicy,
    after_failure,
    is_locked,
    normalise_email,
    password_problem,
)
from rollout.changes import Act, Refused
from rollout.formatting import datetime_nl
from rollout.plan.models import Province
from rollout.slugs import unique_slug
from rollout.timeutil import utcnow


class AuthError(Refused):
    """A refused sign-in, password or invitation; the message is Dutch and shown to the user."""


class UnverifiedError(AuthError):
    """The right password, but the email address is not verified yet."""

    def __init__(self, message: str, user: "User"):
        super().__init__(message)
        self.user = user


def wrong_credentials(policy: LockPolicy) -> str:
    """One message for an unknown email, a wrong password and an address held back, so that
    the answer does not tell which emails have an account."""
    return (
        "E-mailadres of wachtwoord is onjuist, of u probeerde het te vaak: na "
        f"{policy.max_failures} mislukte pogingen wacht u even voor u opnieuw probeert."
    )


@dataclass(frozen=True)
class Attempt:
    """Who tries: the client's address (failures are counted per account and address) and when."""

    address: str
    now: datetime


def _failures(session: Session, user: User, address: str) -> LoginFailure | None:
    return session.scalar(
        select(LoginFailure).where(LoginFailure.user_id == user.id, LoginFailure.address == address)
    )


def _held_back(session: Session, user: User, attempt: Attempt) -> bool:
    row = _failures(session, user, attempt.address)
    return row is not None and is_locked(row.blocked_until, attempt.now)


def _count_failure(
    session: Session, user: User, attempt: Attempt, policy: LockPolicy, why: str
) -> bool:
    """One more failure of this address for this account (`why`: for the audit log); True when
    the holder should be told (the address is held back for the first time in a day)."""
    row = _failures(session, user, attempt.address)
    if row is None:
        row = LoginFailure(user_id=user.id, address=attempt.address[:64], failures=0)
        session.add(row)
    row.failures, row.blocked_until = after_failure(row.failures, attempt.now, policy)
    row.last_failure_at = attempt.now
    tell = row.blocked_until is not None and (
        row.notified_at is None or attempt.now - row.notified_at > timedelta(days=1)
    )
    if tell:
        row.notified_at = attempt.now
    auditing.event(
        "sign_in_failed",
        user=None,
        target=user,
        detail=why,
        session=session,
        address=attempt.address,
    )
    if row.blocked_until is not None:
        auditing.event(
            "held_back",
            user=None,
            target=user,
            detail=(
                f"{row.failures} mislukte pogingen: dit adres wacht tot "
                f"{datetime_nl(row.blocked_until)}"
            ),
            session=session,
            address=attempt.address,
        )
    session.flush()
    return tell


def _forget_failures(session: Session, user: User, address: str | None = None) -> None:
    """A success from an address clears its failures (a new password: every address's). Row
    by row, not one DELETE statement: a statement would bump every round's data version."""
    query = select(LoginFailure).where(LoginFailure.user_id == user.id)
    if address is not None:
        query = query.where(LoginFailure.address == address)
    for row in session.scalars(query):
        session.delete(row)


class HeldBack(AuthError):
    """A failed attempt after which the account holder is told by mail (see `Attempt`)."""

    def __init__(self, message: str, user: User):
        super().__init__(message)
        self.user = user


def _refusal(session: Session, user: User | None, attempt: Attempt) -> str:
    """Why an attempt is refused before its password is checked (for the audit log), if it is."""
    if user is None:
        return "onbekend account"
    if not user.password_hash:
        return "nog geen wachtwoord gekozen"
    if _held_back(session, user, attempt):
        return "dit adres wacht nog na te veel pogingen"
    return ""


def _failed(session: Session, user: User | None, attempt: Attempt, why: str) -> None:
    auditing.event(
        "sign_in_failed",
        user=None,
        target=user,
        detail=why,
        session=session,
        address=attempt.address,
    )


def authenticate(
    session: Session, email: str, password: str, attempt: Attempt, policy: LockPolicy
) -> User:
    """The user with these credentials, or AuthError. Failed attempts are counted per account
    and client address in the database (so the count holds across web workers); an address
    held back is refused even with the right password until its wait ends, while every other
    address may sign in. The user's row is locked while its attempt is judged, so that
    simultaneous attempts are all counted (SQLite: BEGIN IMMEDIATE does it)."""
    user = find_user(session, email, for_update=True)
    refused = _refusal(session, user, attempt)
    if refused:
        verify_dummy(password)
        _failed(session, user, attempt, refused if user else f"{refused}: {normalise_email(email)}")
        raise AuthError(wrong_credentials(policy))
    if not verify_password(user.password_hash, password):
        if _count_failure(session, user, attempt, policy, "fout wachtwoord"):
            raise HeldBack(wrong_credentials(policy), user)
        raise AuthError(wrong_credentials(policy))
    if not user.is_active:
        _failed(session, user, attempt, "account gedeactiveerd")
        raise AuthError("Dit account is gedeactiveerd. Neem contact op met MFC Bethanië.")
    if user.email_verified_at is None:
        _failed(session, user, attempt, "e-mailadres nog niet bevestigd")
        raise UnverifiedError(
            "Bevestig eerst uw e-mailadres via de link in de e-mail die we u stuurden. We "
            "stuurden u zonet een nieuwe link.",
            user,
        )
    _forget_failures(session, user, attempt.address)
    user.last_login_at = attempt.now
    auditing.event("sign_in", user=user, target=user, session=session, address=attempt.address)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    return user


def end_sessions(user: User) -> None:
    """Every session of this user ends: its cookie names a token that no longer exists."""
    user.session_token = new_session_token()


def renew_calendar_token(user: User) -> None:
    """The user's calendar-feed links get a new secret: a calendar subscribed with the old
    one gets nothing more (a 404) and must subscribe again."""
    user.calendar_token = new_session_token()


def set_password(user: User, password: str) -> None:
    """A new password: every session ends and the calendar links are renewed, since whoever
    had the old password may have copied them."""
    problem = password_problem(password)
    if problem:
        raise AuthError(problem)
    user.password_hash = hash_password(password)
    end_sessions(user)
    renew_calendar_token(user)
    session = object_session(user)
    if session is not None and user.id is not None:
        _forget_failures(session, user)


def change_password(
    session: Session, user: User, current: str, new: str, attempt: Attempt, policy: LockPolicy
) -> None:
    """Guesses of the current password count as failed sign-ins of this address."""
    session.refresh(user, with_for_update=True)
    if _held_back(session, user, attempt):
        _failed(session, user, attempt, "wachtwoord wijzigen: dit adres wacht nog")
        raise AuthError("Te veel foute pogingen: wacht even en probeer dan opnieuw.")
    if not verify_password(user.password_hash, current):
        _count_failure(
            session, user, attempt, policy, "wachtwoord wijzigen: fout huidig wachtwoord"
        )
        raise AuthError("Het huidige wachtwoord klopt niet.")
    set_password(user, new)
    auditing.event("password_changed", user=user, target=user, session=session)


def deactivate(user: User) -> None:
    user.is_active = False
    end_sessions(user)
    auditing.event("deactivated", target=user, session=object_session(user))


def reactivate(user: User) -> None:
    user.is_active = True
    auditing.event("reactivated", target=user, session=object_session(user))


@dataclass(frozen=True)
class NewUser:
    email: str
    role: Role
    name: str = ""
    organisation: Organisation | None = None
    province: Province | None = None


def create_user(
    session: Session, new: NewUser, password: str | None = None, verified: bool = True
) -> User:
    """A user of one role, scoped to its organisation or province; AuthError when the email
    is taken or the scope does not fit the role. A password set by a lead or an administrator
    counts as a verified email; one chosen at sign-up waits for the verification link."""
    email = normalise_email(new.email)
    if find_user(session, email) is not None:
        raise AuthError(f"Er bestaat al een account voor {email}.")
    if new.role is Role.ORGANISATION and new.organisation is None:
        raise AuthError("Kies de organisatie van dit account.")
    if new.role is Role.SERVICE and new.province is None:
        raise AuthError("Kies de provincie van deze pleegzorgdienst.")
    user = User(
        email=email,
        name=new.name.strip(),
        role=new.role,
        organisation=new.organisation if new.role is Role.ORGANISATION else None,
        service_province=new.province if new.role is Role.SERVICE else None,
    )
    if password is not None:
        set_password(user, password)
        if verified:
            user.email_verified_at = utcnow()
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class SignUp:
    organisation_name: str
    province: Province
    address: str
    contact_name: str
    email: str
    phone: str
    password: str


@dataclass(frozen=True)
class SignedUp:
    user: User
    #: False: the email already had an account; nothing was made, and the page must answer
    #: exactly as for a new account (the holder is told by mail instead).
    is_new: bool


def sign_up(session: Session, form: SignUp) -> SignedUp:
    """An organisation signs up itself: its first member, who must verify the email, and the
    organisation, which waits for a lead's approval before it can submit. An email that has an
    account already makes nothing (and costs the same password hash, so that the answer's
    timing does not tell either)."""
    problem = password_problem(form.password)
    if problem:
        raise AuthError(problem, "new_password")
    existing = find_user(session, normalise_email(form.email))
    if existing is not None:
        hash_password(form.password)
        return SignedUp(existing, is_new=False)
    taken = set(session.scalars(select(Organisation.slug)))
    organisation = Organisation(
        name=form.organisation_name.strip(),
        slug=unique_slug(form.organisation_name, taken),
        province=form.province,
        address=form.address.strip(),
        contact_name=form.contact_name.strip(),
        contact_email=normalise_email(form.email),
        contact_phone=form.phone.strip(),
        signed_up=True,
    )
    session.add(organisation)
    user = create_user(
        session,
        NewUser(form.email, Role.ORGANISATION, form.contact_name, organisation=organisation),
        password=form.password,
        verified=False,
    )
    return SignedUp(user, is_new=True)


def _verifier(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="email-verification")


def verification_token(user: User, secret: str) -> str:
    return _verifier(secret).dumps({"id": user.id, "email": user.email})


def verify_email(session: Session, token: str, secret: str, max_age_days: int, now) -> User:
    try:
        data = _verifier(secret).loads(token, max_age=max_age_days * 86400)
    except SignatureExpired:
        raise AuthError(
            "Deze bevestigingslink is verlopen. Meld u aan om een nieuwe te krijgen."
        ) from None
    except BadSignature:
        raise AuthError("Deze bevestigingslink is ongeldig.") from None
    user = session.get(User, data.get("id"))
    if user is None or user.email != data.get("email"):
        raise AuthError("Deze bevestigingslink is ongeldig.")
    if user.email_verified_at is None:
        user.email_verified_at = now
    session.flush()
    return user


# --- a forgotten password ---------------------------------------------------------------------

#: How long a link to choose a new password works.
RESET_HOURS = 2


def _resetter(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="password-reset")


def _fingerprint(user: User) -> str:
    """Changes when the password does: a used link (or one older than the last new password)
    no longer matches, so every link works once."""
    return hashlib.sha256(f"{user.id}:{user.password_hash}".encode()).hexdigest()[:32]


def reset_token(user: User, secret: str) -> str:
    return _resetter(secret).dumps({"id": user.id, "fp": _fingerprint(user)})


def user_for_reset(session: Session, token: str, secret: str) -> User:
    """The user a reset link is for, or AuthError when it expired, was used or is not ours."""
    try:
        data = _resetter(secret).loads(token, max_age=RESET_HOURS * 3600)
    except SignatureExpired:
        raise AuthError(
            f"Deze link is verlopen (hij werkt {RESET_HOURS} uur). Vraag een nieuwe aan."
        ) from None
    except BadSignature:
        raise AuthError("Deze link is ongeldig.") from None
    user = session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or not user.is_active or data.get("fp") != _fingerprint(user):
        raise AuthError("Deze link werd al gebruikt of is niet meer geldig. Vraag een nieuwe aan.")
    return user


def reset_password(session: Session, token: str, secret: str, password: str, now) -> User:
    """Choose a new password with a link from the mail: it works once; every session of the
    user ends (and the calendar links are renewed). The mailbox is proven: the email counts
    as verified."""
    user = user_for_reset(session, token, secret)
    set_password(user, password)
    if user.email_verified_at is None:
        user.email_verified_at = now
    auditing.event("password_reset", user=user, target=user, session=session)
    session.flush()
    return user


def approve_organisation(organisation: Organisation, act: Act) -> None:
    if organisation.approved_at is None:
        organisation.approved_at = act.now
        organisation.approved_by_id = act.user_id


@dataclass(frozen=True)
class OrganisationDetails:
    name: str
    address: str
    contact_name: str
    contact_email: str
    contact_phone: str


def correct_organisation(
    session: Session, organisation: Organisation, details: OrganisationDetails, act: Act
) -> None:
    """A lead corrects an organisation's name, address and contact (the last save wins); its
    slug, and so its links, stay."""
    name = details.name.strip()
    if not name:
        raise AuthError("Geef de naam van de organisatie.", field="name")
    organisation.name = name
    organisation.address = details.address.strip()
    organisation.contact_name = details.contact_name.strip()
    organisation.contact_email = (
        normalise_email(details.contact_email) if details.contact_email else ""
    )
    organisation.contact_phone = details.contact_phone.strip()
    organisation.updated_at = act.now
    session.flush()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session: Session, user: User, act: Act, valid_days: int) -> str:
    """A new single-use invitation for `user`, sent by `act`'s user; returns the token for the
    link (kept nowhere else). Earlier unused invitations of the user stop working."""
    for old in session.scalars(
        select(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
    ):
        old.expires_at = min(old.expires_at, act.now)
    token = secrets.token_urlsafe(32)
    session.add(
        Invitation(
            user=user,
            token_hash=_token_hash(token),
            expires_at=act.now + timedelta(days=valid_days),
            invited_by_id=act.user_id,
        )
    )
    auditing.event("invitation", user=act.user_id, target=user, session=session)
    session.flush()
    return token


def open_invitation(session: Session, token: str, now: datetime) -> Invitation:
    """The invitation behind a link, if it is still usable; AuthError otherwise."""
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if invitation is None or invitation.used_at is not None:
        raise AuthError("Deze uitnodigingslink is ongeldig of werd al gebruikt.")
    if now >= invitation.expires_at:
        raise AuthError("Deze uitnodigingslink is verlopen. Vraag MFC Bethanië om een nieuwe.")
    if not invitation.user.is_active:
        raise AuthError("Dit account is gedeactiveerd.")
    return invitation


def accept_invitation(session: Session, token: str, password: str, now: datetime) -> User:
    invitation = open_invitation(session, token, now)
    set_password(invitation.user, password)
    invitation.user.email_verified_at = invitation.user.email_verified_at or now
    invitation.used_at = now
    auditing.event(
        "invitation_accepted", user=invitation.user, target=invitation.user, session=session
    )
    session.flush()
    return invitation.user

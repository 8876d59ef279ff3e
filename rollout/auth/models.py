"""Users with one role each, the organisations they may belong to, and invitations."""

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rollout.database import UTCDateTime
from rollout.extensions import db
from rollout.models import TimestampMixin
from rollout.plan.models import Province
from rollout.timeutil import utcnow


class Role(enum.StrEnum):
    LEAD = "lead"  #: programme lead at MFC Bethanië: everything
    ORGANISATION = "organisation"  #: member of an applicant organisation: its own organisation
    SERVICE = "service"  #: member of a provincial foster-care service: its own province


ROLE_LABELS = {
    Role.LEAD: "Programmaverantwoordelijke (Bethanië)",
    Role.ORGANISATION: "Organisatie",
    Role.SERVICE: "Pleegzorgdienst",
}


#: What the app shows instead of an erased person (rollout/home/people.py), and the address
#: an erased account is given: `verwijderd-<id>@invalid` (the .invalid domain never resolves).
ERASED_NAME = "verwijderde gebruiker"
ERASED_PREFIX, ERASED_DOMAIN = "verwijderd-", "@invalid"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class Organisation(TimestampMixin, db.Model):
    """A residential organisation (voorziening) that applies to start P&P."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"))
    address: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    #: True when the organisation signed up itself; it then waits for a lead's approval.
    signed_up: Mapped[bool] = mapped_column(default=False)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", use_alter=True))

    province: Mapped[Province] = relationship()

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class User(UserMixin, TimestampMixin, db.Model):
    __table_args__ = (
        CheckConstraint(
            "(role != 'organisation' OR organisation_id IS NOT NULL)"
            " AND (role != 'service' OR province_id IS NOT NULL)",
            name="role_scope",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: argon2id hash; empty until an invited user sets a password.
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="user_role", native_enum=False, length=32, validate_strings=True)
    )
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    #: The province of a foster-care service member.
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    #: Identifies the user's sign-in; a new one on sign-out, password change and deactivation
    #: makes every copied session cookie useless.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    #: Secret in the URL of the user's calendar feeds (a calendar app sends no cookie).
    calendar_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the user proved the email address is theirs (a verification or invitation link).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    #: Signing in and out changes these, and no cached page shows them: they leave the data
    #: versions of the rollouts alone (rollout/versioning.py).
    __unversioned__ = frozenset(
        {
            "password_hash",
            "session_token",
            "calendar_token",
            "last_login_at",
        }
    )
    #: The audit log (rollout/auditing.py) leaves out what signing in and out changes: the
    #: sign-in and sign-out are security events of their own.
    __unaudited__ = frozenset({"session_token", "last_login_at"})
    #: A change of role is recorded as this security event rather than a plain update.
    __audit_events__ = {"role": "role_changed"}

    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    service_province: Mapped[Province | None] = relationship()

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_erased(self) -> bool:
        return self.email.startswith(ERASED_PREFIX) and self.email.endswith(ERASED_DOMAIN)

    @property
    def shown_as(self) -> str:
        """How history names this user: the address, or "verwijderde gebruiker" once erased."""
        return ERASED_NAME if self.is_erased else self.email

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def home_province_id(self) -> int | None:
        """The province whose plan this user follows (none for a lead)."""
        if self.role is Role.SERVICE:
            return self.province_id
        if self.role is Role.ORGANISATION and self.organisation is not None:
            return self.organisation.province_id
        return None

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class LoginFailure(db.Model):
    """Failed sign-ins (or guesses of the current password) for one account from one client
    address, and until when that address must wait (auth.rules.after_failure). Other addresses
    are not affected: a stranger cannot lock anyone out."""

    #: No page shows it: a row here changes no rollout's data version (rollout/versioning.py).
    __versioned__ = False
    #: Nor in the audit log as rows: each failed sign-in is a security event there, once.
    __audited__ = False
    __table_args__ = (UniqueConstraint("user_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the account holder was told by mail that this address was held back.
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Invitation(TimestampMixin, db.Model):
    """A single-use, expiring link by which an invited user sets a password."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    #: SHA-256 of the token in the link; the token itself is only in the email.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

"""Sign-in rules: password length, the per-account lock, how an email is compared. Plain
functions, no Flask."""

from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_PASSWORD_LENGTH = 12
#: argon2 hashes anything, but a megabyte-long "password" is a denial-of-service attempt.
MAX_PASSWORD_LENGTH = 256


@dataclass(frozen=True)
class LockPolicy:
    """Brute-force protection that is no lock-out weapon: failures are counted per account
    *and* client address. From `max_failures` on, that address waits before its next try for
    that account, `lock_minutes` at first and twice as long after every further failure, up to
    `max_lock_minutes`; the account itself stays open to every other address (its holder's)."""

    max_failures: int = 5
    lock_minutes: int = 1
    max_lock_minutes: int = 60


def password_problem(password: str) -> str | None:
    """Why a new password is refused, in Dutch; None when it is fine. No composition rules."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Een wachtwoord is hoogstens {MAX_PASSWORD_LENGTH} tekens lang."
    if not password.strip():
        return "Een wachtwoord bestaat niet enkel uit spaties."
    return None


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def after_failure(failures: int, now: datetime, policy: LockPolicy) -> tuple[int, datetime | None]:
    """The failure count (of one address for one account) after one more failed attempt, and
    until when that address must wait: nothing below the limit; from the limit on a delay that
    doubles with every failure, capped."""
    failures += 1
    if failures < policy.max_failures:
        return failures, None
    doublings = min(failures - policy.max_failures, 16)
    minutes = min(policy.lock_minutes * 2**doublings, policy.max_lock_minutes)
    return failures, now + timedelta(minutes=minutes)


def normalise_email(email: str) -> str:
    return email.strip().lower()

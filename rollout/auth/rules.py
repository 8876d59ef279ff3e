"""Sign-in rules: password length, the per-account lock, how an email is compared. Plain
functions, no Flask."""

from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_PASSWORD_LENGTH = 12
#: argon2 hashes anything, but a megabyte-long "password" is a denial-of-service attempt.
MAX_PASSWORD_LENGTH = 256


@dataclass(frozen=True)
class LockPolicy:
    max_failures: int = 5
    lock_minutes: int = 15


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
    """The failure count and lock after one more failed attempt: the attempt that reaches the
    limit locks the account for `lock_minutes`, and the count starts again after the lock."""
    failures += 1
    if failures >= policy.max_failures:
        return 0, now + timedelta(minutes=policy.lock_minutes)
    return failures, None


def normalise_email(email: str) -> str:
    return email.strip().lower()

"""argon2id password hashing (argon2-cffi). Werkzeug's scrypt default is below OWASP's minimum."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults are RFC 9106's low-memory profile: t=3, m=64 MiB, p=4 (OWASP: m>=19 MiB).
_PROFILES = {
    "strong": PasswordHasher(),
    # Only for the test suite: the same algorithm at the smallest cost.
    "fast": PasswordHasher(time_cost=1, memory_cost=64, parallelism=1),
}
_hasher = _PROFILES["strong"]


def use_profile(name: str) -> None:
    global _hasher
    _hasher = _PROFILES[name]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


_dummy_hashes: dict[int, str] = {}


def verify_dummy(password: str) -> None:
    """Spend the time of a real check when the email is unknown, so that the response time does
    not tell which emails have an account."""
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash("not-a-password-anyone-has")
    verify_password(_dummy_hashes[key], password)

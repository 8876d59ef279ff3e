from datetime import UTC, datetime, timedelta

from rollout.auth.passwords import hash_password, use_profile, verify_password
from rollout.auth.rules import LockPolicy, after_failure, is_locked, password_problem

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_password_needs_twelve_characters_and_nothing_else():
    assert password_problem("a" * 11) is not None
    assert password_problem("a" * 12) is None  # no composition rules
    assert password_problem("paardenbloem") is None
    assert password_problem(" " * 12) is not None
    assert password_problem("x" * 257) is not None


def test_from_the_fifth_failure_the_address_waits_longer_each_time_up_to_an_hour():
    policy = LockPolicy(max_failures=5, lock_minutes=1, max_lock_minutes=60)
    failures, locked = 0, None
    for _ in range(4):
        failures, locked = after_failure(failures, NOW, policy)
        assert locked is None
    waits = []
    for _ in range(9):
        failures, locked = after_failure(failures, NOW, policy)
        waits.append((locked - NOW) // timedelta(minutes=1))
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert failures == 13  # the count goes on: the delay keeps growing
    assert is_locked(locked, NOW + timedelta(minutes=59, seconds=59))
    assert not is_locked(locked, NOW + timedelta(minutes=60))
    assert not is_locked(None, NOW)


def test_passwords_are_argon2id():
    use_profile("strong")
    try:
        hashed = hash_password("correct horse battery")
    finally:
        use_profile("fast")
    assert hashed.startswith("$argon2id$")
    assert "m=65536,t=3,p=4" in hashed
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "wrong horse battery")
    assert not verify_password("", "anything at all")

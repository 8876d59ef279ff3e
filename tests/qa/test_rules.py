"""The Q&A round's rules as plain functions: places, closing, links."""

from datetime import UTC, datetime, time, timedelta

import pytest

from rollout.qa import rules


def test_places_left_is_capacity_minus_taken_and_never_negative():
    assert rules.places_left(30, 0) == 30
    assert rules.places_left(30, 28) == 2
    assert rules.places_left(30, 30) == 0
    assert rules.places_left(30, 35) == 0


def test_a_registration_fits_up_to_the_last_place():
    assert rules.capacity_problem(capacity=10, taken_by_others=6, wanted=4) is None
    assert rules.capacity_problem(capacity=10, taken_by_others=0, wanted=10) is None


def test_one_place_too_many_is_refused_with_the_places_left():
    problem = rules.capacity_problem(capacity=10, taken_by_others=6, wanted=5)
    assert problem is not None
    assert "nog maar 4 plaatsen vrij" in problem
    assert "u vroeg er 5" in problem


def test_the_message_speaks_of_one_place_and_of_a_full_session():
    assert "nog maar 1 plaats vrij" in rules.capacity_problem(10, 9, 2)
    assert "volzet" in rules.capacity_problem(10, 10, 1)


def test_capacity_cannot_drop_below_the_registered_participants():
    assert rules.capacity_below_taken(12, 12) is None
    assert rules.capacity_below_taken(20, 12) is None
    assert "niet lager zijn dan 12" in rules.capacity_below_taken(11, 12)


def test_registration_closes_the_moment_the_session_starts():
    starts = datetime(2021, 5, 4, 8, 0, tzinfo=UTC)
    assert not rules.is_closed(starts, starts - timedelta(seconds=1))
    assert rules.is_closed(starts, starts)
    assert rules.is_closed(starts, starts + timedelta(minutes=5))


def test_the_end_must_come_after_the_start():
    assert rules.end_problem(time(10), time(12)) is None
    assert rules.end_problem(time(10), time(10)) == "Het einde moet na het begin liggen."
    assert rules.end_problem(time(12), time(10)) is not None


@pytest.mark.parametrize(
    "link", ["https://teams.microsoft.com/l/meetup-join/abc", "http://zoom.example.org/j/1"]
)
def test_http_and_https_links_are_accepted(link):
    assert rules.link_problem(link) is None


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "ftp://files.example.org/x",
        "teams.microsoft.com/abc",
        "https://",
        "https://example.org/met spatie",
        "",
    ],
)
def test_anything_else_is_no_link(link):
    assert rules.link_problem(link) is not None

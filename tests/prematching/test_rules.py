from dataclasses import dataclass
from datetime import date

import pytest

from rollout.prematching.rules import (
    DecisionExists,
    check_one_per_province,
    decision_day_problem,
    earliest_decision_day,
    outcome_day_problem,
    verdict_day_problem,
    visible_reviews,
)


@dataclass
class R:
    reviewer_id: int
    submitted_at: object = None


def test_a_reviewer_sees_only_their_own_until_they_submit():
    mine, theirs = R(1), R(2, submitted_at="x")
    assert visible_reviews([mine, theirs], viewer_id=1, viewer_is_lead=False) == [mine]
    mine.submitted_at = "y"
    assert visible_reviews([mine, theirs], viewer_id=1, viewer_is_lead=False) == [mine, theirs]


def test_drafts_of_others_are_never_shown():
    mine, draft = R(1, submitted_at="x"), R(2)
    assert visible_reviews([mine, draft], viewer_id=1, viewer_is_lead=False) == [mine]
    assert visible_reviews([draft], viewer_id=9, viewer_is_lead=True) == []


def test_a_lead_who_does_not_review_sees_the_submitted_ones_but_one_who_does_waits():
    done = R(2, submitted_at="x")
    assert visible_reviews([done], viewer_id=9, viewer_is_lead=True) == [done]
    assert visible_reviews([done], viewer_id=9, viewer_is_lead=False) == []
    lead_draft = R(9)
    assert visible_reviews([done, lead_draft], viewer_id=9, viewer_is_lead=True) == [lead_draft]


def test_one_decision_per_province():
    check_one_per_province([])
    with pytest.raises(DecisionExists):
        check_one_per_province([7])


# --- issue 9: the steps of prematching are dated in their order ----------------------------------

DEADLINE = date(2021, 5, 21)


def test_a_verdict_on_paper_is_not_dated_before_the_application_was_submitted():
    submitted = date(2021, 5, 18)
    assert verdict_day_problem(date(2021, 5, 18), submitted) is None  # the same day is fine
    assert verdict_day_problem(date(2021, 6, 8), submitted) is None
    assert verdict_day_problem(date(2021, 5, 17), submitted) == (
        "Deze datum ligt vóór de indiening van de aanmelding (18 mei 2021)."
    )


def test_an_interview_outcome_is_not_dated_before_the_interview():
    interview = date(2021, 6, 21)
    assert outcome_day_problem(date(2021, 6, 21), interview) is None
    assert outcome_day_problem(date(2021, 6, 20), interview) == (
        "Deze datum ligt vóór het gesprek (21 jun 2021)."
    )


def test_no_decision_before_the_deadline_nor_before_a_later_submission_of_the_province():
    on_time = [date(2021, 5, 18), date(2021, 5, 20)]
    assert earliest_decision_day(DEADLINE, on_time) == DEADLINE
    assert earliest_decision_day(DEADLINE, []) == DEADLINE  # "no partner", nobody applied
    assert decision_day_problem(DEADLINE, DEADLINE, on_time) is None
    assert decision_day_problem(date(2021, 5, 20), DEADLINE, on_time) == (
        "Deze datum ligt vóór de deadline van de aanmeldingen (21 mei 2021)."
    )
    extended = [*on_time, date(2021, 5, 28)]  # submitted under an extension
    assert earliest_decision_day(DEADLINE, extended) == date(2021, 5, 28)
    assert decision_day_problem(date(2021, 5, 27), DEADLINE, extended) == (
        "Deze datum ligt vóór de laatste indiening in deze provincie (28 mei 2021)."
    )
    assert decision_day_problem(date(2021, 5, 28), DEADLINE, extended) is None


def test_a_decision_naming_a_partner_is_not_dated_before_its_verdict_on_paper():
    verdict = date(2021, 6, 8)
    assert decision_day_problem(date(2021, 6, 8), DEADLINE, [], verdict) is None
    assert decision_day_problem(date(2021, 6, 7), DEADLINE, [], verdict) == (
        "Deze datum ligt vóór het oordeel op papier van deze organisatie (8 jun 2021)."
    )
    assert decision_day_problem(date(2021, 6, 7), DEADLINE, []) is None  # no partner named

from dataclasses import dataclass

import pytest

from rollout.prematching.rules import DecisionExists, check_one_per_province, visible_reviews


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

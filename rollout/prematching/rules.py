"""Prematching rules: who sees which review, and one organisation per province.
Plain functions, no Flask."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from rollout.changes import Conflict
from rollout.formatting import date_nl
from rollout.plan.rules import happened_on_problem


class ReviewLike(Protocol):
    reviewer_id: int
    submitted_at: object


def visible_reviews(reviews: Sequence[ReviewLike], viewer_id: int, viewer_is_lead: bool) -> list:
    """The reviews of one application that `viewer` may read: always their own; the others'
    only once submitted, and only once the viewer has submitted theirs (a lead who does not
    review this application sees every submitted review)."""
    own = [r for r in reviews if r.reviewer_id == viewer_id]
    others = [r for r in reviews if r.reviewer_id != viewer_id and r.submitted_at is not None]
    if own:
        return own + (others if own[0].submitted_at is not None else [])
    return others if viewer_is_lead else []


class DecisionExists(Conflict):
    """The province already has a decision in this rollout: revise it instead."""


def check_one_per_province(existing_decision_ids: Iterable[int]) -> None:
    """One organisation per foster-care service per rollout: a second decision is refused
    (the database's unique constraint says the same when two leads decide at once)."""
    if list(existing_decision_ids):
        raise DecisionExists(
            "Voor deze provincie werd in deze ronde al beslist. Herzie de beslissing in plaats "
            "van een tweede te nemen."
        )


def proposed_day(
    today: date,
    first_day: date,
    last_day: date,
    *,
    planned: date | None = None,
    known: date | None = None,
) -> date:
    """The day a "when did it happen" field proposes: the day it is known to have happened
    (an interview held on its planned day) when that is a valid one; else today while the round
    runs; once the round has ended, the step's planned day, within the round (so that entering
    an old round afterwards never dates its steps today)."""
    if known is not None and happened_on_problem(known, today, first_day, last_day) is None:
        return known
    if today <= last_day:
        return today
    return min(max(planned or last_day, first_day), last_day)


def not_before_problem(day: date, earlier: date | None, what: str) -> str | None:
    """A step cannot happen before the step it follows (publishing before deciding)."""
    if earlier is not None and day < earlier:
        return f"Deze datum ligt vóór {what} ({date_nl(earlier)})."
    return None


def verdict_day_problem(day: date, submitted_on: date | None) -> str | None:
    """A verdict on paper cannot be dated before the application was submitted (its Brussels
    date)."""
    return not_before_problem(day, submitted_on, "de indiening van de aanmelding")


def outcome_day_problem(day: date, interview_day: date) -> str | None:
    """An interview's outcome cannot be dated before the interview's own day (in Brussels)."""
    return not_before_problem(day, interview_day, "het gesprek")


def earliest_decision_day(deadline: date, submission_days: Iterable[date]) -> date:
    """The first day a province can be decided: the round's application deadline, or the last
    day one of its applications was submitted when that came later (under an extension)."""
    return max([deadline, *submission_days])


def decision_day_problem(
    day: date,
    deadline: date,
    submission_days: Iterable[date],
    partner_verdict_day: date | None = None,
) -> str | None:
    """A decision is not dated before the province's applications were in (see
    `earliest_decision_day`), and one naming a partner not before that partner's verdict on
    paper."""
    earliest = earliest_decision_day(deadline, submission_days)
    what = (
        "de deadline van de aanmeldingen"
        if earliest == deadline
        else "de laatste indiening in deze provincie"
    )
    return not_before_problem(day, earliest, what) or not_before_problem(
        day, partner_verdict_day, "het oordeel op papier van deze organisatie"
    )

"""Prematching services: assign reviewers, review, the verdict on paper, the decision per
province and its publication. Each step dates its milestone in the plan. Services flush."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.applications.models import Application
from rollout.auth.models import Role, User
from rollout.changes import Act, Conflict, Refused
from rollout.plan.models import Province, Requirement, Rollout
from rollout.plan.progress import date_milestone
from rollout.plan.rules import happened_on_problem
from rollout.prematching.models import (
    Assessment,
    Decision,
    DecisionChange,
    DecisionKind,
    PaperVerdict,
    Review,
    ReviewAnswer,
    ReviewerAssignment,
    Screening,
)
from rollout.prematching.queries import last_decided_on, review_of, submitted_in
from rollout.prematching.rules import (
    check_one_per_province,
    decision_day_problem,
    not_before_problem,
    verdict_day_problem,
)
from rollout.timeutil import to_brussels


class MatchingError(Refused):
    pass


class ConflictError(MatchingError, Conflict):
    pass


#: Someone else changed the decision since the form was opened.
DECISION_CHANGED = "De beslissing werd intussen gewijzigd. Bekijk ze opnieuw."


# --- the day a step happened -------------------------------------------------------------------


def check_happened_on(rollout: Rollout, day: date, today: date, field: str) -> None:
    """The day a step of the round happened: never later than today, and within the round."""
    problem = happened_on_problem(day, today, rollout.start_date, rollout.last_day or today)
    if problem:
        raise MatchingError(problem, field)


# --- reviews -----------------------------------------------------------------------------------


def assign_reviewer(session: Session, application: Application, user: User, act: Act) -> None:
    if user.role is not Role.SERVICE or user.province_id != application.organisation.province_id:
        raise MatchingError(
            "Enkel een medewerker van de pleegzorgdienst van deze provincie kan beoordelen.", "user"
        )
    exists = session.scalar(
        select(ReviewerAssignment).where(
            ReviewerAssignment.application_id == application.id,
            ReviewerAssignment.user_id == user.id,
        )
    )
    if exists is None:
        session.add(
            ReviewerAssignment(
                application=application,
                user_id=user.id,
                assigned_by_id=act.user_id,
                assigned_at=act.now,
            )
        )
        session.flush()


def save_review(
    session: Session,
    application: Application,
    requirements: list[Requirement],
    values: dict,
    act: Act,
    *,
    submit: bool,
    expected_version: int,
) -> Review:
    """Save the assessment of `act`'s user, a reviewer; submitting it needs every requirement
    and the staffing plan assessed, and freezes it."""
    if not application.is_submitted:
        raise MatchingError("Enkel ingediende aanmeldingsfiches worden beoordeeld.")
    reviewer_id = act.user_id
    review = review_of(session, application, reviewer_id)
    if review is not None and review.is_submitted:
        raise MatchingError("Uw beoordeling is al ingediend.")
    if (review.version if review else 0) != expected_version:
        raise ConflictError("Uw beoordeling werd intussen in een ander venster opgeslagen.")
    if review is None:
        review = Review(application=application, reviewer_id=reviewer_id)
        session.add(review)
    for requirement in requirements:
        given = values.get("requirements", {}).get(requirement.slug, {})
        answer = review.answer_for(requirement)
        if answer is None:
            answer = ReviewAnswer(requirement=requirement)
            review.answers.append(answer)
        answer.assessment = Assessment(given["assessment"]) if given.get("assessment") else None
        answer.comment = (given.get("comment") or "").strip()
    staffing = values.get("staffing_assessment")
    review.staffing_assessment = Assessment(staffing) if staffing else None
    review.staffing_comment = (values.get("staffing_comment") or "").strip()
    review.updated_at = act.now
    if submit:
        missing = [
            r.title for r in requirements if not (a := review.answer_for(r)) or not a.assessment
        ]
        if missing or review.staffing_assessment is None:
            raise MatchingError(
                "Beoordeel elke vereiste en de bezetting voor u indient"
                + (f" (nog open: {', '.join(missing)})." if missing else ".")
            )
        review.submitted_at = act.now
    session.flush()
    return review


# --- the verdict on paper ----------------------------------------------------------------------


def record_paper_verdict(
    session: Session,
    application: Application,
    verdict: PaperVerdict,
    reason: str,
    act: Act,
    *,
    decided_on: date,
) -> Screening:
    """The lead's verdict on paper, given on `decided_on`. Once every applicant of the province
    has one, the plan's 'prematching op papier' is done on the day of the last verdict."""
    if not application.is_submitted:
        raise MatchingError("Enkel ingediende aanmeldingsfiches krijgen een oordeel op papier.")
    if verdict is PaperVerdict.NOT_RETAINED and not reason.strip():
        raise MatchingError("Geef een reden waarom de organisatie niet weerhouden wordt.", "reason")
    check_happened_on(application.rollout, decided_on, act.today, "decided_on")
    submitted = application.submitted_at
    problem = verdict_day_problem(decided_on, to_brussels(submitted).date() if submitted else None)
    if problem:
        raise MatchingError(problem, "decided_on")
    screening = session.scalar(select(Screening).where(Screening.application_id == application.id))
    if screening is None:
        screening = Screening(application=application, verdict=verdict, decided_on=decided_on)
        session.add(screening)
    screening.verdict = verdict
    screening.reason = reason.strip()
    screening.decided_by_id = act.user_id
    screening.decided_at = act.now
    screening.decided_on = decided_on
    session.flush()
    province = application.organisation.province
    applications = submitted_in(session, application.rollout, province)
    if all(a.screening is not None for a in applications):
        last = max(a.screening.decided_on for a in applications)
        date_milestone(session, application.rollout, province, "prematching-papier", last, act)
    return screening


# --- the decision ------------------------------------------------------------------------------


def _snapshot(decision: Decision) -> dict:
    return {
        "kind": decision.kind.value,
        "application_id": decision.application_id,
        "organisation": decision.application.organisation.name if decision.application else None,
        "reason": decision.reason,
        "others_reason": decision.others_reason,
    }


def _check_choice(
    session, rollout, province, kind: DecisionKind, application, reason: str, others_reason: str
) -> list[Application]:
    """Refuse a decision that names no valid partner or gives no reason; returns the
    province's applicants."""
    applicants = submitted_in(session, rollout, province)
    if kind is DecisionKind.PARTNER:
        if application is None:
            raise MatchingError(
                "Kies de organisatie die samenwerkt met de pleegzorgdienst.", "application"
            )
        if application not in applicants:
            raise MatchingError("Kies een ingediende aanmelding uit deze provincie.", "application")
        screening = application.screening
        if screening is None or screening.verdict is not PaperVerdict.TO_INTERVIEW:
            raise MatchingError(
                "Kies een organisatie die op papier door was naar het gesprek.", "application"
            )
        if len(applicants) > 1 and not others_reason.strip():
            raise MatchingError(
                "Geef de reden die de andere kandidaten te lezen krijgen.", "others_reason"
            )
    elif not reason.strip():
        raise MatchingError("Geef een reden waarom er deze ronde geen partner is.", "reason")
    return applicants


def check_decision_day(
    rollout: Rollout,
    applicants: list[Application],
    kind: DecisionKind,
    application: Application | None,
    day: date,
) -> None:
    """A decision (or its revision) is dated in order: not before the applications were in,
    and not before the verdict on paper of the partner it names."""
    verdict = application.screening if kind is DecisionKind.PARTNER and application else None
    problem = decision_day_problem(
        day,
        rollout.application_deadline,
        [to_brussels(a.submitted_at).date() for a in applicants if a.submitted_at],
        verdict.decided_on if verdict else None,
    )
    if problem:
        raise MatchingError(problem, "decided_on")


def decide(
    session: Session,
    rollout: Rollout,
    province: Province,
    kind: DecisionKind,
    application: Application | None,
    reason: str,
    others_reason: str,
    act: Act,
    *,
    decided_on: date,
) -> Decision:
    """Record which organisation cooperates with the province's foster-care service (or that
    none does this round), decided on `decided_on`: the day the plan's milestone 'beslissing'
    is reached. A province has one decision per rollout."""
    check_one_per_province(
        session.scalars(
            select(Decision.id).where(
                Decision.rollout_id == rollout.id, Decision.province_id == province.id
            )
        )
    )
    applicants = _check_choice(session, rollout, province, kind, application, reason, others_reason)
    check_happened_on(rollout, decided_on, act.today, "decided_on")
    check_decision_day(rollout, applicants, kind, application, decided_on)
    decision = Decision(
        rollout=rollout,
        province=province,
        kind=kind,
        application=application if kind is DecisionKind.PARTNER else None,
        reason=reason.strip(),
        others_reason=others_reason.strip(),
        decided_by_id=act.user_id,
        decided_at=act.now,
        decided_on=decided_on,
    )
    session.add(decision)
    session.flush()  # a concurrent second decision fails here, on the unique constraint
    decision.changes.append(
        DecisionChange(
            at=act.now,
            happened_on=decided_on,
            by_id=act.user_id,
            step="genomen",
            after=_snapshot(decision),
            reason=reason,
        )
    )
    date_milestone(session, rollout, province, "beslissing", decided_on, act)
    session.flush()
    return decision


def revise(
    session: Session,
    decision: Decision,
    kind: DecisionKind,
    application: Application | None,
    reason: str,
    others_reason: str,
    revision_reason: str,
    act: Act,
    *,
    expected_version: int,
    revised_on: date,
) -> None:
    """Only with a reason for the revision (kept in the history, never shown to the
    organisations) and the day it was revised, which the history keeps (the milestone stays
    on the day the province first decided). A revised decision is unpublished until a lead
    publishes it again."""
    if decision.version != expected_version:
        raise ConflictError(DECISION_CHANGED)
    if not revision_reason.strip():
        raise MatchingError("Geef een reden voor de herziening.", "revision_reason")
    applicants = _check_choice(
        session, decision.rollout, decision.province, kind, application, reason, others_reason
    )
    check_happened_on(decision.rollout, revised_on, act.today, "decided_on")
    check_decision_day(decision.rollout, applicants, kind, application, revised_on)
    last_step = max([decision.decided_on, *(c.happened_on for c in decision.changes)])
    problem = not_before_problem(revised_on, last_step, "de vorige stap van deze beslissing")
    if problem:
        raise MatchingError(problem, "decided_on")
    before = _snapshot(decision)
    decision.kind = kind
    decision.application = application if kind is DecisionKind.PARTNER else None
    decision.reason = reason.strip()
    decision.others_reason = others_reason.strip()
    decision.decided_by_id = act.user_id
    decision.decided_at = act.now
    decision.published_at = None
    decision.published_on = None
    session.flush()
    decision.changes.append(
        DecisionChange(
            at=act.now,
            happened_on=revised_on,
            by_id=act.user_id,
            step="herzien",
            before=before,
            after=_snapshot(decision),
            reason=revision_reason.strip(),
        )
    )
    session.flush()


def publish(
    session: Session,
    decision: Decision,
    act: Act,
    *,
    expected_version: int,
    published_on: date,
) -> None:
    """Publish the decision the lead has seen (its version), so that organisations see it;
    published on `published_on`, not before it was decided."""
    if decision.version != expected_version:
        raise ConflictError(DECISION_CHANGED)
    if decision.is_published:
        raise MatchingError("Deze beslissing is al gepubliceerd.")
    check_happened_on(decision.rollout, published_on, act.today, "published_on")
    problem = not_before_problem(published_on, last_decided_on(decision), "de beslissing")
    if problem:
        raise MatchingError(problem, "published_on")
    decision.published_at = act.now
    decision.published_on = published_on
    decision.changes.append(
        DecisionChange(
            at=act.now,
            happened_on=published_on,
            by_id=act.user_id,
            step="gepubliceerd",
            after=_snapshot(decision),
        )
    )
    session.flush()

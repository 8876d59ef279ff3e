"""What others may ask of the prematching: a province's submitted applications, its decision
and published partner, what an organisation sees of the outcome, and the day a step's date
field proposes. Reads only."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from rollout.applications.models import Application, ApplicationStatus
from rollout.auth.models import Organisation
from rollout.plan.models import Activity, Province, Rollout
from rollout.plan.progress import effective_window, find_progress
from rollout.prematching.models import Decision, DecisionKind, Review
from rollout.prematching.rules import proposed_day

# --- the day a step happened -------------------------------------------------------------------


def planned_day(session: Session, rollout: Rollout, province: Province, slug: str) -> date | None:
    """The planned (end) day of the plan's activity `slug` for the province, as moved there."""
    activity = session.scalar(
        select(Activity).where(Activity.rollout_id == rollout.id, Activity.slug == slug)
    )
    if activity is None:
        return None
    return effective_window(activity, find_progress(session, activity, province))[1]


def proposed(
    session: Session,
    rollout: Rollout,
    province: Province,
    today: date,
    *,
    slug: str | None = None,
    planned: date | None = None,
    known: date | None = None,
) -> date:
    """The day a step's date field proposes (see `rules.proposed_day`): its planned day is
    `planned`, or that of the plan's activity `slug` for the province."""
    if planned is None and slug is not None:
        planned = planned_day(session, rollout, province, slug)
    return proposed_day(
        today, rollout.start_date, rollout.last_day or today, planned=planned, known=known
    )


# --- the applications of a province ------------------------------------------------------------


def submitted_in(session: Session, rollout: Rollout, province: Province) -> list[Application]:
    return list(
        session.scalars(
            select(Application)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .where(
                Application.rollout_id == rollout.id,
                Organisation.province_id == province.id,
                Application.status == ApplicationStatus.SUBMITTED,
            )
            .order_by(Organisation.name)
        )
    )


def matching_overview(
    session: Session, rollout: Rollout
) -> tuple[dict[int, list[Application]], dict[int, Decision]]:
    """Every province's submitted applications (with their verdict on paper) and decision in
    `rollout`, by province id: three queries, whatever the number of provinces."""
    submitted: dict[int, list[Application]] = {}
    for application in session.scalars(
        select(Application)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(
            Application.rollout_id == rollout.id,
            Application.status == ApplicationStatus.SUBMITTED,
        )
        .options(contains_eager(Application.organisation), selectinload(Application.screening))
        .order_by(Organisation.name)
    ):
        submitted.setdefault(application.organisation.province_id, []).append(application)
    decisions = {
        d.province_id: d
        for d in session.scalars(
            select(Decision)
            .where(Decision.rollout_id == rollout.id)
            .options(selectinload(Decision.application).selectinload(Application.organisation))
        )
    }
    return submitted, decisions


def decision_for(session: Session, rollout: Rollout, province: Province) -> Decision | None:
    return session.scalar(
        select(Decision).where(
            Decision.rollout_id == rollout.id, Decision.province_id == province.id
        )
    )


def review_of(session: Session, application: Application, reviewer_id: int) -> Review | None:
    return session.scalar(
        select(Review).where(
            Review.application_id == application.id, Review.reviewer_id == reviewer_id
        )
    )


# --- the decision ------------------------------------------------------------------------------


def last_decided_on(decision: Decision) -> date:
    """The day the decision as it stands was taken: its last revision, else the decision."""
    days = [c.happened_on for c in decision.changes if c.step in ("genomen", "herzien")]
    return max([decision.decided_on, *days])


def partner_application(
    session: Session, rollout: Rollout, province: Province, published_only: bool = False
) -> Application | None:
    """The province's partner organisation for the rest of the rollout, once decided (and,
    for those who may only see published decisions, published)."""
    decision = decision_for(session, rollout, province)
    if decision is None or decision.kind is not DecisionKind.PARTNER:
        return None
    if published_only and not decision.is_published:
        return None
    return decision.application


OUTCOME_LABELS = {
    "selected": "Geselecteerd: uw organisatie werkt samen met de provinciale pleegzorgdienst",
    "not_selected": "Niet geselecteerd",
    "no_partner": "Geen partner in deze ronde",
}


def outcome_for(session: Session, application: Application) -> tuple[str, str] | None:
    """What the organisation sees of the decision: nothing until it is published."""
    decision = decision_for(session, application.rollout, application.organisation.province)
    if decision is None or not decision.is_published or not application.is_submitted:
        return None
    if decision.kind is DecisionKind.PARTNER and decision.application_id == application.id:
        return "selected", decision.reason
    if decision.kind is DecisionKind.NO_PARTNER:
        return "no_partner", decision.reason
    return "not_selected", decision.others_reason


# --- the published partners -------------------------------------------------------------------


def published_partners(session: Session, rollout: Rollout, province_ids: list[int]):
    """Per province: the published partner's organisation id and the day it was decided."""
    rows = session.execute(
        select(Decision.province_id, Application.organisation_id, Decision.decided_on)
        .join(Application, Application.id == Decision.application_id)
        .where(
            Decision.rollout_id == rollout.id,
            Decision.province_id.in_(province_ids),
            Decision.kind == DecisionKind.PARTNER,
            Decision.published_at.is_not(None),
        )
    ).all()
    return {province_id: (organisation_id, day) for province_id, organisation_id, day in rows}


def partner_round(session: Session, organisation_id: int) -> Rollout | None:
    """The latest round in which the organisation is its province's published partner: the
    round of its P&P team."""
    return session.scalar(
        select(Rollout)
        .join(Decision, Decision.rollout_id == Rollout.id)
        .join(Application, Application.id == Decision.application_id)
        .where(
            Application.organisation_id == organisation_id,
            Decision.kind == DecisionKind.PARTNER,
            Decision.published_at.is_not(None),
        )
        .order_by(Rollout.start_date.desc())
        .limit(1)
    )

"""Prematching in the 2021-2022 round (seeds/demo/prematching.yaml): reviews, verdicts on paper,
interviews and published decisions, through the same services as the pages. Only where a
province has no decision yet."""

from rollout.applications import queries as applications
from rollout.applications.models import Application
from rollout.auth.models import User
from rollout.changes import Act
from rollout.demo import accounts
from rollout.demo.context import LEAD_EMAIL, Demo
from rollout.plan.models import Province, Requirement, Rollout
from rollout.prematching import interviews, queries, services
from rollout.prematching.models import (
    Decision,
    DecisionKind,
    Interview,
    MatchOutcome,
    PaperVerdict,
)


def _review(
    demo: Demo, application: Application, reviewer: User, requirements: list[Requirement]
) -> None:
    """The reviewer's assessment, submitted on the day of the verdict on paper."""
    content = demo.content("prematching")
    review = content.part("review")
    values = {
        "requirements": {r.slug: review.mapping("requirement") for r in requirements},
        "staffing_assessment": review.text("staffing_assessment"),
        "staffing_comment": review.text("staffing_comment"),
    }
    services.save_review(
        demo.session,
        application,
        requirements,
        values,
        Act.by(reviewer.id, content.part("paper").moment("at")),
        submit=True,
        expected_version=0,
    )


def _assign_reviewer(demo: Demo, application: Application, reviewer: User, lead: User) -> None:
    at = demo.content("prematching").part("paper").moment("at")
    services.assign_reviewer(demo.session, application, reviewer, Act.by(lead.id, at))


def _paper_verdict(demo: Demo, application: Application, lead: User) -> None:
    paper = demo.content("prematching").part("paper")
    at = paper.moment("at")
    services.record_paper_verdict(
        demo.session,
        application,
        paper.choice("verdict", PaperVerdict),
        paper.text("reason"),
        Act(lead.id, at, at.date()),
        decided_on=at.date(),
    )


def _interview(demo: Demo, application: Application, lead: User) -> Interview:
    content = demo.content("prematching").part("interview")
    schedule = interviews.Schedule(
        starts_at=content.moment("starts_at"),
        ends_at=content.moment("ends_at"),
        place=content.fill("place", organisation_name=application.organisation.name),
        online_link=content.text("online_link"),
        participants=content.filled("participants", lead_email=LEAD_EMAIL),
    )
    return interviews.schedule_interview(
        demo.session, application, schedule, Act.by(lead.id, schedule.starts_at)
    )


def _outcome(demo: Demo, interview: Interview, lead: User) -> None:
    """The interview's outcome, recorded when it starts."""
    content = demo.content("prematching").part("outcome")
    at = demo.content("prematching").part("interview").moment("starts_at")
    interviews.record_outcome(
        demo.session,
        interview,
        content.choice("outcome", MatchOutcome),
        content.text("strengths"),
        content.text("concerns"),
        content.text("conditions"),
        Act(lead.id, at, at.date()),
        held_on=at.date(),
    )


def _prematch(
    demo: Demo, application: Application, requirements: list[Requirement], lead: User
) -> None:
    """Reviewed by the lead and the province's foster-care service, on to the interview, a
    match there."""
    reviewer = accounts.service_member(demo, application.organisation.province.slug)
    for person in (lead, reviewer):
        if person is None:
            continue
        if person is reviewer:
            _assign_reviewer(demo, application, reviewer, lead)
        _review(demo, application, person, requirements)
    _paper_verdict(demo, application, lead)
    interview = _interview(demo, application, lead)
    _outcome(demo, interview, lead)


def _decide(
    demo: Demo, rollout: Rollout, province: Province, chosen: Application, lead: User
) -> Decision:
    content = demo.content("prematching").part("decision")
    at = content.moment("at")
    return services.decide(
        demo.session,
        rollout,
        province,
        content.choice("kind", DecisionKind),
        chosen,
        content.text("reason"),
        content.text("others_reason"),
        Act(lead.id, at, at.date()),
        decided_on=at.date(),
    )


def _publish(demo: Demo, decision: Decision, lead: User) -> None:
    at = demo.content("prematching").part("decision").moment("published_at")
    services.publish(
        demo.session,
        decision,
        Act(lead.id, at, at.date()),
        expected_version=decision.version,
        published_on=at.date(),
    )


def load(demo: Demo) -> None:
    """Every submitted application of a province without a decision prematched; the chosen one
    (where the file names one) decided and published."""
    content = demo.content("prematching")
    rollout = demo.rollout(content.text("round"))
    lead = demo.lead()
    if rollout is None or lead is None:
        return
    requirements = applications.requirements_of(demo.session, rollout)
    chosen_slugs = content.mapping("decisions")
    for province in demo.provinces():
        submitted = queries.submitted_in(demo.session, rollout, province)
        if not submitted or queries.decision_for(demo.session, rollout, province) is not None:
            continue
        for application in submitted:
            if application.screening is None:
                _prematch(demo, application, requirements, lead)
        chosen_slug = chosen_slugs.get(province.slug)
        chosen = next((a for a in submitted if a.organisation.slug == chosen_slug), None)
        if chosen is not None:
            _publish(demo, _decide(demo, rollout, province, chosen, lead), lead)
    demo.session.flush()

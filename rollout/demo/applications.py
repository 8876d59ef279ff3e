"""Submitted applications in the 2021-2022 round (seeds/demo/applications.yaml), made through
the same services as the application form. Only what is missing."""

from datetime import datetime

from rollout.applications import queries
from rollout.applications import services as applications
from rollout.applications.models import Application
from rollout.auth.models import Organisation
from rollout.changes import Act
from rollout.demo import accounts
from rollout.demo.content import Content
from rollout.demo.context import Demo
from rollout.plan.models import Requirement, Rollout

#: The form's section with an answer to every requirement (both kinds), made from a template.
REQUIREMENTS_SECTION = "inhoud"


def start(
    demo: Demo, rollout: Rollout, organisation: Organisation, by_id: int, at: datetime
) -> Application:
    """The organisation's draft, started at `at`."""
    return applications.start_application(demo.session, rollout, organisation, Act.by(by_id, at))


def fill_in_and_submit(
    demo: Demo, application: Application, requirements: list[Requirement], by_id: int, at
) -> None:
    """Every answer of the demo, saved section by section and submitted at `at`."""
    for section, values in answers(demo, application.organisation, requirements).items():
        applications.save_section(
            demo.session,
            application,
            section,
            values,
            requirements=requirements,
            act=Act.by(by_id, at),
            expected_version=application.version,
        )
    applications.submit(
        demo.session,
        application,
        requirements=requirements,
        act=Act.by(by_id, at),
        expected_version=application.version,
    )


def answers(
    demo: Demo, organisation: Organisation, requirements: list[Requirement]
) -> dict[str, dict]:
    """The demo's answers per section of the form, in the order they are saved."""
    content = demo.content("applications").part("answers")
    about = {
        "organisation_address": organisation.address
        or accounts.organisation_address(demo, organisation.province),
        "organisation_slug": organisation.slug,
    }
    return {
        section: _requirement_answers(content.part(section), requirements)
        if section == REQUIREMENTS_SECTION
        else content.filled(section, **about)
        for section in content.data
    }


def _requirement_answers(content: Content, requirements: list[Requirement]) -> dict[str, dict]:
    """An answer to every requirement: the verdicts in turn, a text naming it, and an answer to
    each of its questions."""
    verdicts = content.value("verdicts", list)
    return {
        r.slug: {
            "verdict": verdicts[index % len(verdicts)],
            "explanation": content.fill("explanation", requirement=r.title),
            "questions": [content.fill("answer", question=q) for q in r.question_list],
        }
        for index, r in enumerate(requirements)
    }


def _applicant(demo: Demo, applicant: Content, by_id: int, at: datetime) -> Organisation:
    """The applicant's organisation, made (approved) where missing."""
    slug = applicant.text("slug")
    organisation = demo.organisation(slug)
    if organisation is None:
        province = demo.province(applicant.text("province"))
        if province is None:
            raise applicant.error("province", "is geen provincie van het plan")
        organisation = accounts.add_organisation(
            demo,
            slug=slug,
            name=applicant.text("name"),
            province=province,
            approved_at=at,
            approved_by_id=by_id,
        )
    return organisation


def load(demo: Demo) -> None:
    """Each applicant's application, filled in and submitted (where it has none yet)."""
    content = demo.content("applications")
    lead = demo.lead()
    historic = demo.rollout(content.text("round"))
    if historic is not None:
        at = content.moment("submitted_at")
        requirements = queries.requirements_of(demo.session, historic)
        for applicant in content.parts("applicants"):
            organisation = _applicant(demo, applicant, lead.id, at)
            if queries.find_application(demo.session, historic, organisation) is not None:
                continue
            application = start(demo, historic, organisation, lead.id, at)
            fill_in_and_submit(demo, application, requirements, lead.id, at)
    demo.session.flush()

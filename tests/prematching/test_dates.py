"""Issue 9.1: every prematching step records the day it happened (verdict on paper, interview
outcome, decision, its revision and publication): proposed as today, or in a round that ended
as its planned day; never later than today, always within the round. Entering the 2021-2022
round afterwards dates its milestones in 2021, not on the day it was entered."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from rollout.applications import services as applications
from rollout.applications.models import Application
from rollout.changes import Act
from rollout.extensions import db
from rollout.plan.models import Activity, ActivityProgress, Province, Rollout
from rollout.prematching import interviews, services
from rollout.prematching.models import (
    Decision,
    DecisionKind,
    Interview,
    MatchOutcome,
    PaperVerdict,
)
from rollout.prematching.rules import proposed_day
from tests.conftest import csrf_token, post_form
from tests.factories import approve, fill_complete, start, submit
from tests.prematching.test_views import client_for, value_of

#: A moment in 2026, long after the 2021-2022 round ended (31 Dec 2022).
LATER = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)
#: Every step below is entered then, by no one in particular.
ACT = Act(None, LATER, TODAY)
FUTURE = "Deze datum ligt in de toekomst: geef de dag waarop het gebeurde."
OUTSIDE = "Deze datum valt buiten de ronde (1 feb 2021 – 31 dec 2022)"


# --- the rule: which day a form proposes --------------------------------------------------------


def test_a_running_round_proposes_today():
    assert proposed_day(date(2021, 5, 3), date(2021, 2, 1), date(2022, 12, 31)) == date(2021, 5, 3)
    assert proposed_day(
        date(2021, 5, 3), date(2021, 2, 1), date(2022, 12, 31), planned=date(2021, 6, 30)
    ) == date(2021, 5, 3)


def test_a_round_that_ended_proposes_the_planned_day_within_the_round():
    first, last = date(2021, 2, 1), date(2022, 12, 31)
    assert proposed_day(TODAY, first, last, planned=date(2021, 6, 30)) == date(2021, 6, 30)
    assert proposed_day(TODAY, first, last, planned=date(2023, 2, 1)) == last  # moved past it
    assert proposed_day(TODAY, first, last, planned=date(2020, 1, 1)) == first
    assert proposed_day(TODAY, first, last) == last  # no plan: the round's last day


def test_a_known_day_wins_when_it_is_a_valid_one():
    first, last = date(2021, 2, 1), date(2022, 12, 31)
    held = date(2021, 6, 21)
    assert proposed_day(TODAY, first, last, planned=date(2021, 6, 30), known=held) == held
    running = date(2021, 6, 10)  # the interview lies ahead: today, not its future day
    assert proposed_day(running, first, last, known=held) == running


# --- the 2021-2022 round entered afterwards --------------------------------------------------


@pytest.fixture
def past_candidates(app, factory, seeded) -> dict[str, int]:
    """Two applications in Oost-Vlaanderen submitted in May 2021 in the 2021-2022 round."""
    submitted_at = datetime(2021, 5, 18, 9, 0, tzinfo=UTC)
    return {
        name: factory.application(
            "oost-vlaanderen", name, "2021-2022", submitted_at=submitted_at
        ).application_id
        for name in ("Schelde", "Leie")
    }


def _objects(application_id: int):
    application = db.session.get(Application, application_id)
    province = db.session.scalar(select(Province).where(Province.slug == "oost-vlaanderen"))
    return application, application.rollout, province


def milestone(slug: str, rollout: str = "2021-2022", province: str = "oost-vlaanderen"):
    return db.session.scalar(
        select(ActivityProgress.actual_end)
        .join(Activity)
        .join(Rollout, Rollout.id == Activity.rollout_id)
        .join(Province, Province.id == ActivityProgress.province_id)
        .where(Activity.slug == slug, Rollout.slug == rollout, Province.slug == province)
    )


def _interview(application, day: date) -> Interview:
    interview = Interview(
        application=application,
        starts_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        ends_at=datetime(day.year, day.month, day.day, 13, tzinfo=UTC),
    )
    db.session.add(interview)
    return interview


def _verdict(application, day: date):
    """On to the interview, judged on paper on `day` (through the service)."""
    return services.record_paper_verdict(
        db.session, application, PaperVerdict.TO_INTERVIEW, "", ACT, decided_on=day
    )


def _outcome(interview, day: date):
    """A match, recorded as held on `day`."""
    return interviews.record_outcome(
        db.session, interview, MatchOutcome.YES, "", "", "", ACT, held_on=day
    )


def _publish(decision, day: date):
    return services.publish(
        db.session, decision, ACT, expected_version=decision.version, published_on=day
    )


def _screen_all(ids, on=date(2021, 6, 8)):
    for application_id in ids.values():
        application, _, _ = _objects(application_id)
        _verdict(application, on)


def _decide(ids, on: date):
    application, rollout, province = _objects(ids["Schelde"])
    return services.decide(
        db.session,
        rollout,
        province,
        DecisionKind.PARTNER,
        application,
        "Beste match",
        "Eén organisatie per provincie.",
        ACT,
        decided_on=on,
    )


def test_the_decision_of_2021_2022_taken_in_2026_dates_its_milestone_in_june_2021(
    app, past_candidates
):
    with app.app_context():
        _screen_all(past_candidates)
        decision = _decide(past_candidates, date(2021, 6, 25))
        db.session.commit()
        assert decision.decided_on == date(2021, 6, 25)
        assert decision.decided_at == LATER  # when it was entered: the audit trail
        assert milestone("beslissing") == date(2021, 6, 25)
        assert milestone("prematching-papier") == date(2021, 6, 8)
        ends = db.session.scalars(select(ActivityProgress.actual_end)).all()
        assert max(ends) < date(2023, 1, 1)  # the province's timeline ends in the round


@pytest.mark.parametrize(
    ("day", "message"),
    [(date(2026, 3, 11), FUTURE), (date(2023, 1, 5), OUTSIDE), (date(2021, 1, 31), OUTSIDE)],
)
def test_every_step_refuses_a_future_day_or_one_outside_the_round(
    app, past_candidates, day, message
):
    with app.app_context():
        application, _, _ = _objects(past_candidates["Schelde"])
        with pytest.raises(services.MatchingError, match=re.escape(message)) as refused:
            _verdict(application, day)
        assert refused.value.field == "decided_on"
        _screen_all(past_candidates)
        with pytest.raises(services.MatchingError, match=re.escape(message)) as refused:
            _decide(past_candidates, day)
        assert refused.value.field == "decided_on"
        assert db.session.scalar(select(Decision)) is None
        assert milestone("beslissing") is None

        decision = _decide(past_candidates, date(2021, 6, 25))
        with pytest.raises(services.MatchingError, match=re.escape(message)) as refused:
            _publish(decision, day)
        assert refused.value.field == "published_on"
        with pytest.raises(services.MatchingError, match=re.escape(message)) as refused:
            services.revise(
                db.session,
                decision,
                DecisionKind.NO_PARTNER,
                None,
                "Geen match",
                "",
                "Teruggetrokken",
                ACT,
                expected_version=decision.version,
                revised_on=day,
            )
        assert refused.value.field == "decided_on"

        interview = _interview(application, date(2021, 6, 21))
        with pytest.raises(services.MatchingError, match=re.escape(message)) as refused:
            _outcome(interview, day)
        assert refused.value.field == "held_on"
        assert interview.outcome is None


def test_publishing_and_revising_are_dated_in_the_past_and_not_before_the_decision(
    app, past_candidates
):
    with app.app_context():
        _screen_all(past_candidates)
        decision = _decide(past_candidates, date(2021, 6, 25))
        with pytest.raises(services.MatchingError, match="vóór de beslissing"):
            _publish(decision, date(2021, 6, 24))
        _publish(decision, date(2021, 6, 30))
        assert decision.published_on == date(2021, 6, 30) and decision.published_at == LATER
        leie = _objects(past_candidates["Leie"])[0]

        def to_leie(day: date):
            return services.revise(
                db.session,
                decision,
                DecisionKind.PARTNER,
                leie,
                "Sterkste team",
                "Eén per provincie.",
                "Schelde trok zich terug",
                ACT,
                expected_version=decision.version,
                revised_on=day,
            )

        with pytest.raises(services.MatchingError, match="vóór de vorige stap"):
            to_leie(date(2021, 6, 29))  # before its publication
        to_leie(date(2021, 8, 2))
        db.session.commit()
        days = [(c.step, c.happened_on) for c in decision.changes]
        assert days == [
            ("herzien", date(2021, 8, 2)),
            ("gepubliceerd", date(2021, 6, 30)),
            ("genomen", date(2021, 6, 25)),
        ]
        assert milestone("beslissing") == date(2021, 6, 25)  # reached when first decided
        assert decision.published_on is None  # a revision is published again, later
        with pytest.raises(services.MatchingError, match="vóór de beslissing"):
            _publish(decision, date(2021, 8, 1))


def test_the_interview_outcome_dates_its_milestone_on_the_last_interview(app, past_candidates):
    with app.app_context():
        _screen_all(past_candidates)
        for name, day in (("Schelde", date(2021, 6, 21)), ("Leie", date(2021, 6, 23))):
            application, _, _ = _objects(past_candidates[name])
            interview = _interview(application, day)
            _outcome(interview, day)
        db.session.commit()
        assert milestone("prematching-gesprek") == date(2021, 6, 23)


# --- the pages ---------------------------------------------------------------------------------


def test_the_pages_propose_the_planned_day_of_a_round_that_ended_and_show_the_dates(
    app, factory, past_candidates
):
    with time_machine.travel(LATER, tick=False):
        lead = client_for(app, factory, "lead", "oost-vlaanderen")
        schelde = past_candidates["Schelde"]
        page = lead.get(f"/aanmeldingen/{schelde}/papier").text
        assert value_of(page, "decided_on") == "2021-06-11"  # planned end of 'op papier'
        with app.app_context():
            _screen_all(past_candidates, on=date(2021, 6, 9))
            application, _, _ = _objects(schelde)
            _interview(application, date(2021, 6, 21))
            db.session.commit()
        page = lead.get(f"/aanmeldingen/{schelde}/gesprek").text
        assert value_of(page, "uitkomst-held_on") == "2021-06-21"  # the interview's own day
        url = "/matching/oost-vlaanderen?ronde=2021-2022"
        page = lead.get(url).text
        assert value_of(page, "decided_on") == "2021-06-30"  # the planned decision
        assert "(op 9 jun 2021)" in page  # the verdicts' day, side by side

        response = lead.post(
            "/matching/oost-vlaanderen/beslissing?ronde=2021-2022",
            data={
                "csrf_token": csrf_token(page),
                "version": "0",
                "kind": "partner",
                "application": str(schelde),
                "reason": "Beste match",
                "others_reason": "Eén per provincie.",
                "decided_on": "2021-06-25",
            },
        )
        assert response.status_code == 302
        page = lead.get(url).text
        assert "Beslist op 25 jun 2021" in page
        assert value_of(page, "publiceren-published_on") == "2021-06-25"  # the decision's day
        before_decision = lead.post(
            "/matching/oost-vlaanderen/beslissing/publiceren?ronde=2021-2022",
            data={
                "publiceren-csrf_token": csrf_token(page),
                "publiceren-version": value_of(page, "publiceren-version"),
                "publiceren-published_on": "2021-06-20",
            },
        ).text
        error = before_decision[before_decision.index('id="publiceren-published_on-fout"') :]
        assert "vóór de beslissing (25 jun 2021)" in error.split("</div>")[0]
        assert 'value="2021-06-20"' in before_decision
        response = lead.post(
            "/matching/oost-vlaanderen/beslissing/publiceren?ronde=2021-2022",
            data={
                "publiceren-csrf_token": csrf_token(page),
                "publiceren-version": value_of(page, "publiceren-version"),
                "publiceren-published_on": "2021-06-28",
            },
        )
        assert response.status_code == 302
        page = lead.get(url).text
        assert "gepubliceerd op 28 jun 2021" in page
        history = page[page.index('id="historiek"') :]
        assert "28 jun 2021 · gepubliceerd" in history and "25 jun 2021 · genomen" in history
    with app.app_context():
        assert milestone("beslissing") == date(2021, 6, 25)


def test_a_refused_day_comes_back_at_its_field_with_what_was_typed(app, factory, past_candidates):
    with time_machine.travel(LATER, tick=False):
        lead = client_for(app, factory, "lead", "oost-vlaanderen")
        schelde = past_candidates["Schelde"]
        with app.app_context():
            _screen_all(past_candidates)
            db.session.commit()
        response = post_form(
            lead,
            "/matching/oost-vlaanderen?ronde=2021-2022",
            {
                "version": "0",
                "kind": "partner",
                "application": str(schelde),
                "reason": "Beste match met Pleegzorg",
                "others_reason": "Eén per provincie.",
                "decided_on": "2026-03-12",
            },
            action="/matching/oost-vlaanderen/beslissing?ronde=2021-2022",
        )
        assert response.status_code == 200
        text = response.text
        error = text[text.index('id="decided_on-fout"') :]
        assert FUTURE in error.split("</div>")[0]  # at the field, not as a flash
        assert 'value="2026-03-12"' in text and "Beste match met Pleegzorg" in text
        assert f'<option selected value="{schelde}">' in text

        response = post_form(
            lead,
            f"/aanmeldingen/{schelde}/papier",
            {
                "verdict": "not_retained",
                "reason": "Geen fallbackbeleid",
                "decided_on": "2023-02-01",
            },
        )
        assert response.status_code == 200
        assert 'id="decided_on-fout"' in response.text and OUTSIDE in response.text
        assert 'value="2023-02-01"' in response.text
    with app.app_context():
        assert db.session.scalar(select(Decision)) is None
        assert db.session.get(Application, schelde).screening.verdict is PaperVerdict.TO_INTERVIEW


# --- the steps in their order (issue 9, review of 9.1) -----------------------------------------


def _field_error(page: str, field: str) -> str:
    """The message a page shows at the field `field`."""
    return page[page.index(f'id="{field}-fout"') :].split("</div>")[0]


def test_no_verdict_on_paper_before_the_application_was_submitted(app, past_candidates):
    with app.app_context():
        application, _, _ = _objects(past_candidates["Schelde"])  # submitted 18 May 2021
        with pytest.raises(services.MatchingError, match="vóór de indiening") as refused:
            _verdict(application, date(2021, 5, 17))
        assert refused.value.field == "decided_on" and application.screening is None
        _verdict(application, date(2021, 5, 18))  # the day it was submitted will do


def test_no_interview_outcome_before_the_interview(app, past_candidates):
    with app.app_context():
        _screen_all(past_candidates)
        application, _, _ = _objects(past_candidates["Schelde"])
        interview = _interview(application, date(2021, 6, 21))
        with pytest.raises(services.MatchingError, match=r"vóór het gesprek \(21 jun") as refused:
            _outcome(interview, date(2021, 6, 20))
        assert refused.value.field == "held_on" and interview.outcome is None


def test_no_decision_before_the_deadline_nor_before_the_partners_verdict(app, past_candidates):
    with app.app_context():
        _screen_all(past_candidates, on=date(2021, 6, 8))
        with pytest.raises(services.MatchingError, match="vóór het oordeel op papier") as refused:
            _decide(past_candidates, date(2021, 6, 7))
        assert refused.value.field == "decided_on"
        _, rollout, province = _objects(past_candidates["Schelde"])
        with pytest.raises(services.MatchingError, match=r"deadline van de aanmeldingen \(21 mei"):
            services.decide(
                db.session,
                rollout,
                province,
                DecisionKind.NO_PARTNER,
                None,
                "Geen match",
                "",
                ACT,
                decided_on=date(2021, 5, 20),
            )
        assert db.session.scalar(select(Decision)) is None
        decision = _decide(past_candidates, date(2021, 6, 8))
        leie = _objects(past_candidates["Leie"])[0]
        leie.screening.decided_on = date(2021, 7, 1)  # judged again later
        with pytest.raises(services.MatchingError, match="vóór het oordeel op papier"):
            services.revise(
                db.session,
                decision,
                DecisionKind.PARTNER,
                leie,
                "Sterkste team",
                "Eén per provincie.",
                "Schelde trok zich terug",
                ACT,
                expected_version=decision.version,
                revised_on=date(2021, 6, 30),
            )


def test_a_later_submission_under_an_extension_moves_the_first_day_to_decide(
    app, factory, past_candidates
):
    organisation_id = factory.organisation("oost-vlaanderen", "Voorziening Dender")
    approve(app, organisation_id)
    late = start(app, organisation_id, "2021-2022")
    fill_complete(app, late)
    with app.app_context():
        application = db.session.get(Application, late)
        applications.grant_extension(
            db.session,
            application.rollout,
            application.organisation,
            datetime(2021, 5, 31, 21, 59, tzinfo=UTC),
            "Ziekte van de directeur",
            Act.by(None, datetime(2021, 5, 20, 9, 0, tzinfo=UTC)),
        )
        db.session.commit()
    submit(app, late, now=datetime(2021, 5, 27, 22, 30, tzinfo=UTC))  # 28 May in Brussels
    with app.app_context():
        _, rollout, province = _objects(late)
        no_partner = (DecisionKind.NO_PARTNER, None, "Geen match")
        with pytest.raises(services.MatchingError, match=r"laatste indiening .*\(28 mei 2021\)"):
            services.decide(
                db.session,
                rollout,
                province,
                *no_partner,
                "",
                ACT,
                decided_on=date(2021, 5, 27),
            )
        services.decide(
            db.session,
            rollout,
            province,
            *no_partner,
            "",
            ACT,
            decided_on=date(2021, 5, 28),
        )


def test_a_step_dated_out_of_order_comes_back_at_its_field(app, factory, past_candidates):
    with time_machine.travel(LATER, tick=False):
        lead = client_for(app, factory, "lead", "oost-vlaanderen")
        schelde = past_candidates["Schelde"]
        response = post_form(
            lead,
            f"/aanmeldingen/{schelde}/papier",
            {
                "verdict": "to_interview",
                "reason": "",
                "decided_on": "2021-05-10",
            },
        )
        assert response.status_code == 200
        assert "vóór de indiening van de aanmelding (18 mei 2021)" in _field_error(
            response.text, "decided_on"
        )
        assert 'value="2021-05-10"' in response.text
        with app.app_context():
            _screen_all(past_candidates, on=date(2021, 6, 8))
            _interview(_objects(schelde)[0], date(2021, 6, 21))
            db.session.commit()
        response = post_form(
            lead,
            f"/aanmeldingen/{schelde}/gesprek",
            {
                "uitkomst-outcome": "yes",
                "uitkomst-strengths": "Sterk team",
                "uitkomst-held_on": "2021-06-14",
                "uitkomst-submit": "x",
            },
            prefix="uitkomst-",
        )
        assert response.status_code == 200
        assert "vóór het gesprek (21 jun 2021)" in _field_error(response.text, "uitkomst-held_on")
        assert "Sterk team" in response.text
        response = post_form(
            lead,
            "/matching/oost-vlaanderen?ronde=2021-2022",
            {
                "version": "0",
                "kind": "partner",
                "application": str(schelde),
                "reason": "Beste match",
                "others_reason": "Eén per provincie.",
                "decided_on": "2021-06-07",
            },
            action="/matching/oost-vlaanderen/beslissing?ronde=2021-2022",
        )
        assert response.status_code == 200
        assert "vóór het oordeel op papier van deze organisatie (8 jun 2021)" in _field_error(
            response.text, "decided_on"
        )
    with app.app_context():
        assert db.session.scalar(select(Decision)) is None
        assert db.session.scalar(select(Interview.outcome)) is None

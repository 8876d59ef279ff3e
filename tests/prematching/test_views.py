"""Reviews hidden until one's own is in, the verdict on paper, the decision and its history,
one organisation per province (also when two leads decide at once), and the milestones."""

import re
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from rollout.applications.models import Application
from rollout.extensions import db
from rollout.plan.models import Activity, ActivityProgress, Province, Rollout
from rollout.prematching.models import Decision, DecisionChange
from rollout.timeutil import brussels_today
from tests.conftest import csrf_token, sign_in


def client_for(app, factory, role, province="antwerpen", email=None):
    client = app.test_client()
    sign_in(client, factory.user(role, province, email=email))
    return client


def user_id(app, email):
    from rollout.auth.models import User

    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def value_of(page: str, name: str) -> str:
    """The value a page's form proposes for the input `name`."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    assert match, f"no input {name} with a value on the page"
    return match.group(1)


def review_form(page):
    fields = dict(re.findall(r'name="(version|csrf_token)"[^>]*value="([^"]*)"', page))
    slugs = sorted(set(re.findall(r'name="assessment_([a-z-]+)"', page)))
    return fields, slugs


def post_review(client, application_id, assessment="met", submit=True):
    page = client.get(f"/aanmeldingen/{application_id}/beoordeling").text
    fields, slugs = review_form(page)
    data = {**fields, "staffing_assessment": assessment, "staffing_comment": "Bezetting ok"}
    for slug in slugs:
        data[f"assessment_{slug}"] = assessment
        data[f"comment_{slug}"] = f"Oordeel {assessment}"
    data["submit_review" if submit else "save"] = "x"
    return client.post(f"/aanmeldingen/{application_id}/beoordeling", data=data)


def assign(app, lead, application_id, service_email):
    page = lead.get(f"/aanmeldingen/{application_id}/papier").text
    return lead.post(
        f"/aanmeldingen/{application_id}/papier",
        data={
            "assign-csrf_token": csrf_token(page),
            "assign-user": str(user_id(app, service_email)),
            "assign-submit": "Toewijzen",
        },
    )


def test_reviews_stay_hidden_until_ones_own_is_submitted(app, factory, candidates):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    service = client_for(app, factory, "service", "antwerpen", email="pz@example.org")
    eik = candidates["Eik"]
    assert service.get(f"/aanmeldingen/{eik}/beoordeling").status_code == 404  # not assigned
    assert assign(app, lead, eik, "pz@example.org").status_code == 302

    post_review(lead, eik, assessment="partly")  # the lead reviews and submits
    page = service.get(f"/aanmeldingen/{eik}/beoordeling").text
    assert "Oordeel partly" not in page  # the lead's review is hidden from the service
    side = service.get("/matching/antwerpen").text
    assert "Oordeel partly" not in side

    post_review(service, eik, assessment="met", submit=False)  # a draft is not enough
    assert "Oordeel partly" not in service.get(f"/aanmeldingen/{eik}/beoordeling").text
    assert "Oordeel met" not in lead.get("/matching/antwerpen").text  # the lead sees no draft

    post_review(service, eik, assessment="met")
    assert "Oordeel partly" in service.get(f"/aanmeldingen/{eik}/beoordeling").text
    side = lead.get("/matching/antwerpen").text
    assert "Oordeel partly" in side and "Oordeel met" in side


def test_a_submitted_review_is_frozen_and_needs_every_answer(app, factory, candidates):
    lead = client_for(app, factory, "lead")
    page = lead.get(f"/aanmeldingen/{candidates['Eik']}/beoordeling").text
    fields, _slugs = review_form(page)
    response = lead.post(
        f"/aanmeldingen/{candidates['Eik']}/beoordeling", data={**fields, "submit_review": "x"}
    )
    assert "Beoordeel elke vereiste" in response.text
    post_review(lead, candidates["Eik"])
    again = post_review(lead, candidates["Eik"], assessment="not_met")
    assert "al ingediend" in again.text


@pytest.mark.parametrize("role", ["organisation", "service"])
def test_only_leads_run_the_matching(app, factory, candidates, role):
    other = client_for(app, factory, role, "antwerpen")
    token = csrf_token(other.get("/account").text)
    eik = candidates["Eik"]
    assert other.get(f"/aanmeldingen/{eik}/papier").status_code in (403, 404)
    assert (
        other.post(
            "/matching/antwerpen/beslissing",
            data={"csrf_token": token, "kind": "partner", "application": eik},
        ).status_code
        == 403
    )
    assert (
        other.post(
            "/matching/antwerpen/beslissing/publiceren", data={"csrf_token": token}
        ).status_code
        == 403
    )
    if role == "organisation":
        assert other.get("/matching/antwerpen").status_code == 403
        assert other.get(f"/aanmeldingen/{eik}/beoordeling").status_code == 404
    else:
        assert other.get("/matching/antwerpen").status_code == 200
        assert other.get("/matching/limburg").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(Decision.id))) == 0


def to_interview(application_id):
    """The verdict on paper a partner needs (only in an app context)."""
    from datetime import UTC, datetime

    from rollout.prematching.models import PaperVerdict, Screening

    if db.session.scalar(select(Screening).where(Screening.application_id == application_id)):
        return
    db.session.add(
        Screening(
            application_id=application_id,
            verdict=PaperVerdict.TO_INTERVIEW,
            decided_at=datetime.now(UTC),
            decided_on=datetime.now(UTC).date(),
        )
    )
    db.session.commit()


def deadline_passed(rollout_slug: str = "huidig") -> None:
    """Move the round's application deadline to yesterday, so that it can be decided today
    (only in an app context)."""
    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == rollout_slug))
    rollout.application_deadline = brussels_today() - timedelta(days=1)
    db.session.commit()


def history_by(day: date, rollout_slug: str = "huidig") -> None:
    """A round whose applications were submitted and judged on paper by `day`, its deadline
    the day before: so that it can be decided on `day` (only in an app context)."""
    from rollout.applications.models import Application
    from rollout.prematching.models import Screening
    from rollout.timeutil import start_of_day

    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == rollout_slug))
    rollout.application_deadline = day - timedelta(days=1)
    applications = db.session.scalars(
        select(Application).where(Application.rollout_id == rollout.id)
    ).all()
    for application in applications:
        if application.submitted_at and application.submitted_at > start_of_day(day):
            application.submitted_at = start_of_day(day - timedelta(days=1))
    for screening in db.session.scalars(
        select(Screening).where(Screening.application_id.in_([a.id for a in applications]))
    ):
        screening.decided_on = min(screening.decided_on, day)
    db.session.commit()


def decide(client, application_id, reason="Beste match", kind="partner", version="0", **extra):
    """Decide through the page; with `decided_on`, on that day, as if the round's applications
    had been submitted and judged by then."""
    app = client.application
    with app.app_context():
        to_interview(application_id)
        try:
            history_by(date.fromisoformat(extra["decided_on"]))
        except (KeyError, TypeError, ValueError):  # none, or a malformed one under test
            deadline_passed()
    page = client.get("/matching/antwerpen").text
    return client.post(
        "/matching/antwerpen/beslissing",
        data={
            "csrf_token": csrf_token(page),
            "version": version,
            "kind": kind,
            "application": str(application_id),
            "reason": reason,
            "others_reason": "Een sterke kandidatuur, maar één organisatie per provincie.",
            "decided_on": value_of(page, "decided_on"),
            **extra,
        },
    )


def publish(client, **extra):
    page = client.get("/matching/antwerpen").text
    return client.post(
        "/matching/antwerpen/beslissing/publiceren",
        data={
            "publiceren-csrf_token": csrf_token(page),
            "publiceren-version": value_of(page, "publiceren-version"),
            "publiceren-published_on": value_of(page, "publiceren-published_on"),
            **extra,
        },
    )


def milestone_done(app, slug, province="antwerpen"):
    with app.app_context():
        return db.session.scalar(
            select(ActivityProgress.actual_end)
            .join(Activity)
            .join(Rollout, Rollout.id == Activity.rollout_id)
            .join(Province, Province.id == ActivityProgress.province_id)
            .where(Activity.slug == slug, Rollout.slug == "huidig", Province.slug == province)
        )


def test_the_verdict_on_paper_dates_its_milestone_when_all_are_judged(app, factory, candidates):
    lead = client_for(app, factory, "lead")
    for name, verdict, reason in (("Eik", "to_interview", ""), ("Beuk", "not_retained", "")):
        page = lead.get(f"/aanmeldingen/{candidates[name]}/papier").text
        proposed = value_of(page, "decided_on")
        assert proposed == brussels_today().isoformat()  # a running round: today
        response = lead.post(
            f"/aanmeldingen/{candidates[name]}/papier",
            data={
                "csrf_token": csrf_token(page),
                "verdict": verdict,
                "reason": reason,
                "decided_on": proposed,
            },
        )
        if verdict == "not_retained":
            assert "Geef een reden" in response.text  # refused without a reason
            assert milestone_done(app, "prematching-papier") is None  # Beuk still open
            lead.post(
                f"/aanmeldingen/{candidates[name]}/papier",
                data={
                    "csrf_token": csrf_token(page),
                    "verdict": verdict,
                    "reason": "Geen fallbackbeleid",
                    "decided_on": proposed,
                },
            )
    assert milestone_done(app, "prematching-papier") == brussels_today()
    assert milestone_done(app, "prematching-papier", "oost-vlaanderen") is None


def test_the_decision_is_kept_unpublished_then_published_and_revised_with_history(
    app, factory, candidates
):
    lead = client_for(app, factory, "lead", email="lead@example.org")
    organisation = app.test_client()
    sign_in(
        organisation,
        factory.user("organisation", "antwerpen", organisation_id=candidates["Beuk-org"]),
    )

    assert decide(lead, candidates["Eik"]).status_code == 302
    assert milestone_done(app, "beslissing") == brussels_today()
    page = organisation.get(f"/aanmeldingen/{candidates['Beuk']}").text
    assert 'id="uitkomst"' not in page  # unpublished: organisations see nothing

    # a revision needs its own reason (the public reason alone is not enough)
    decide(lead, candidates["Beuk"], version=_version(app))
    assert "Voorziening Eik werkt samen" in lead.get("/matching/antwerpen").text
    publish(lead)
    assert "gepubliceerd" in lead.get("/matching/antwerpen").text
    page = organisation.get(f"/aanmeldingen/{candidates['Beuk']}").text
    assert "Niet geselecteerd" in page and "één organisatie per provincie" in page

    decide(
        lead,
        candidates["Beuk"],
        reason="Sterkste team",
        version=_version(app),
        revision_reason="Eik trok zich terug na interne problemen",
    )
    with app.app_context():
        decision = db.session.scalar(select(Decision))
        assert decision.application.organisation.name == "Voorziening Beuk"
        assert not decision.is_published  # a revision is published again deliberately
        steps = [
            c.step for c in db.session.scalars(select(DecisionChange).order_by(DecisionChange.id))
        ]
        assert steps == ["genomen", "gepubliceerd", "herzien"]
        last = db.session.scalar(select(DecisionChange).order_by(DecisionChange.id.desc()))
        assert last.before["organisation"] == "Voorziening Eik"
        assert last.reason == "Eik trok zich terug na interne problemen"
    page = organisation.get(f"/aanmeldingen/{candidates['Beuk']}").text
    assert 'id="uitkomst"' not in page
    publish(lead)
    page = organisation.get(f"/aanmeldingen/{candidates['Beuk']}").text
    assert "Geselecteerd" in page and "Sterkste team" in page
    assert "interne problemen" not in page  # the revision's reason stays internal


def _version(app):
    with app.app_context():
        return str(db.session.scalar(select(Decision.version)))


def test_a_revision_without_reason_is_refused(app, factory, candidates):
    lead = client_for(app, factory, "lead")
    decide(lead, candidates["Eik"])
    response = decide(lead, candidates["Beuk"], version=_version(app), revision_reason="")
    assert response.status_code == 200  # the form comes back as filled in, message at the field
    assert 'id="revision_reason-fout"' in response.text
    assert "Geef een reden voor de herziening." in response.text
    with app.app_context():
        assert db.session.scalar(select(Decision)).application_id == candidates["Eik"]


def test_a_second_decision_is_refused_by_the_rule_and_the_database(app, factory, candidates):
    from sqlalchemy.exc import IntegrityError

    lead = client_for(app, factory, "lead")
    decide(lead, candidates["Eik"])
    with app.app_context():
        first = db.session.scalar(select(Decision))
        db.session.add(
            Decision(
                rollout_id=first.rollout_id,
                province_id=first.province_id,
                kind=first.kind,
                application_id=candidates["Beuk"],
                decided_on=first.decided_on,
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_two_leads_deciding_at_once_exactly_one_wins(app, factory, candidates):
    leads = [client_for(app, factory, "lead", email=f"lead{n}@example.org") for n in (1, 2)]
    with app.app_context():
        to_interview(candidates["Eik"])
        to_interview(candidates["Beuk"])
        deadline_passed()
    pages = [lead.get("/matching/antwerpen").text for lead in leads]
    barrier = threading.Barrier(2)
    results = []

    def go(client, page, application_id):
        barrier.wait()
        response = client.post(
            "/matching/antwerpen/beslissing",
            data={
                "csrf_token": csrf_token(page),
                "version": "0",
                "kind": "partner",
                "application": str(application_id),
                "reason": "Gelijktijdig",
                "others_reason": "Eén organisatie per provincie.",
                "decided_on": value_of(page, "decided_on"),
            },
        )
        results.append(response.status_code)

    threads = [
        threading.Thread(target=go, args=(leads[0], pages[0], candidates["Eik"])),
        threading.Thread(target=go, args=(leads[1], pages[1], candidates["Beuk"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [302, 302]
    with app.app_context():
        decisions = db.session.scalars(select(Decision)).all()
        assert len(decisions) == 1
        assert len(decisions[0].changes) == 1  # one "genomen", not two
    messages = [lead.get("/matching/antwerpen").text for lead in leads]
    assert sum("intussen al beslist" in m for m in messages) == 1


def test_the_chosen_organisation_becomes_the_provinces_partner_once_published(
    app, factory, candidates
):
    lead = client_for(app, factory, "lead")
    service = client_for(app, factory, "service", "antwerpen")
    decide(lead, candidates["Eik"])
    assert 'id="partner"' in lead.get("/provinces/antwerpen").text
    assert 'id="partner"' not in service.get("/provinces/antwerpen").text
    assert "Voorziening Eik werkt samen" not in service.get("/matching/antwerpen").text
    publish(lead)
    assert "Voorziening Eik werkt samen" in service.get("/matching/antwerpen").text
    page = service.get("/provinces/antwerpen").text
    assert "Partnerorganisatie in deze ronde: <strong>Voorziening Eik</strong>" in page


def test_the_organisation_sees_its_outcome_only_when_published(app, factory, candidates):
    lead = client_for(app, factory, "lead")
    organisation = app.test_client()
    sign_in(
        organisation,
        factory.user("organisation", "antwerpen", organisation_id=candidates["Eik-org"]),
    )
    decide(lead, candidates["Eik"])
    assert "Geselecteerd" not in organisation.get("/mijn-organisatie").text
    stale = lead.post(  # without the version it saw, a lead cannot publish
        "/matching/antwerpen/beslissing/publiceren",
        data={
            "publiceren-csrf_token": csrf_token(lead.get("/matching/antwerpen").text),
            "publiceren-published_on": brussels_today().isoformat(),
        },
    )
    assert stale.status_code == 302
    assert "Geselecteerd" not in organisation.get("/mijn-organisatie").text
    publish(lead)
    home = organisation.get("/mijn-organisatie").text
    assert "Geselecteerd" in home
    with app.app_context():
        application = db.session.get(Application, candidates["Eik"])
        from rollout.prematching.queries import partner_application

        assert (
            partner_application(db.session, application.rollout, application.organisation.province)
            == application
        )


def _decision_section(page: str) -> str:
    section = page[page.index('id="beslissing"') :]
    return section[: section.index("</section>")]


def test_before_a_decision_its_heading_is_never_empty(app, factory, candidates):
    """Issue 9, point 15: the "Beslissing" heading is followed by what there is to know."""
    lead = client_for(app, factory, "lead")
    service = client_for(app, factory, "service")
    for client, province, words in (
        (service, "antwerpen", "Nog geen beslissing; ze verschijnt hier zodra"),
        (lead, "west-vlaanderen", "Nog geen beslissing: er is nog geen ingediende"),
        (lead, "antwerpen", "Beslissing nemen"),
    ):
        section = _decision_section(client.get(f"/matching/{province}").text)
        assert words in section, province
    decide(lead, candidates["Eik"])
    section = _decision_section(lead.get("/matching/antwerpen").text)
    assert "Nog geen beslissing" not in section and 'id="huidige-beslissing"' in section
    # unpublished, the service still reads that there is none yet
    assert "Nog geen beslissing" in _decision_section(service.get("/matching/antwerpen").text)


def test_malformed_decision_input_gets_a_message_never_a_server_error(app, factory, candidates):
    lead = client_for(app, factory, "lead")
    for extra in (
        {"version": "²"},
        {"application": "9" * 30},
        {"kind": "alles"},
        {"decided_on": "31-31-2021"},
    ):
        response = decide(lead, candidates["Eik"], **extra)
        assert response.status_code in (200, 302), extra
    with app.app_context():
        assert db.session.scalar(select(func.count(Decision.id))) <= 1
    page = lead.get("/matching/antwerpen").text
    response = lead.post(
        "/matching/antwerpen/beslissing/publiceren",
        data={"publiceren-csrf_token": csrf_token(page), "publiceren-version": "²"},
    )
    assert response.status_code in (200, 302, 404)


def test_a_service_cannot_post_a_review_it_was_not_assigned(app, factory, candidates):
    service = client_for(app, factory, "service", "antwerpen")
    token = csrf_token(service.get("/account").text)
    response = service.post(
        f"/aanmeldingen/{candidates['Eik']}/beoordeling",
        data={
            "csrf_token": token,
            "version": "0",
            "staffing_assessment": "met",
            "submit_review": "x",
        },
    )
    assert response.status_code == 404
    with app.app_context():
        from rollout.prematching.models import Review

        assert db.session.scalar(select(func.count(Review.id))) == 0


def test_the_pages_of_one_application_name_its_round(app, factory, candidates):
    """Issue 9, point 3 (review): the verdict on paper, the interview and the versions belong
    to the application's round and say so, whatever round was chosen before; the versions
    show the status in Dutch."""
    lead = client_for(app, factory, "lead")
    assert lead.get("/matching?ronde=2021-2022").status_code == 200  # another round remembered
    eik = candidates["Eik"]
    for path in ("papier", "gesprek", "versies"):
        page = lead.get(f"/aanmeldingen/{eik}/{path}").text
        assert re.search(r'id="ronde-naam">Huidige ronde<', page), path
        assert 'id="ronde"' not in page, path  # no other round to choose on these pages
    versions = lead.get(f"/aanmeldingen/{eik}/versies").text
    submitted = versions[versions.index("<td>Status</td>") :].split("</tr>")[0]
    assert "Concept" in submitted and "Ingediend" in submitted
    assert "draft" not in submitted and "submitted" not in submitted


def test_a_service_reads_its_review_in_a_closed_round_but_cannot_change_it(
    app, factory, candidates
):
    """Issue 9, point 2 (review): once a lead closed the round, the assigned service still
    opens its review, read-only, instead of 'Niet gevonden'; saving it is refused."""
    from rollout.timeutil import utcnow

    lead = client_for(app, factory, "lead", email="lead@example.org")
    service = client_for(app, factory, "service", "antwerpen", email="pz@example.org")
    eik, beuk = candidates["Eik"], candidates["Beuk"]
    assign(app, lead, eik, "pz@example.org")
    post_review(service, eik, assessment="met", submit=False)  # a draft, then the round closes
    loaded = service.get(f"/aanmeldingen/{eik}/beoordeling").text
    with app.app_context():
        db.session.scalar(select(Rollout).where(Rollout.slug == "huidig")).closed_at = utcnow()
        db.session.commit()

    response = service.get(f"/aanmeldingen/{eik}/beoordeling")
    assert response.status_code == 200
    page = response.text
    assert "Deze ronde is afgesloten" in page
    assert "Oordeel met" in page  # what was saved, to read
    assert "<fieldset disabled>" in page and 'name="submit_review"' not in page
    side = service.get("/matching/antwerpen").text
    assert "Beoordeling bekijken" in side and ">Beoordelen<" not in side

    fields, slugs = review_form(loaded)
    data = {**fields, "staffing_assessment": "not_met", "submit_review": "x"}
    data |= {f"assessment_{slug}": "not_met" for slug in slugs}
    assert service.post(f"/aanmeldingen/{eik}/beoordeling", data=data).status_code in (403, 404)
    assert service.get(f"/aanmeldingen/{beuk}/beoordeling").status_code == 404  # not assigned
    with app.app_context():
        from rollout.prematching.models import Review

        review = db.session.scalar(select(Review))
        assert review.submitted_at is None and review.staffing_assessment.value == "met"

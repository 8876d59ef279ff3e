"""Teams: who edits which team, bad input refused, the status on any date, the milestone."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from rollout.changes import Act
from rollout.extensions import db
from rollout.plan.models import Province, Rollout
from rollout.staffing.models import TeamMember
from tests.conftest import csrf_token, sign_in
from tests.prematching.test_views import client_for, milestone_done
from tests.staffing.helpers import add, members, rollout_start


def test_the_organisation_edits_its_team_and_reads_the_services(app, factory, decided):
    organisation = app.test_client()
    sign_in(
        organisation, factory.user("organisation", "antwerpen", organisation_id=decided["Eik-org"])
    )
    start = rollout_start(app).isoformat()
    assert add(organisation, "organisation", "An", "coordinator", "8", start).status_code == 302
    assert add(organisation, "service", "Piet", "coordinator", "8", start).status_code in (403, 404)
    page = organisation.get("/teams/antwerpen?ronde=huidig").text
    assert "An" in page and 'id="blok-service"' in page

    other = app.test_client()  # the applicant that was not chosen sees no team
    sign_in(
        other,
        factory.user(
            "organisation", "antwerpen", organisation_id=decided["Beuk-org"], email="b@x.org"
        ),
    )
    assert other.get("/teams/antwerpen?ronde=huidig").status_code == 403
    assert add(other, "organisation", "X", "coordinator", "8", start).status_code in (403, 404)

    service = client_for(app, factory, "service", "antwerpen")
    assert add(service, "service", "Piet", "coordinator", "8", start).status_code == 302
    assert add(service, "organisation", "X", "coordinator", "8", start).status_code in (403, 404)
    elsewhere = client_for(app, factory, "service", "limburg")
    assert elsewhere.get("/teams/antwerpen?ronde=huidig").status_code == 403
    assert members(app) == 2


@pytest.mark.parametrize(
    ("hours", "until", "message"),
    [
        ("0", "", "van 0,5 tot 40 uur per week"),
        ("41", "", "van 0,5 tot 40 uur per week"),
        ("NaN", "", "van 0,5 tot 40 uur per week"),
        ("8", "2000-01-01", "De einddatum ligt voor de begindatum."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(app, decided, hours, until, message):
    response = add(
        decided["lead"],
        "organisation",
        "An",
        "coordinator",
        hours,
        rollout_start(app).isoformat(),
        until,
    )
    assert response.status_code == 200 and message in response.text
    assert 'value="An"' in response.text
    assert members(app) == 0


def test_one_person_over_forty_hours_over_all_roles_is_refused(app, decided):
    lead, start = decided["lead"], rollout_start(app).isoformat()
    add(lead, "organisation", "An Peeters", "coordinator", "30", start, email="an@eik.org")
    response = add(
        lead, "organisation", "An Peeters", "parent_counsellor", "12", start, email="an@eik.org"
    )
    assert "zou dan 42 uur per week werken" in response.text
    assert members(app) == 1


def test_the_status_on_any_date_and_the_automatic_milestone(app, decided):
    lead = decided["lead"]
    start = rollout_start(app)
    add(lead, "organisation", "An", "coordinator", "8", start.isoformat())
    add(lead, "organisation", "Sara", "pp_counsellor", "19", start.isoformat())
    assert milestone_done(app, "team-samengesteld") is None  # no parent counsellor yet
    later = date(start.year, start.month, 20)
    add(lead, "organisation", "Tom", "parent_counsellor", "8", later.isoformat())
    assert milestone_done(app, "team-samengesteld") == later
    before = lead.get(f"/teams/antwerpen?ronde=huidig&datum={start.isoformat()}").text
    # before the team was composed the rule does not apply yet: grey, never red
    assert re.search(r'data-role="parent_counsellor" data-status="not_required"', before)
    after = lead.get(f"/teams/antwerpen?ronde=huidig&datum={later.isoformat()}").text
    assert not re.search(r'data-status="(missing|short)"', after.split('id="blok-service"')[0])


def test_hours_change_from_a_date_and_the_history_stays(app, decided):
    lead = decided["lead"]
    start = rollout_start(app)
    add(lead, "organisation", "Sara", "pp_counsellor", "8", start.isoformat())
    with app.app_context():
        member = db.session.scalar(select(TeamMember))
        member_id, version = member.id, member.version
    page = lead.get("/teams/antwerpen?ronde=huidig").text
    from_day = date(start.year + 1, start.month, 1)
    response = lead.post(
        "/teams/antwerpen/organisation/wijzigen?ronde=huidig",
        data={
            "uren-csrf_token": csrf_token(page),
            "uren-member": member_id,
            "uren-version": version,
            "uren-hours": "19",
            "uren-from_day": from_day.isoformat(),
            "uren-submit": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        periods = db.session.scalars(select(TeamMember).order_by(TeamMember.valid_from)).all()
        assert [(p.hours, p.valid_until) for p in periods] == [
            (8, date.fromordinal(from_day.toordinal() - 1)),
            (19, None),
        ]
    assert "8 → 19 uur per week" in lead.get("/teams/antwerpen?ronde=huidig").text


def test_the_overview_is_for_leads(app, factory, decided):
    page = decided["lead"].get("/teams?ronde=huidig").text
    assert 'data-province="antwerpen" data-team="organisation"' in page
    service = client_for(app, factory, "service", "antwerpen")
    assert service.get("/teams").headers["Location"] == "/teams/antwerpen"
    with app.app_context():
        assert db.session.scalar(select(Province.slug).where(Province.slug == "antwerpen"))


def member_periods(app):
    with app.app_context():
        return [
            (m.name, m.hours, m.valid_from, m.valid_until)
            for m in db.session.scalars(select(TeamMember).order_by(TeamMember.id))
        ]


def post_change(client, member_id, version, **fields):
    page = client.get("/teams/antwerpen?ronde=huidig").text
    kind = "uren" if "hours" in fields else "vertrek"
    data = {
        f"{kind}-csrf_token": csrf_token(page),
        f"{kind}-member": member_id,
        f"{kind}-version": version,
        f"{kind}-submit": "1",
    }
    data.update({f"{kind}-{k}": v for k, v in fields.items()})
    return client.post("/teams/antwerpen/organisation/wijzigen?ronde=huidig", data=data)


def ids(app):
    with app.app_context():
        return [
            (m.id, m.version)
            for m in db.session.scalars(select(TeamMember).order_by(TeamMember.id))
        ]


def test_the_milestone_moves_earlier_and_is_cleared_when_the_rule_is_no_longer_met(app, decided):
    lead = decided["lead"]
    start = rollout_start(app)
    later = start.replace(day=20)
    add(lead, "organisation", "An", "coordinator", "8", start.isoformat())
    add(lead, "organisation", "Sara", "pp_counsellor", "8", start.isoformat())
    add(lead, "organisation", "Tom", "parent_counsellor", "8", later.isoformat())
    assert milestone_done(app, "team-samengesteld") == later
    add(lead, "organisation", "Mia", "parent_counsellor", "8", start.isoformat())
    assert milestone_done(app, "team-samengesteld") == start  # earlier: moved, no error
    # Mia works 4 hours from her first day and Tom 3 from his: 7 of the 8 needed
    (mia_id, mia_version) = ids(app)[3]
    post_change(lead, mia_id, mia_version, hours="4", from_day=start.isoformat())
    (tom_id, tom_version) = ids(app)[2]
    post_change(lead, tom_id, tom_version, hours="3", from_day=later.isoformat())  # 4 + 3 < 8
    assert milestone_done(app, "team-samengesteld") is None


def test_the_milestone_is_never_dated_in_the_future(app, decided):
    lead = decided["lead"]
    future = date.fromordinal(date.today().toordinal() + 40)
    for name, role in (
        ("An", "coordinator"),
        ("Sara", "pp_counsellor"),
        ("Tom", "parent_counsellor"),
    ):
        add(lead, "organisation", name, role, "8", future.isoformat())
    assert milestone_done(app, "team-samengesteld") is None


def test_leaving_never_lengthens_a_period_and_ends_the_later_ones(app, decided):
    lead = decided["lead"]
    start = rollout_start(app)
    add(lead, "organisation", "Sara", "pp_counsellor", "30", start.isoformat())
    ((first_id, version),) = ids(app)
    post_change(lead, first_id, version, hours="35", from_day=start.replace(day=10).isoformat())
    (first_id, version), (second_id, second_version) = ids(app)
    response = post_change(lead, first_id, version, last_day=start.replace(day=28).isoformat())
    assert response.status_code == 200 and "eindigt al op" in response.text  # at its field
    post_change(lead, second_id, second_version, last_day=start.replace(day=20).isoformat())
    assert [p[3] for p in member_periods(app)] == [start.replace(day=9), start.replace(day=20)]


def test_malformed_ids_and_versions_get_a_message_not_an_error(app, decided):
    lead = decided["lead"]
    add(lead, "organisation", "Sara", "pp_counsellor", "8", rollout_start(app).isoformat())
    ((member_id, _),) = ids(app)
    assert (
        post_change(lead, "²", "1", hours="19", from_day=rollout_start(app).isoformat()).status_code
        == 404
    )
    assert (
        post_change(
            lead, member_id, "²", hours="19", from_day=rollout_start(app).isoformat()
        ).status_code
        == 302
    )
    assert member_periods(app)[0][1] == 8


def test_the_nineteen_hours_follow_a_provinces_moved_start_of_trajectories(app, decided):
    from rollout.plan.models import Activity
    from rollout.plan.progress import Move, move_planned
    from rollout.staffing.queries import rules_for
    from rollout.timeutil import utcnow

    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "huidig"))
        antwerpen = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        limburg = db.session.scalar(select(Province).where(Province.slug == "limburg"))
        milestone = db.session.scalar(
            select(Activity).where(
                Activity.rollout_id == rollout.id, Activity.slug == "start-trajecten"
            )
        )
        moved = date(milestone.planned_start.year + 1, 1, 15)
        move_planned(
            db.session,
            milestone,
            antwerpen,
            Move(moved, moved, "later gestart"),
            act=Act.by(None, utcnow()),
            expected_version=0,
        )
        db.session.commit()
        steps = {
            max(r.applies_from for r in rules_for(db.session, rollout, p))
            for p in (antwerpen, limburg)
        }
        assert steps == {moved, milestone.planned_start}


def test_the_team_composed_is_dated_by_the_team_only(app, decided):
    from tests.sessions.plan_helpers import activity_url

    lead = decided["lead"]
    path = activity_url(app, "team-samengesteld")
    page = lead.get(path).text
    assert "Deze mijlpaal volgt het P&amp;P-team" in page and 'href="/teams/antwerpen' in page
    response = lead.post(
        path,
        data={
            "done-csrf_token": csrf_token(page),
            "done-version": "0",
            "done-actual_end": rollout_start(app).isoformat(),
            "done-submit": "1",
        },
    )
    assert response.status_code == 200
    assert milestone_done(app, "team-samengesteld") is None

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import event, func, select

from rollout.auth.models import User
from rollout.demo import demo_round_start, load_demo
from rollout.extensions import db
from rollout.plan.models import (
    Activity,
    ActivityProgress,
    Participation,
    Phase,
    Province,
    Requirement,
    Rollout,
    StaffingRule,
)
from rollout.plan.seeding import SeedError, apply_plan, parse_plan, shift_plan

TABLES = [
    Province,
    Rollout,
    Participation,
    Phase,
    Activity,
    Requirement,
    StaffingRule,
    ActivityProgress,
]


def snapshot() -> dict:
    """Every column of every plan row, to compare before and after."""
    rows = {}
    for model in TABLES:
        for obj in db.session.scalars(select(model)):
            columns = {c.key: getattr(obj, c.key) for c in model.__table__.columns}
            rows[(model.__name__, obj.id)] = columns
    return rows


def test_the_seed_file_holds_the_whole_plan(plan_spec):
    assert plan_spec.start == date(2021, 2, 1)
    assert plan_spec.application_deadline == date(2021, 5, 21)
    assert plan_spec.duration_months == 24
    assert [p.number for p in plan_spec.phases] == [1, 2, 3, 4, 5]
    slugs = {a.slug: a for a in plan_spec.activities}
    assert slugs["inspiratie-pleegzorg"].start == date(2021, 2, 11)
    assert slugs["inspiratie-organisaties"].start == date(2021, 3, 9)
    assert slugs["beslissing"].start == date(2021, 6, 30)
    assert slugs["vorming-kaders-3"].scope == "programme"
    assert slugs["evaluatie"].start == date(2022, 12, 1)
    assert len([r for r in plan_spec.requirements if r.kind == "content"]) == 6
    assert len([r for r in plan_spec.requirements if r.kind == "organisational"]) == 2
    pp_rules = sorted(r.min_hours for r in plan_spec.staffing_rules if r.role == "pp_counsellor")
    assert pp_rules == [8, 19]
    assert {p.slug for p in plan_spec.provinces} == {
        "antwerpen",
        "limburg",
        "oost-vlaanderen",
        "vlaams-brabant-brussel",
        "west-vlaanderen",
    }


def test_seeding_twice_changes_no_row(app, plan_spec):
    with app.app_context():
        _, first = apply_plan(db.session, plan_spec)
        db.session.commit()
        before = snapshot()
        writes = []
        listener = lambda conn, cursor, statement, *args: writes.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            _, second = apply_plan(db.session, plan_spec)
            db.session.commit()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert first.created > 50
        assert (second.created, second.updated) == (0, 0)
        assert not [
            s for s in writes if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        db.session.expire_all()
        assert snapshot() == before


def test_a_changed_file_moves_planned_dates_and_keeps_recorded_progress(app, plan_spec):
    with app.app_context():
        apply_plan(db.session, plan_spec)
        activity = db.session.scalar(select(Activity).where(Activity.slug == "blauwdruk"))
        province = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        db.session.add(
            ActivityProgress(
                activity=activity,
                province=province,
                actual_end=date(2021, 11, 20),
                note="Blauwdruk goedgekeurd",
            )
        )
        db.session.commit()

        moved = replace(
            plan_spec,
            phases=tuple(
                replace(
                    phase,
                    activities=tuple(
                        replace(a, end=date(2021, 12, 15)) if a.slug == "blauwdruk" else a
                        for a in phase.activities
                    ),
                )
                for phase in plan_spec.phases
            ),
        )
        _, report = apply_plan(db.session, moved)
        db.session.commit()
        db.session.expire_all()
        assert report.updated == 1
        activity = db.session.scalar(select(Activity).where(Activity.slug == "blauwdruk"))
        assert activity.planned_end == date(2021, 12, 15)
        (progress,) = activity.progress
        assert (progress.actual_end, progress.note) == (date(2021, 11, 20), "Blauwdruk goedgekeurd")


def test_reseeding_says_registration_for_the_q_and_a_happens_in_the_app(app, plan_spec):
    """Issue 9, point 15: a database seeded with the old words gets the new ones."""
    with app.app_context():
        apply_plan(db.session, plan_spec)
        activity = db.session.scalar(select(Activity).where(Activity.slug == "vragenronde"))
        activity.description = "Inschrijven via mail; de data staan op de aanmeldingsfiche."
        db.session.commit()
        apply_plan(db.session, plan_spec)
        db.session.commit()
        db.session.expire_all()
        activity = db.session.scalar(select(Activity).where(Activity.slug == "vragenronde"))
        assert "via mail" not in activity.description
        assert "Inschrijven in de tracker, onder Vragenronde" in activity.description


def test_a_new_round_shifts_every_date(app, plan_spec):
    spec = shift_plan(plan_spec, date(2027, 2, 1), "Uitrol 2027-2028", "2027-2028")
    with app.app_context():
        apply_plan(db.session, plan_spec)
        rollout, _ = apply_plan(db.session, spec)
        db.session.commit()
        assert rollout.application_deadline == date(2027, 5, 21)
        decision = db.session.scalar(
            select(Activity).where(Activity.rollout_id == rollout.id, Activity.slug == "beslissing")
        )
        assert decision.planned_start == date(2027, 6, 30)
        assert db.session.scalar(select(func.count(Rollout.id))) == 2
        assert db.session.scalar(select(func.count(Province.id))) == 5  # shared, not copied
        rule = db.session.scalar(
            select(StaffingRule).where(
                StaffingRule.rollout_id == rollout.id,
                StaffingRule.slug == "pp-counsellor-trajecten",
            )
        )
        assert rule.applies_from_activity.slug == "start-trajecten"
        assert rule.applies_from_activity.planned_start == date(2028, 5, 1)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["phases"][0]["activities"][0].update(end=date(2020, 1, 1)), "ligt voor begin"),
        (lambda d: d["phases"][0]["activities"][0].update(kind="mijlpaal"), "geen geldige waarde"),
        (lambda d: d["phases"][1]["activities"][0].update(slug="website"), "komt twee keer voor"),
        (lambda d: d["staffing_rules"][2].update(applies_from="onbekend"), "geen mijlpaal"),
        (lambda d: d["rollout"].pop("application_deadline"), "ontbreekt"),
        (lambda d: d["phases"][0]["activities"][2].update(kind="milestone"), "één datum"),
    ],
)
def test_an_invalid_file_is_refused_with_where(mutate, message):
    import yaml

    from tests.conftest import SEED_FILE

    data = yaml.safe_load(SEED_FILE.read_text())
    mutate(data)
    with pytest.raises(SeedError, match=message):
        parse_plan(data)


def test_demo_adds_every_role_and_a_round_running_today(app, plan_spec, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password 123")
    today = date(2026, 11, 23)
    with app.app_context():
        apply_plan(db.session, plan_spec)
        load_demo(db.session, plan_spec, today)
        db.session.commit()
        emails = set(db.session.scalars(select(User.email)))
        assert "lead@example.org" in emails
        for slug in (
            "antwerpen",
            "limburg",
            "oost-vlaanderen",
            "vlaams-brabant-brussel",
            "west-vlaanderen",
        ):
            assert {f"org-{slug}@example.org", f"pz-{slug}@example.org"} <= emails
        demo = db.session.scalar(select(Rollout).where(Rollout.slug == "demo"))
        assert demo.start_date == demo_round_start(today) == date(2026, 9, 1)
        application = db.session.scalar(
            select(Phase).where(Phase.rollout_id == demo.id, Phase.slug == "aanmelding")
        )
        assert application.planned_start <= today <= application.planned_end
        assert today <= demo.application_deadline

        from rollout.applications.models import Application, ApplicationStatus

        applications = db.session.scalars(select(Application)).all()
        submitted = [
            a
            for a in applications
            if a.rollout.slug == "2021-2022" and a.status is ApplicationStatus.SUBMITTED
        ]
        per_province: dict[str, int] = {}
        for a in submitted:
            slug = a.organisation.province.slug
            per_province[slug] = per_province.get(slug, 0) + 1
        assert len(submitted) >= 4 and max(per_province.values()) >= 2
        (draft,) = [
            a
            for a in applications
            if a.rollout.slug == "demo" and a.organisation.slug == "demo-antwerpen"
        ]
        assert draft.status is ApplicationStatus.DRAFT and draft.vision_pp == ""
        org_user = db.session.scalar(select(User).where(User.email == "org-antwerpen@example.org"))
        assert org_user.organisation_id == draft.organisation_id
        assert draft.organisation.is_approved

        from rollout.prematching.models import Decision

        decided = {d.province.slug: d for d in db.session.scalars(select(Decision))}
        assert set(decided) == {"antwerpen", "vlaams-brabant-brussel", "west-vlaanderen"}
        assert all(d.is_published for d in decided.values())
        open_province = [a for a in submitted if a.organisation.province.slug == "oost-vlaanderen"]
        assert len(open_province) == 2
        assert all(a.screening and a.interview and a.interview.outcome for a in open_province)
        assert all(len([r for r in a.reviews if r.is_submitted]) == 2 for a in open_province)

        from rollout.staffing.models import TeamKind
        from rollout.staffing.queries import members_of, rules_for, team_ref
        from rollout.staffing.rules import CheckStatus, check_team

        historic = db.session.scalar(select(Rollout).where(Rollout.slug == "2021-2022"))
        rules = rules_for(db.session, historic)
        statuses = set()
        for slug in ("antwerpen", "vlaams-brabant-brussel", "west-vlaanderen"):
            province = db.session.scalar(select(Province).where(Province.slug == slug))
            ref = team_ref(db.session, historic, province, TeamKind.ORGANISATION)
            checks = check_team(members_of(db.session, ref), rules, date(2022, 6, 1))
            statuses |= {c.status for c in checks}
        assert {CheckStatus.MET, CheckStatus.SHORT, CheckStatus.MISSING} <= statuses

        before = snapshot()
        applications_before = len(applications)
        users_before = {
            u.email: (u.password_hash, u.session_token) for u in db.session.scalars(select(User))
        }
        load_demo(db.session, plan_spec, today)
        db.session.commit()
        db.session.expire_all()
        assert snapshot() == before
        assert len(db.session.scalars(select(Application)).all()) == applications_before
        assert {
            u.email: (u.password_hash, u.session_token) for u in db.session.scalars(select(User))
        } == users_before


@pytest.mark.parametrize(
    "today", [date(2026, 1, 1), date(2026, 2, 28), date(2026, 11, 30), date(2027, 3, 31)]
)
def test_the_demo_round_is_in_its_application_phase_on_any_day(today, plan_spec):
    start = demo_round_start(today)
    spec = shift_plan(plan_spec, start, "demo", "demo")
    application = next(p for p in spec.phases if p.slug == "aanmelding")
    assert application.start <= today <= application.end
    assert today <= spec.application_deadline

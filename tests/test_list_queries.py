"""Every list or overview page costs the same number of SQL statements with 5, 50 and 200
provinces (issue 16, point 3): nothing is loaded province by province."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bench import synthetic
from rollout.applications.models import Application, ApplicationStatus
from rollout.auth.models import Organisation
from rollout.extensions import db
from rollout.plan.models import Province, Rollout
from rollout.prematching.models import Decision, DecisionKind, PaperVerdict, Screening
from tests.plan.test_provinces import QueryCounter, _queries

SIZES = (5, 50, 200)
PAGES = (
    "/provinces?ronde={}",
    "/plan?ronde={}",
    "/matching?ronde={}",
    "/aanmeldingen?ronde={}",
    "/teams?ronde={}",
    "/vragenronde?ronde={}",
    "/sessies?ronde={}",
)


def _applications(slug: str) -> None:
    """In every province an organisation with a submitted application judged on paper, and in
    every other province a decision naming it."""
    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == slug))
    provinces = db.session.scalars(select(Province).where(Province.slug.startswith(slug))).all()
    for number, province in enumerate(provinces):
        organisation = Organisation(name=f"Org {province.slug}", slug=f"o-{province.slug}")
        organisation.province = province
        application = Application(
            rollout=rollout,
            organisation=organisation,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=datetime(2021, 5, 1, tzinfo=UTC),
        )
        db.session.add_all([organisation, application])
        db.session.flush()
        db.session.add(
            Screening(
                application_id=application.id,
                verdict=PaperVerdict.TO_INTERVIEW,
                decided_on=date(2021, 6, 1),
            )
        )
        if number % 2:
            db.session.add(
                Decision(
                    rollout_id=rollout.id,
                    province_id=province.id,
                    kind=DecisionKind.PARTNER,
                    application_id=application.id,
                    decided_on=date(2021, 6, 30),
                )
            )


@pytest.fixture
def rounds(app):
    with app.app_context():
        for size in SIZES:
            synthetic.build(db.session, provinces=size, activities=10, years=1, slug=f"r{size}")
            _applications(f"r{size}")
        db.session.commit()


@pytest.mark.parametrize("page", PAGES)
def test_a_list_page_costs_the_same_queries_for_5_50_and_200_provinces(
    app, client, login_as, rounds, page
):
    login_as("lead")
    counts = [_queries(app, client, page.format(f"r{size}")) for size in SIZES]
    assert len(set(counts)) == 1, dict(zip(SIZES, counts, strict=True))


def test_a_province_page_loads_only_its_own_participation(app, rounds):
    from rollout.plan.queries import load_plan

    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "r200"))
        province = db.session.scalar(select(Province).where(Province.slug == "r200-provincie-7"))
        data = load_plan(db.session, rollout, date(2021, 6, 1), province)
        assert [p.province_id for p in data.participations] == [province.id]
        assert data.participation(province).takes_part


def _sessions(slug: str) -> None:
    """Two sessions in every province of the round and one programme-wide, each with a
    change in its history."""
    from rollout.plan.models import Activity
    from rollout.sessions.models import Meeting, MeetingChange, MeetingKind

    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == slug))
    activity = db.session.scalar(select(Activity).where(Activity.rollout_id == rollout.id))
    provinces = db.session.scalars(select(Province).where(Province.slug.startswith(slug))).all()
    start = datetime(2021, 9, 14, 11, 30, tzinfo=UTC)
    for number, province in enumerate([*provinces, None]):
        for month in (0, 1):
            at = start.replace(month=9 + month, day=1 + number % 28)
            meeting = Meeting(
                rollout_id=rollout.id,
                province_id=province.id if province else None,
                activity_id=activity.id,
                kind=MeetingKind.SUPERVISION if province else MeetingKind.INSPIRATION,
                starts_at=at,
                ends_at=at.replace(hour=14),
                place="Zaal",
            )
            meeting.changes.append(MeetingChange(text="Gepland."))
            db.session.add(meeting)


def _uncached_queries(app, client, path: str) -> int:
    """The statements of a page whose cached parts are made anew."""
    from rollout.extensions import cache

    with app.app_context():
        engine = db.engine
    client.get(path)
    with app.app_context():
        cache.clear()
    with QueryCounter(engine) as counter:
        assert client.get(path).status_code == 200
    return counter.count


@pytest.mark.parametrize("role", ["lead", "service", "organisation"])
def test_the_sessions_list_costs_the_same_for_5_50_and_200_provinces(
    app, client, login_as, rounds, role
):
    with app.app_context():
        for size in SIZES:
            _sessions(f"r{size}")
        db.session.commit()
    login_as(role)
    counts = [
        _uncached_queries(app, client, f"/sessies?ronde=r{size}&soort=supervision")
        for size in SIZES
    ]
    counts += [_uncached_queries(app, client, f"/sessies?ronde=r{size}") for size in SIZES]
    assert len(set(counts[:3])) == 1 and len(set(counts[3:])) == 1, dict(
        zip([*SIZES, *SIZES], counts, strict=True)
    )

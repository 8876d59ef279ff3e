"""The teams overview and a team page load in a fixed number of queries, whatever the number of
provinces, members and rules."""

from datetime import date

from sqlalchemy import select

from bench import synthetic
from rollout.extensions import db
from rollout.plan.models import Activity, Province, Rollout, StaffingRole, StaffingRule
from rollout.staffing.models import TeamKind, TeamMember
from tests.plan.test_provinces import _queries


def _staff(slug: str, per_province: int) -> None:
    """Rules from a milestone and from a date, and members in both teams of every province."""
    rollout = db.session.scalar(select(Rollout).where(Rollout.slug == slug))
    milestone = db.session.scalar(select(Activity).where(Activity.rollout_id == rollout.id))
    db.session.add_all(
        [
            StaffingRule(
                rollout_id=rollout.id,
                slug="a",
                role=StaffingRole.COORDINATOR,
                min_hours=8,
                applies_from_activity_id=milestone.id,
            ),
            StaffingRule(
                rollout_id=rollout.id,
                slug="b",
                role=StaffingRole.PP_COUNSELLOR,
                min_hours=19,
                applies_from_date=rollout.start_date,
            ),
        ]
    )
    for province in db.session.scalars(select(Province).where(Province.slug.startswith(slug))):
        for kind in TeamKind:
            db.session.add_all(
                TeamMember(
                    rollout_id=rollout.id,
                    province_id=province.id,
                    team=kind,
                    name=f"Lid {i}",
                    role=list(StaffingRole)[i % 3],
                    hours=8,
                    valid_from=date(rollout.start_date.year, 9, 1),
                )
                for i in range(per_province)
            )


def test_the_teams_pages_cost_the_same_queries_for_ten_times_the_data(app, client, login_as):
    login_as("lead")
    with app.app_context():
        synthetic.build(db.session, provinces=2, activities=8, years=2, slug="klein")
        synthetic.build(db.session, provinces=20, activities=80, years=5, slug="groot", seed=3)
        _staff("klein", 1)
        _staff("groot", 10)
        db.session.commit()
    for page in ("/teams?ronde={}", "/teams/{}-provincie-1?ronde={}"):
        small = _queries(app, client, page.format(*["klein"] * page.count("{}")))
        large = _queries(app, client, page.format(*["groot"] * page.count("{}")))
        assert small == large, (page, small, large)

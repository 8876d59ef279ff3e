"""Steps the team tests share: add a member through the page, the round's first day, count."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from rollout.extensions import db
from rollout.plan.models import Activity, ActivityProgress, Province, Rollout
from rollout.prematching.models import Decision, DecisionKind
from rollout.staffing.models import TeamMember
from tests.conftest import csrf_token
from tests.factories import start

TEAM = "/teams/antwerpen?ronde={}"


def add(client, kind, name, role, hours, valid_from, valid_until="", email=""):
    page = client.get("/teams/antwerpen?ronde=huidig").text
    return client.post(
        f"/teams/antwerpen/{kind}/leden?ronde=huidig",
        data={
            f"{kind}-csrf_token": csrf_token(page),
            f"{kind}-name": name,
            f"{kind}-email": email,
            f"{kind}-role": role,
            f"{kind}-hours": hours,
            f"{kind}-valid_from": valid_from,
            f"{kind}-valid_until": valid_until,
        },
    )


def rollout_start(app):
    with app.app_context():
        return db.session.scalar(select(Rollout.start_date).where(Rollout.slug == "huidig"))


def members(app):
    with app.app_context():
        return db.session.scalar(select(func.count(TeamMember.id)))


def partner_in_2021(app, candidates) -> None:
    """Voorziening Eik, the published partner of Antwerpen in the 2021-2022 round."""
    application_id = start(app, candidates["Eik-org"], "2021-2022")
    with app.app_context():
        rollout = db.session.scalar(select(Rollout).where(Rollout.slug == "2021-2022"))
        antwerpen = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        db.session.add(
            Decision(
                rollout_id=rollout.id,
                province_id=antwerpen.id,
                kind=DecisionKind.PARTNER,
                application_id=application_id,
                decided_on=date(2021, 6, 29),
                published_at=datetime(2021, 7, 1, tzinfo=UTC),
                published_on=date(2021, 7, 1),
            )
        )
        db.session.commit()


def done_in_2021(app, slug):
    with app.app_context():
        return db.session.scalar(
            select(ActivityProgress.actual_end)
            .join(Activity)
            .join(Rollout, Rollout.id == Activity.rollout_id)
            .where(Activity.slug == slug, Rollout.slug == "2021-2022")
        )

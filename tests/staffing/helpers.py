"""Steps the team tests share: add a member through the page, the round's first day, count."""

from sqlalchemy import func, select

from rollout.extensions import db
from rollout.plan.models import Rollout
from rollout.staffing.models import TeamMember
from tests.conftest import csrf_token


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

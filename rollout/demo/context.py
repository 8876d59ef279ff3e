"""What every step of the demo works with: one load of it (`Demo`), the names by which the steps
find what another made, and the moment a step that happened on a day is recorded at."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.auth.models import Organisation, User
from rollout.auth.queries import find_user
from rollout.demo.content import Content, read_content
from rollout.plan.models import Province, Rollout
from rollout.plan.seeding import PlanSpec
from rollout.timeutil import BRUSSELS, utcnow

#: The programme lead's sign-in; the other accounts follow seeds/demo/accounts.yaml.
LEAD_EMAIL = "lead@example.org"
#: The demo round's key (`?ronde=demo`); its name is in seeds/demo/demo_round.yaml.
DEMO_ROUND_SLUG = "demo"


@dataclass
class Demo:
    """One load of the demo: the session, the plan it follows, the day it takes for today, the
    lines it prints, and its content (each file read once)."""

    session: Session
    spec: PlanSpec
    today: date
    lines: list[str] = field(default_factory=list)
    _content: dict[str, Content] = field(default_factory=dict, init=False, repr=False)

    def content(self, area: str) -> Content:
        """The area's file in seeds/demo/."""
        if area not in self._content:
            self._content[area] = read_content(area)
        return self._content[area]

    def lead(self) -> User | None:
        return find_user(self.session, LEAD_EMAIL)

    def rollout(self, slug: str) -> Rollout | None:
        return self.session.scalar(select(Rollout).where(Rollout.slug == slug))

    def provinces(self) -> list[Province]:
        return list(self.session.scalars(select(Province).order_by(Province.sort_order)))

    def province(self, slug: str) -> Province | None:
        return self.session.scalar(select(Province).where(Province.slug == slug))

    def organisation(self, slug: str) -> Organisation | None:
        return self.session.scalar(select(Organisation).where(Organisation.slug == slug))


def moment(day: date, hour: int = 10) -> datetime:
    """A moment on `day` (Brussels time) as stored, never later than now."""
    return min(datetime.combine(day, time(hour), tzinfo=BRUSSELS).astimezone(UTC), utcnow())

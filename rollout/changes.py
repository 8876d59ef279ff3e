"""What every change carries: who makes it and when (`Act`), and how a service refuses it
(`Refused`, `Conflict`). No Flask here: views, the CLI, the demo and the tests all use it."""

from dataclasses import dataclass
from datetime import date, datetime

from rollout.timeutil import brussels_today, utcnow


@dataclass(frozen=True)
class Act:
    """Who makes a change and when. A request builds one (`web.current_act`); the demo, the CLI
    and the tests build theirs with a time of their own. Services record `user_id` and `now`,
    and judge "not later than today" against `today`."""

    #: The user who makes the change; None for the system (a seed, a test).
    user_id: int | None
    #: The moment of the change, in UTC.
    now: datetime
    #: The date in Brussels the change is judged on (normally the date of `now` there).
    today: date

    @classmethod
    def by(cls, user_id: int | None, now: datetime | None = None) -> "Act":
        """A change by `user_id` at `now` (default: this moment), on that day in Brussels."""
        now = now or utcnow()
        return cls(user_id, now, brussels_today(now))


class Refused(ValueError):
    """A refused change: a Dutch message for the user, at form field `field` where it names
    one. Each area's error derives from it."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class Conflict(Refused):
    """Someone else changed the object since the form was opened (or took the step first)."""

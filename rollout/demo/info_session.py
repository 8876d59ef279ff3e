"""The information session for all staff of the partner organisation (seeds/demo/progress.yaml,
`info_session`): one held session per province, through the sessions area's own service, where
the demo's progress reaches its activity."""

from datetime import date

from rollout.changes import Act
from rollout.demo.context import Demo, moment
from rollout.plan.models import Province, Rollout
from rollout.sessions.info import record_info_session


def record(demo: Demo, rollout: Rollout, province: Province, held_on: date, by_id: int) -> None:
    """The information session, held on `held_on`: its one session dates its plan activity."""
    content = demo.content("progress").part("info_session")
    record_info_session(
        demo.session,
        rollout,
        province,
        held_on,
        content.number("attendees"),
        content.text("note"),
        Act.by(by_id, moment(held_on)),
    )

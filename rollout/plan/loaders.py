"""What the plan's pages and the pages built on the plan load for a request: the plan of the
round a page shows, and the labels every plan page uses."""

from rollout.extensions import db
from rollout.plan import queries
from rollout.plan.charts import STATUS_COLOURS
from rollout.plan.models import Province, Rollout
from rollout.plan.rules import STATUS_LABELS
from rollout.web import chosen_round

COMMON = {"status_labels": STATUS_LABELS, "status_colours": STATUS_COLOURS}


def plan_data(rollout: Rollout | None = None, province: Province | None = None) -> queries.PlanData:
    """The round this page shows (see `chosen_round`), loaded once as it stands on the day its
    pages show; with a province, only its own progress."""
    shown = chosen_round(rollout)
    return queries.load_plan(db.session, shown.rollout, shown, province)

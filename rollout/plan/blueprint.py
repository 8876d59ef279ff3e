"""The plan's URL rules: the plan of a round, closing it, the provinces' overview."""

from flask import Blueprint

from rollout.plan import views

bp = Blueprint("plan", __name__)

bp.add_url_rule("/plan", "plan", views.plan)
bp.add_url_rule("/rondes/<slug>/afsluiten", "close_round", views.close_round, methods=["POST"])
bp.add_url_rule("/rondes/<slug>/heropenen", "reopen_round", views.reopen_round, methods=["POST"])
bp.add_url_rule("/provinces", "overview", views.overview)
bp.add_url_rule("/provinces/overzicht.json", "overview_figure", views.overview_figure)

"""The URL rules of the teams."""

from flask import Blueprint

from rollout.staffing import views

bp = Blueprint("staffing", __name__)

bp.add_url_rule("/teams", "index", views.index)
bp.add_url_rule("/teams/<slug>", "province", views.province)
bp.add_url_rule("/teams/<slug>/<kind>/leden", "add", views.add, methods=["POST"])
bp.add_url_rule("/teams/<slug>/<kind>/wijzigen", "change", views.change, methods=["POST"])

"""The URL rules of the matching: reviews, the verdict on paper, interviews, the decision."""

from flask import Blueprint

from rollout.prematching import views

bp = Blueprint("prematching", __name__)

bp.add_url_rule("/matching", "index", views.index)
bp.add_url_rule("/matching/<slug>", "province", views.province)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/beoordeling",
    "review",
    views.review,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/papier", "paper", views.paper, methods=["GET", "POST"]
)
bp.add_url_rule("/matching/<slug>/beslissing", "decide", views.decide, methods=["POST"])
bp.add_url_rule(
    "/matching/<slug>/beslissing/publiceren", "publish", views.publish, methods=["POST"]
)
bp.add_url_rule(
    "/aanmeldingen/<int:application_id>/gesprek",
    "interview",
    views.interview,
    methods=["GET", "POST"],
)

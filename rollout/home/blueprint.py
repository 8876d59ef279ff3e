"""The URL rules of the pages that bring several areas together."""

from flask import Blueprint

from rollout.home import people_views, views

bp = Blueprint("home", __name__)

bp.add_url_rule(
    "/mijn-organisatie", "my_organisation", views.my_organisation, methods=["GET", "POST"]
)
bp.add_url_rule("/provinces/<slug>", "province", views.province)
bp.add_url_rule("/provinces/<slug>/tijdlijn.json", "province_figure", views.province_figure)
bp.add_url_rule("/provinces/<slug>/plan.csv", "province_csv", views.province_csv)
bp.add_url_rule("/provinces/<slug>/plan.ics", "province_ics", views.province_ics)
bp.add_url_rule("/kalender/<token>/<slug>.ics", "calendar_feed", views.calendar_feed)
bp.add_url_rule("/activiteiten/<int:activity_id>", "activity", views.activity)
bp.add_url_rule(
    "/activiteiten/<int:activity_id>/provincies/<slug>",
    "activity_in_province",
    views.activity_in_province,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/activiteiten/<int:activity_id>",
    "record_programme_activity",
    views.record_programme_activity,
    methods=["POST"],
)
bp.add_url_rule("/personen", "people", people_views.people_page, methods=["GET", "POST"])
bp.add_url_rule("/personen/export.<kind>", "people_export", people_views.people_export)

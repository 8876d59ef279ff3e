"""The front door: each role's home, and the health check."""

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from rollout.assets import asset_url
from rollout.auth.models import Role
from rollout.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def home():
    if current_user.role is Role.LEAD:
        return redirect(url_for("plan.overview"))
    if current_user.role is Role.ORGANISATION:
        return redirect(url_for("home.my_organisation"))
    return redirect(url_for("home.province", slug=current_user.service_province.slug))


@bp.get("/robots.txt")
def robots():
    """An internal tool: no search engine needs it. Also the benchmark's trivial route."""
    return "User-agent: *\nDisallow: /\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/favicon.ico")
def favicon():
    """For clients that ask the old way; pages link the SVG in their head."""
    return redirect(asset_url("favicon.svg"))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")

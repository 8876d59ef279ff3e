"""The URL rules of the sessions."""

from flask import Blueprint

from rollout.sessions import models, views  # noqa: F401  (models: the tables exist from here)

bp = Blueprint("sessions", __name__)

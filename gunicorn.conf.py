"""gunicorn's settings, read from this folder by default (`gunicorn wsgi:app`): production and
`make bench` run the same way.

The app is loaded once in the master (`preload_app`), so that the static files are compressed
once and the workers share its memory; what it allocated is then moved out of the garbage
collector's way (`gc.freeze`), and each worker opens its own database connections.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
preload_app = True


def when_ready(server):
    """The app is loaded: its objects will not be collected, so the collector skips them."""
    gc.freeze()


def post_fork(server, worker):
    """A worker must not share the master's database connections."""
    from rollout.extensions import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)

"""Static files under versioned URLs, so that browsers may keep them for a year.

`asset_url("vendor/…/plotly-basic.min.js")` adds `?v=<digest of the content>`; a response to
such a URL is cacheable for a year and immutable, so a second page view downloads nothing again.
Compression (zstd, brotli, gzip) is Flask-Compress's job.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request, url_for
from flask.sessions import SecureCookieSessionInterface

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _digest(path: Path, mtime: float) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_digest(path, path.stat().st_mtime))


class SessionInterface(SecureCookieSessionInterface):
    """Static files never change the session: their responses carry no Set-Cookie and no
    `Vary: Cookie` (with the session cookie renewed on every page, that Vary would make the
    browser fetch every asset again)."""

    def save_session(self, app, session, response) -> None:
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)


def register_assets(app: Flask) -> None:
    app.jinja_env.globals["asset_url"] = asset_url
    app.session_interface = SessionInterface()

    @app.after_request
    def cache_versioned_assets(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response

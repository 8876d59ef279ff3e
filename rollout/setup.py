"""The parts create_app puts together: extensions, security hooks, blueprints, templates."""

from datetime import date
from pathlib import Path

from flask import Flask, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from rollout import auditing, policy
from rollout.applications.blueprint import bp as applications_bp
from rollout.assets import register_assets
from rollout.audit.blueprint import bp as audit_bp
from rollout.auditing import register_auditing
from rollout.auth import passwords
from rollout.auth.blueprint import bp as auth_bp
from rollout.auth.views import idle_form_page, load_user_by_token
from rollout.caching import register_cache
from rollout.cli import (
    backup_command,
    create_user_command,
    purge_attachments_command,
    restore_command,
    seed_command,
)
from rollout.database import SAFE_METHODS, configure_sqlite
from rollout.extensions import babel, compress, csrf, db, limiter, login_manager, mail, migrate
from rollout.formatting import date_nl, datetime_nl, signed_days, size_nl, time_nl
from rollout.home.blueprint import bp as home_bp
from rollout.main import bp as main_bp
from rollout.navigation import nav_items
from rollout.plan.blueprint import bp as plan_bp
from rollout.prematching.blueprint import bp as prematching_bp
from rollout.qa.blueprint import bp as qa_bp
from rollout.sessions.blueprint import bp as sessions_bp
from rollout.staffing.blueprint import bp as staffing_bp
from rollout.text import has_control_characters
from rollout.timeutil import utcnow
from rollout.versioning import register_versioning
from rollout.web import personal

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
#: On every response, pages and static files alike.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
}


def security_headers_of(config) -> dict[str, str]:
    """The headers of every response, pages and static files: SECURITY_HEADERS, plus HSTS where
    `HSTS_SECONDS` is set (production, behind TLS)."""
    headers = dict(SECURITY_HEADERS)
    if config["HSTS_SECONDS"]:
        headers["Strict-Transport-Security"] = f"max-age={config['HSTS_SECONDS']}"
    return headers


def register_proxy(app: Flask) -> None:
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if (
        app.config["ENV_NAME"] == "production"
        and app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    ):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is memory://: each worker counts sign-in attempts per address "
            "on its own. Use e.g. redis:// with several workers. (The per-account lock is in the "
            "database and holds regardless.)"
        )

    @app.before_request
    def refuse_unknown_hosts():
        """First of all: a request for a host not in TRUSTED_HOSTS goes no further (no CSRF
        check, no user, no page), whatever its method."""
        if isinstance(request.routing_exception, SecurityError):
            raise request.routing_exception


def register_extensions(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///") :]).parent.mkdir(
            parents=True, exist_ok=True
        )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # a database file never drops a connection: no ping before every request's first query
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    register_versioning()
    register_auditing()
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    register_cache(app)
    csrf.init_app(app)
    babel.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    compress.init_app(app)
    register_assets(app, security_headers_of(app.config))
    passwords.use_profile(app.config["PASSWORD_HASH_PROFILE"])


#: Routes that serve everyone alike: they load no user and touch no session.
USERLESS_ENDPOINTS = frozenset({"static", "main.healthz", "main.robots", "main.favicon"})
#: Seconds between two refreshes of a session's last request (for the idle timeout).
LAST_SEEN_STEP = 60


def register_security(app: Flask) -> None:
    login_manager.user_loader(load_user_by_token)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Meld u aan om deze pagina te bekijken."
    login_manager.login_message_category = "info"
    # Forms check their own token (and come back with the user's input); see csrf_rerender.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False

    @app.before_request
    def refuse_control_characters():
        """A path or query string with a control character (a NUL byte, ...) names no page:
        404 before any view, lookup or query sees it. (Forms refuse theirs at the field.)"""
        if has_control_characters(request.path) or any(
            has_control_characters(key) or has_control_characters(value)
            for key, value in request.args.items(multi=True)
        ):
            abort(404)

    @app.before_request
    def protect_unsafe_requests():
        if request.method in SAFE_METHODS:
            return None
        view = app.view_functions.get(request.endpoint or "")
        if not getattr(view, "csrf_rerenders", False):
            csrf.protect()
        return None

    @app.before_request
    def end_idle_sessions():
        if request.endpoint is None or request.endpoint in USERLESS_ENDPOINTS:
            return None
        if not current_user.is_authenticated:
            return None
        now = utcnow().timestamp()
        last_seen = session.get("last_seen", now)
        if now - last_seen > app.config["IDLE_TIMEOUT_MINUTES"] * 60:
            auditing.event(
                "sign_out",
                target=current_user._get_current_object(),
                detail="te lang inactief",
            )
            logout_user()
            session.clear()
            if request.method not in SAFE_METHODS:
                db.session.commit()  # the sign-out's audit entry (a GET wrote its own)
                return idle_form_page(), 401
            flash("U was te lang inactief en bent afgemeld. Meld u opnieuw aan.", "warning")
            return redirect(url_for("auth.login", next=request.full_path))
        if now - last_seen >= LAST_SEEN_STEP or "last_seen" not in session:
            # at most once a minute, so that a request seldom re-signs and re-sends the cookie
            session["last_seen"] = now
        return None

    headers = [
        (name.lower(), name, value) for name, value in security_headers_of(app.config).items()
    ]

    @app.after_request
    def security_headers(response):
        # as setdefault on each, in one look at what the response already has
        present = {name.lower() for name in response.headers.keys()}  # noqa: SIM118 - a view
        for lower, name, value in headers:
            if lower not in present:
                response.headers.add(name, value)
        if (
            "cache-control" not in present
            and request.endpoint not in USERLESS_ENDPOINTS
            and current_user.is_authenticated
        ):
            response.headers.add("Cache-Control", "no-store")
        return response


class BoundedInt(IntegerConverter):
    """An id beyond what the database can hold is simply not found (not an overflow)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedInt
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(applications_bp)
    app.register_blueprint(prematching_bp)
    app.register_blueprint(staffing_bp)
    app.register_blueprint(qa_bp)
    app.register_blueprint(sessions_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(audit_bp)


def _can(action, target=None) -> bool:
    return policy.can(current_user._get_current_object(), action, target)


def _iso_date_nl(value: str) -> str:
    """A date kept as text in history ("2021-06-30") shown the Dutch way; other text as is."""
    try:
        return date_nl(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value


def register_templating(app: Flask) -> None:
    app.jinja_env.globals.update(can=_can, Action=policy.Action, personal=personal)
    # the user itself, not the proxy: every attribute read through the proxy costs a lookup
    app.context_processor(lambda: {"nav_items": nav_items(current_user._get_current_object())})
    # one format per kind, no pattern of a page's own (none shows as nothing)
    app.jinja_env.filters["date_nl"] = lambda d: date_nl(d) if d else ""
    app.jinja_env.filters["datetime_nl"] = lambda d: datetime_nl(d) if d else ""
    app.jinja_env.filters["time_nl"] = lambda d: time_nl(d) if d else ""
    app.jinja_env.filters["size_nl"] = size_nl
    app.jinja_env.filters["signed_days"] = signed_days
    app.jinja_env.filters["iso_date_nl"] = _iso_date_nl
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


ERRORS = {
    400: ("Ongeldige aanvraag", "De aanvraag kon niet worden verwerkt."),
    413: (
        "Bestand te groot",
        "Wat u verstuurde is te groot. Een bijlage mag hoogstens 10 MB zijn: ga terug en kies "
        "een kleiner bestand. Niets werd opgeslagen.",
    ),
    403: ("Geen toegang", "U hebt geen toegang tot deze pagina."),
    404: ("Niet gevonden", "Deze pagina bestaat niet of u hebt er geen toegang toe."),
    405: ("Niet toegestaan", "Deze actie is hier niet mogelijk."),
    429: (
        "Te veel aanvragen",
        "U deed te veel pogingen na elkaar. Wacht een minuut en probeer opnieuw.",
    ),
    500: ("Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later opnieuw."),
}


def _error_page(code: int, message: str | None = None):
    title, default = ERRORS[code]
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default
    ), code


def _own(error) -> str | None:
    """The Dutch reason a view gave with its abort, if any (not werkzeug's English default)."""
    description = getattr(error, "description", None)
    return None if description == type(error).description else description


def register_error_pages(app: Flask) -> None:
    for code in ERRORS.keys() - {500}:
        app.register_error_handler(code, lambda error, code=code: _error_page(code, _own(error)))

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # The request named a host the app does not serve (TRUSTED_HOSTS): no URL can be built
        # for it, so no page either; a plain answer.
        return "400: onbekend adres (Host).", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return _error_page(
            400,
            "Het formulier was verlopen of onvolledig (beveiligingstoken). Ga terug, herlaad de "
            "pagina en probeer opnieuw.",
        )

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _error_page(500)


def register_cli(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(purge_attachments_command)

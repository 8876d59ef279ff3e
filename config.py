"""Settings per environment, read from environment variables.

Pick one with APP_ENV=development|testing|production. Without APP_ENV the app runs as production,
which refuses to start without a SECRET_KEY: `make run` sets APP_ENV=development.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
INSTANCE = ROOT / "instance"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style and bare postgres URLs use psycopg 3, the driver we install.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _trusted_hosts(base_url: str, *local: str) -> list[str]:
    """The hosts a request may name: the public address's, the local ones given, and any in
    TRUSTED_HOSTS (comma-separated, e.g. the address a load balancer's health check uses)."""
    extra = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    hosts = [urlsplit(base_url).hostname or "", *local, *extra]
    return [h for h in dict.fromkeys(hosts) if h]


class Config:
    ENV_NAME = "base"
    #: The app's public address: every link in a mail or a feed starts with it, whatever Host
    #: header a request sent (`web.public_url`). Requests naming another host get 400.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    TRUSTED_HOSTS = _trusted_hosts(BASE_URL, "127.0.0.1", "localhost")
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE / 'rollout.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    #: Seconds a SQLite connection waits for another writer before giving up.
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    TIMEZONE = "Europe/Brussels"
    BABEL_DEFAULT_LOCALE = "nl_BE"
    BABEL_DEFAULT_TIMEZONE = TIMEZONE

    # A long application form may stay open for a working day.
    WTF_CSRF_TIME_LIMIT = 12 * 3600

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    #: Strict-Transport-Security: only in production (see ProductionConfig).
    HSTS_SECONDS = 0
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    #: Send the cookie only when the session changed (the last request is noted once a minute).
    SESSION_REFRESH_EACH_REQUEST = False
    #: Minutes without a request after which a signed-in user must sign in again.
    IDLE_TIMEOUT_MINUTES = _env_int("IDLE_TIMEOUT_MINUTES", 120)

    #: Failed sign-ins of one address for one account before that address waits: first
    #: LOGIN_LOCK_MINUTES, doubling with every further failure up to LOGIN_MAX_LOCK_MINUTES.
    #: Other addresses are not held back (no lock-out weapon); the holder is told by mail.
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 1
    LOGIN_MAX_LOCK_MINUTES = 60
    #: Sign-in attempts per client address; an office behind one address stays well below it.
    LOGIN_RATE_LIMIT = "60 per minute"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True

    #: Page parts (figures, tables) cached under their rollout's data version: in each process
    #: by default (SimpleCache), in Redis, shared by every worker, when CACHE_REDIS_URL is set
    #: (e.g. redis://127.0.0.1:6379/0). Entries of older versions just expire.
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL") or None
    CACHE_DEFAULT_TIMEOUT = 3600
    #: Entries a process's own cache keeps (a province page's parts are some 50 kB, the
    #: overview of 50 provinces 300 kB).
    CACHE_THRESHOLD = 300

    #: Pages are compressed on every response: brotli at quality 1 costs what zstd at 3 (which
    #: most browsers ask for first) does, a fifth of quality 4 on a big page, for some 20% more
    #: bytes.
    COMPRESS_BR_LEVEL = 1
    #: Pages carry no validator (no ETag, `no-store`); what does (a figure's JSON) answers its
    #: conditional requests itself (`cached_json`): no second look after compressing.
    COMPRESS_EVALUATE_CONDITIONAL_REQUEST = False

    #: argon2id cost: "strong" (argon2-cffi's RFC 9106 defaults, above OWASP's minimum) or "fast".
    PASSWORD_HASH_PROFILE = "strong"  # noqa: S105 - a cost profile, not a password
    INVITATION_VALID_DAYS = 7

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "P&P-uitrol <noreply@bethanie.be>")

    SEED_FILE = ROOT / "seeds" / "plan-2021-2022.yaml"

    #: Static files under versioned names with their gzip and brotli copies, made at app start
    #: (once per content); generated, never committed.
    STATIC_BUILD_FOLDER = Path(os.environ.get("STATIC_BUILD_FOLDER", ROOT / "build" / "static"))

    #: Attachments live here, outside static/, under generated names.
    UPLOAD_FOLDER = Path(os.environ.get("UPLOAD_FOLDER", INSTANCE / "uploads"))
    #: Where `flask backup` writes its archives when no --output is given.
    BACKUP_FOLDER = Path(os.environ.get("BACKUP_FOLDER", INSTANCE / "backups"))
    #: How long after a round ends the attachments of organisations not selected are kept
    #: (`flask purge-attachments`).
    ATTACHMENT_RETENTION_DAYS = int(os.environ.get("ATTACHMENT_RETENTION_DAYS", "365"))
    #: A whole request; one attachment may be 10 MB, which the form checks with its own message.
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024

    #: Proxies in front of the app whose X-Forwarded-* headers are trusted (0: none). Behind
    #: one reverse proxy set 1, or every visitor shares the proxy's address for rate limits.
    PROXY_FIX_HOPS = _env_int("PROXY_FIX_HOPS", 0)


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = True
    # Mail is printed to the log instead of sent.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    MAIL_BACKEND = "locmem"
    #: The test client's host; the browser tests serve on 127.0.0.1.
    BASE_URL = "http://localhost"
    TRUSTED_HOSTS = _trusted_hosts(BASE_URL, "127.0.0.1")
    PASSWORD_HASH_PROFILE = "fast"  # noqa: S105 - a cost profile, not a password
    RATELIMIT_STORAGE_URI = "memory://"
    CACHE_REDIS_URL = None


class ProductionConfig(Config):
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    BASE_URL = os.environ.get("BASE_URL", "")
    TRUSTED_HOSTS = _trusted_hosts(BASE_URL)
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    #: Browsers keep to HTTPS for this long once they have seen the site (a year); 0 turns it
    #: off, e.g. while trying TLS out.
    HSTS_SECONDS = _env_int("HSTS_SECONDS", 365 * 24 * 3600)

    @classmethod
    def check(cls) -> None:
        if not cls.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in production (APP_ENV=production).")
        if urlsplit(cls.BASE_URL).scheme not in ("http", "https") or not cls.TRUSTED_HOSTS:
            raise RuntimeError(
                "BASE_URL must be set in production to the public address, e.g. "
                "https://pp.bethanie.be: links in mail and feeds use it, and requests for "
                "another host are refused."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    name = name or os.environ.get("APP_ENV", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown APP_ENV {name!r}; use one of {', '.join(CONFIGS)}.") from None

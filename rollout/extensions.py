"""Every Flask extension object of the app, created unbound and initialised in create_app."""

import functools
from collections.abc import Callable

from flask import request
from flask_babel import Babel
from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so that Alembic can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
mail = Mail()
compress = Compress()
cache = Cache()
#: No check before every request (auto_check): only the views that declare a limit
#: (`rate_limited`) check one, so that every other request costs the limiter nothing.
limiter = Limiter(key_func=get_remote_address, default_limits=[], auto_check=False)


def rate_limited(limit: str | Callable[[], str], methods: list[str]) -> Callable:
    """`limiter.limit` for a view's `methods`, checked by the view itself (the limiter checks
    nothing on its own: see `limiter`)."""

    def decorate(view: Callable) -> Callable:
        limited = limiter.limit(limit, methods=methods)(view)

        @functools.wraps(view)
        def checked(*args, **kwargs):
            if request.method in methods:
                limiter.check()
            return limited(*args, **kwargs)

        return checked

    return decorate

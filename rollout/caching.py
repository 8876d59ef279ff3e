"""Page parts cached under their rollout's data version: what only changes when data changes.

A key names the rollout, the part (a province's id, or "all"), the day its pages show (today, or
the round's last day once it is over, and whether it is), and the rollout's data version, which
every change to what the pages show bumps (rollout/versioning.py). Only parts that every viewer
who may see them sees alike are cached: never a CSRF token, a user's name or a per-role choice.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request

from rollout.extensions import cache
from rollout.timeutil import utcnow

PACKAGE = Path(__file__).resolve().parent


def code_release(template_folder: str | Path) -> str:
    """A digest of the code and templates: a release never reads parts an older one cached
    (in Redis they outlive a restart)."""
    digest = hashlib.blake2b(digest_size=6)
    for folder, pattern in ((PACKAGE, "*.py"), (Path(template_folder), "*.html")):
        for path in sorted(folder.rglob(pattern)):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def register_cache(app: Flask) -> None:
    """SimpleCache per process, or RedisCache when CACHE_REDIS_URL is set."""
    url = app.config.get("CACHE_REDIS_URL")
    app.config.setdefault("CACHE_TYPE", "RedisCache" if url else "SimpleCache")
    app.config.setdefault("CACHE_KEY_PREFIX", f"pp-{code_release(app.template_folder)}:")
    cache.init_app(app)


def round_key(shown: Any, part: int | str) -> str:
    """The key of a part of a page of the round `shown` (a RoundView): its rollout, the part,
    the day shown and the data version read with the rollout."""
    rollout = shown.rollout
    # its creation moment tells a rollout from one that got its id in a database made anew
    born = f"{rollout.created_at.timestamp():.6f}"
    over = "over" if shown.is_over else "open"
    return f"{rollout.id}-{born}:{part}:{shown.as_of.isoformat()}:{over}:v{rollout.data_version}"


def cached(key: str, make: Callable[[], Any]) -> Any:
    """The value cached under `key`, made (and cached) when missing; with the cache out of
    reach (Redis down), made every time."""
    try:
        value = cache.get(key)
    except Exception:  # the page is still served, only slower
        current_app.logger.exception("cache read failed")
        return make()
    if value is None:
        value = make()
        try:
            cache.set(key, value)
        except Exception:
            current_app.logger.exception("cache write failed")
    return value


def cached_until(key: str, make: Callable[[], tuple[Any, datetime | None]]) -> Any:
    """`cached` for a part that also changes at a moment without any change to the data (a
    deadline passing): `make` returns the value and that moment (None: none to come), and a
    value read after its moment is made anew."""
    value, until = cached(key, make)
    if until is not None and utcnow() > until:
        value, until = make()
        try:
            cache.set(key, (value, until))
        except Exception:
            current_app.logger.exception("cache write failed")
    return value


#: How long a browser keeps a figure under its versioned URL: it never changes there.
IMMUTABLE_SECONDS = 365 * 24 * 3600


def version_tag(key: str) -> str:
    """A short tag of a cache key: in a URL (`?v=`) and as the ETag of what it names."""
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def cached_json(key: str, make: Callable[[], str]) -> Response:
    """The JSON text cached under `key`, as a response: under the URL that names its tag
    (`?v=`, see `version_tag`) the browser keeps it (privately: only those who may see the
    page may fetch it); elsewhere it asks again, and gets a 304 while nothing changed."""
    tag = version_tag(key)
    response = current_app.response_class(cached(key, make), mimetype="application/json")
    response.set_etag(tag, weak=True)  # weak: the same figure, whatever the compression
    response.cache_control.private = True
    if request.args.get("v") == tag:
        response.cache_control.max_age = IMMUTABLE_SECONDS
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response.make_conditional(request)

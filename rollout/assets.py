"""Static files under versioned names, compressed once, served by WhiteNoise.

At app start every file under static/ is copied into STATIC_BUILD_FOLDER under a name that
carries its content's digest (`plotly-basic.min.3f2a9c1b0d4e.js`), with a brotli and a gzip copy
beside it. That happens once per content: a later start, or another worker, finds them there.
WhiteNoise answers those URLs before Flask sees the request, with the copy the client accepts,
cacheable for a year and immutable. `asset_url("vendor/…/plotly-basic.min.js")` gives the URL.
HTML pages are compressed per request by Flask-Compress.
"""

import fcntl
import hashlib
import os
import shutil
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

ONE_YEAR = 365 * 24 * 3600
#: A versioned name: `app.0123456789ab.css` (or `LICENSE.0123456789ab`).
VERSIONED = r"\.[0-9a-f]{12}(\.[^./]+)?$"
ENCODINGS = ((".br", Compressor.compress_brotli), (".gz", Compressor.compress_gzip))
COMPRESSOR = Compressor(quiet=True)


@lru_cache(maxsize=256)
def _digest(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def versioned_name(source: Path, relative: str) -> str:
    """`css/app.css` -> `css/app.<digest>.css`: the name changes whenever the content does."""
    digest = _digest(source, source.stat().st_mtime_ns)
    folder, _, name = relative.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    name = f"{stem}.{digest}.{extension}" if dot and stem else f"{name}.{digest}"
    return f"{folder}/{name}" if folder else name


def _write(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    os.replace(part, path)


def _build_one(source: Path, target: Path) -> None:
    """The compressed copies first, the file itself last: its presence means all are there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if COMPRESSOR.should_compress(source.name):
        data = source.read_bytes()
        for suffix, compress in ENCODINGS:
            packed = compress(data)
            if len(packed) <= 0.95 * len(data):
                _write(target.with_name(target.name + suffix), packed)
    part = target.with_name(target.name + ".part")
    shutil.copy2(source, part)
    os.replace(part, target)


def _prune(folder: Path, keep: set[str]) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif relative.removesuffix(".br").removesuffix(".gz") not in keep:
            path.unlink()


def build_static(source: Path, folder: Path) -> Mapping[str, str]:
    """Every file of `source` in `folder` under its versioned name with its compressed copies;
    makes only what is missing, removes what no file needs any more. Processes building at the
    same time take turns. Returns {name: versioned name}."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            relative = path.relative_to(source).as_posix()
            names[relative] = versioned_name(path, relative)
            if not (folder / names[relative]).is_file():
                _build_one(path, folder / names[relative])
        _prune(folder, set(names.values()))
    return names


@lru_cache(maxsize=256)
def _versioned_once(static_folder: str, filename: str) -> str:
    """Outside debug a file does not change while the app runs: its name is read once."""
    return versioned_name(Path(static_folder) / filename, filename)


def asset_url(filename: str) -> str:
    if current_app.debug:  # edited since the app started
        name = versioned_name(Path(current_app.static_folder) / filename, filename)
        folder = Path(current_app.config["STATIC_BUILD_FOLDER"])
        if not (folder / name).is_file():
            build_static(Path(current_app.static_folder), folder)
    else:
        name = _versioned_once(current_app.static_folder, filename)
    return f"{request.script_root}{current_app.static_url_path}/{name}"


class StaticFiles(WhiteNoise):
    """WhiteNoise with a year for versioned files (its own default is ten)."""

    FOREVER = ONE_YEAR


class SessionInterface(SecureCookieSessionInterface):
    """Static files never change the session: their responses carry no Set-Cookie and no
    `Vary: Cookie` (with the session cookie renewed on every page, that Vary would make the
    browser fetch every asset again)."""

    def save_session(self, app, session, response) -> None:
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)

    def get_signing_serializer(self, app: Flask):
        """Flask makes the (stateless) serializer anew for every request: made once per key."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializers = self.__dict__.setdefault("serializers", {})
        if keys not in serializers:
            serializers[keys] = super().get_signing_serializer(app)
        return serializers[keys]


def register_assets(app: Flask, headers: Mapping[str, str]) -> None:
    """Builds the versioned copies and puts WhiteNoise in front of the app; `headers` (the
    security headers of every page) go on every static file too."""
    folder = Path(app.config["STATIC_BUILD_FOLDER"])
    build_static(Path(app.static_folder), folder)
    app.jinja_env.globals["asset_url"] = asset_url
    app.session_interface = SessionInterface()

    def add_headers(response_headers, path, url):
        for name, value in headers.items():
            response_headers[name] = value

    app.wsgi_app = StaticFiles(
        app.wsgi_app,
        root=folder,
        prefix=app.static_url_path,
        autorefresh=app.debug,
        allow_all_origins=False,
        add_headers_function=add_headers,
        immutable_file_test=VERSIONED,
    )

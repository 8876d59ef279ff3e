"""Backups: one archive (.tar.gz) holding the database, the uploaded files and a manifest, taken
while the app runs, and loaded back into an empty database.

The archive holds:

- `database.sqlite3` (SQLite: copied by SQLite's online backup API, one consistent snapshot even
  while requests write) or `database.pgdump` (PostgreSQL: `pg_dump --format=custom`);
- `uploads/…`: every file of the upload folder;
- `manifest.json`: when, which app version and schema revision, which database kind, the number
  of rows of every table (counted in the same snapshot as the dump) and the SHA-256 of every
  other file in the archive.

A restore checks every checksum before it loads anything, refuses a database that holds rows or
an upload folder that holds files, loads the dump, copies the files, and then compares the row
counts with the manifest. An archive of one kind of database is not loaded into the other.

This module knows no area: it reads whatever tables the database has.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from sqlalchemy import Connection, Engine, create_engine, func, inspect, select, table
from sqlalchemy.engine import URL

FORMAT = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KIND_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message (Dutch) says why."""


# --- backup -----------------------------------------------------------------------------------


def create_backup(engine: Engine, upload_folder: Path, output: Path) -> dict:
    """Write the archive to `output` (readable by its owner only); returns its manifest."""
    kind = _kind(engine)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rollout-backup-") as tmp:
        dump = Path(tmp) / DUMPS[kind]
        if kind == "sqlite":
            counts, revision = _dump_sqlite(engine, dump)
        else:
            counts, revision = _dump_postgresql(engine, dump)
        files = {DUMPS[kind]: _describe_file(dump)}
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "app_version": _app_version(),
            "alembic_revision": revision,
            "database": kind,
            "tables": counts,
            "files": files,
        }
        # written next to the output and renamed when complete: never half an archive
        partial = output.with_name(output.name + ".part")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(dump, arcname=DUMPS[kind])
                for name, data in _upload_files(upload_folder):
                    files[name] = _describe(data)
                    _add_bytes(archive, name, data)
                text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True)
                _add_bytes(archive, MANIFEST, text.encode())
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _dump_sqlite(engine: Engine, dump: Path) -> tuple[dict[str, int], str | None]:
    """SQLite's online backup API, in one step: a consistent copy whatever writes meanwhile
    (a copy of the file could miss what is still in the WAL, or catch half a transaction)."""
    path = _sqlite_path(engine.url)
    if not path.exists():
        raise BackupError(f"De databank {path} bestaat niet.")
    source = sqlite3.connect(path, timeout=30)
    target = sqlite3.connect(dump)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        target.close()
        source.close()
    copy = create_engine(f"sqlite:///{dump}")
    try:
        with copy.connect() as conn:
            return table_counts(conn), _revision(conn)
    finally:
        copy.dispose()


def _dump_postgresql(engine: Engine, dump: Path) -> tuple[dict[str, int], str | None]:
    """pg_dump in a snapshot exported by a transaction that also counts the rows: the counts in
    the manifest are those of the dump, whatever commits meanwhile."""
    dsn, env = _libpq(engine.url)
    snapshot_reader = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with snapshot_reader as conn, conn.begin():
        snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        counts = table_counts(conn)
        revision = _revision(conn)
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", dsn], env)
    return counts, revision


def _upload_files(folder: Path):
    """(archive name, bytes) of every file under the upload folder, read once each."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # removed since the listing: its row is gone too
            continue
        yield str(PurePosixPath(UPLOADS, *path.relative_to(folder).parts)), data


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


# --- restore ----------------------------------------------------------------------------------


def restore_backup(engine: Engine, upload_folder: Path, archive: Path) -> dict:
    """Load the archive into the (empty) database of `engine` and the (empty) upload folder;
    returns the manifest. Raises BackupError before changing anything when the archive is
    damaged, of another kind of database, or the target is not empty."""
    kind = _kind(engine)
    with tempfile.TemporaryDirectory(prefix="rollout-restore-") as tmp:
        unpacked = Path(tmp)
        manifest = read_archive(archive, unpacked)
        if manifest["database"] != kind:
            raise BackupError(
                f"Deze back-up komt uit {KIND_LABELS.get(manifest['database'], '?')} en kan "
                f"niet in {KIND_LABELS[kind]} teruggezet worden."
            )
        _refuse_unless_empty(engine, upload_folder)
        engine.dispose()
        dump = unpacked / DUMPS[kind]
        if kind == "sqlite":
            _load_sqlite(dump, _sqlite_path(engine.url))
        else:
            _load_postgresql(dump, engine.url)
        engine.dispose()
        for name, described in manifest["files"].items():
            if name.startswith(UPLOADS + "/"):
                target = upload_folder.joinpath(*PurePosixPath(name).parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(unpacked / name, target)
                if _describe_file(target) != described:
                    raise BackupError(f"Het bestand {target} werd niet juist teruggezet.")
    with engine.connect() as conn:
        counts = table_counts(conn)
    wrong = [
        f"{name}: {expected} in de back-up, {counts.get(name, 0)} in de databank"
        for name, expected in manifest["tables"].items()
        if counts.get(name, 0) != expected
    ]
    if wrong:
        raise BackupError("Na het terugzetten kloppen de aantallen niet: " + "; ".join(wrong))
    return manifest


def read_archive(archive: Path, into: Path) -> dict:
    """Unpack the archive into `into` and check it against its manifest: the same files, each
    with its checksum. Returns the manifest."""
    try:
        with tarfile.open(archive, mode="r:gz") as opened:
            opened.extractall(into, filter="data")
        manifest = json.loads((into / MANIFEST).read_text())
        files = manifest["files"]
        kind = manifest["database"]
    except (OSError, tarfile.TarError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{archive} is geen leesbare back-up ({error}).") from error
    if manifest.get("format") != FORMAT or DUMPS.get(kind) not in files:
        raise BackupError(f"{archive} is geen back-up van deze app (formaat of databank).")
    present = {
        path.relative_to(into).as_posix()
        for path in into.rglob("*")
        if path.is_file() and path != into / MANIFEST
    }
    if present != set(files):
        extra = sorted(present - set(files)) + sorted(set(files) - present)
        raise BackupError(
            f"De back-up klopt niet met haar manifest (bestanden: {', '.join(extra)})."
        )
    damaged = [name for name in sorted(files) if _describe_file(into / name) != files[name]]
    if damaged:
        raise BackupError(
            f"De controlesom klopt niet voor {', '.join(damaged)}: de back-up is beschadigd of "
            "gewijzigd. Er werd niets teruggezet."
        )
    return manifest


def _refuse_unless_empty(engine: Engine, upload_folder: Path) -> None:
    with engine.connect() as conn:  # a schema made by `flask db upgrade` is empty too
        filled = {
            name: count
            for name, count in table_counts(conn).items()
            if count and name != "alembic_version"
        }
    if filled:
        shown = ", ".join(f"{name} ({count})" for name, count in sorted(filled.items())[:5])
        raise BackupError(
            "De databank is niet leeg (" + shown + "): een back-up wordt alleen in een lege "
            "databank teruggezet. Er werd niets gewijzigd."
        )
    if upload_folder.is_dir() and any(p.is_file() for p in upload_folder.rglob("*")):
        raise BackupError(
            f"De map voor bijlagen ({upload_folder}) is niet leeg: een back-up wordt alleen in "
            "een lege map teruggezet. Er werd niets gewijzigd."
        )


def _load_sqlite(dump: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    destination = sqlite3.connect(target, timeout=30)
    try:
        source.backup(destination)
        destination.execute("PRAGMA journal_mode = WAL")  # as the app runs it
    finally:
        destination.close()
        source.close()


def _load_postgresql(dump: Path, url: URL) -> None:
    """pg_restore in one transaction; `--clean --if-exists` replaces the empty tables of a
    database made by `flask db upgrade` (and the empty schema of a new one)."""
    dsn, env = _libpq(url)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={dsn}",
            str(dump),
        ],
        env,
    )


# --- shared -----------------------------------------------------------------------------------


def table_counts(conn: Connection) -> dict[str, int]:
    """Rows per table of the database's default schema, by table name."""
    return {
        name: conn.scalar(select(func.count()).select_from(table(name)))
        for name in sorted(inspect(conn).get_table_names())
    }


def _revision(conn: Connection) -> str | None:
    """The schema's Alembic revision, if the database was made by the migrations."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _kind(engine: Engine) -> str:
    kind = engine.dialect.name
    if kind not in DUMPS:
        raise BackupError(f"Back-ups van een {kind}-databank worden niet ondersteund.")
    return kind


def _sqlite_path(url: URL) -> Path:
    if url.database in (None, "", ":memory:"):
        raise BackupError("Een SQLite-databank in het geheugen heeft geen back-up.")
    return Path(url.database)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it (no SQLAlchemy driver) and the environment for pg_dump and
    pg_restore: the password goes in PGPASSWORD, never on a command line."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    program = shutil.which(command[0], path=env.get("PATH"))
    if program is None:
        raise BackupError(f"{command[0]} is niet gevonden: installeer de PostgreSQL-clienttools.")
    # a fixed program with arguments of our own making, no shell
    done = subprocess.run(  # noqa: S603
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} mislukte: {done.stderr.strip()}")


def _describe(data: bytes) -> dict:
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def _describe_file(path: Path) -> dict:
    """As `_describe`, reading the file in pieces (a dump may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as opened:
        while chunk := opened.read(1 << 20):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "size": path.stat().st_size}


def _app_version() -> str | None:
    try:
        return metadata.version("pp-rollout-tracker")
    except metadata.PackageNotFoundError:
        return None

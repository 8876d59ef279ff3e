"""Command-line tools: `flask --app wsgi seed`, `create-user`, `backup`, `restore` and
`purge-attachments`."""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from rollout import backup, demo
from rollout.auth import services as auth
from rollout.auth.models import Organisation, Role
from rollout.extensions import db
from rollout.home import people
from rollout.plan.models import Province
from rollout.plan.seeding import SeedError, apply_plan, read_plan, shift_plan
from rollout.slugs import slugify
from rollout.timeutil import brussels_today


@click.command("seed")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--start", type=click.DateTime(["%Y-%m-%d"]), help="Load as a new round from this date."
)
@click.option("--name", help="Name of the new round (with --start).")
@click.option("--slug", help="Key of the new round (with --start; default: from the name).")
@click.option(
    "--demo", "with_demo", is_flag=True, help="Add demo accounts and a current demo round."
)
@with_appcontext
def seed_command(path, start, name, slug, with_demo):
    """Load the rollout plan from its YAML seed file (idempotent)."""
    path = path or current_app.config["SEED_FILE"]
    try:
        spec = read_plan(path)
        if start is not None:
            if not name:
                raise click.UsageError("--start needs --name for the new round.")
            spec = shift_plan(spec, start.date(), name, slug or slugify(name))
        elif name or slug:
            raise click.UsageError("--name and --slug go with --start.")
    except SeedError as error:
        raise click.ClickException(str(error)) from error
    rollout, report = apply_plan(db.session, spec)
    click.echo(
        f"Plan '{rollout.name}' ({rollout.slug}): {report.created} nieuw, "
        f"{report.updated} bijgewerkt, {report.unchanged} ongewijzigd."
    )
    if report.not_in_file:
        click.echo(f"Niet meer in het bestand (ongemoeid gelaten): {', '.join(report.not_in_file)}")
    if with_demo:
        if current_app.config["ENV_NAME"] == "production":
            raise click.ClickException("--demo is not for production.")
        try:
            lines = demo.load_demo(db.session, read_plan(path), brussels_today())
        except SeedError as error:  # the demo's content (seeds/demo/) names what is wrong
            raise click.ClickException(str(error)) from error
        db.session.commit()
        for line in lines:
            click.echo(line)
    db.session.commit()


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default="")
@click.option(
    "--organisation", "organisation_slug", help="Slug of the organisation (role organisation)."
)
@click.option("--province", "province_slug", help="Slug of the province (role service).")
@click.password_option(help="At least 12 characters; asked for when not given.")
@with_appcontext
def create_user_command(email, role, name, organisation_slug, province_slug, password):
    """Create a user, e.g. the first programme lead."""
    organisation = province = None
    if organisation_slug:
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.slug == organisation_slug)
        )
        if organisation is None:
            raise click.ClickException(f"No organisation '{organisation_slug}'.")
    if province_slug:
        province = db.session.scalar(select(Province).where(Province.slug == province_slug))
        if province is None:
            raise click.ClickException(f"No province '{province_slug}'; run `seed` first?")
    try:
        user = auth.create_user(
            db.session,
            auth.NewUser(email, Role(role), name, organisation, province),
            password=password,
        )
    except auth.AuthError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}.")


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The archive to write (default: BACKUP_FOLDER/rollout-<time>.tar.gz).",
)
@with_appcontext
def backup_command(output):
    """Write one archive of the database, the uploaded files and a manifest (while the app
    runs)."""
    if output is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        output = Path(current_app.config["BACKUP_FOLDER"]) / f"rollout-{stamp}.tar.gz"
    try:
        manifest = backup.create_backup(
            db.engine, Path(current_app.config["UPLOAD_FOLDER"]), output
        )
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"De back-up kon niet geschreven worden: {error}") from error
    click.echo(
        f"Back-up geschreven naar {output}: {len(manifest['tables'])} tabellen, "
        f"{sum(manifest['tables'].values())} rijen, {_files(manifest)}."
    )


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(archive):
    """Load a backup archive into an empty database and an empty upload folder."""
    db.session.remove()
    try:
        manifest = backup.restore_backup(
            db.engine, Path(current_app.config["UPLOAD_FOLDER"]), archive
        )
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Back-up van {manifest['created_at']} teruggezet: {len(manifest['tables'])} tabellen, "
        f"{sum(manifest['tables'].values())} rijen, {_files(manifest)}; "
        "de aantallen kloppen met het manifest."
    )


def _files(manifest: dict) -> str:
    count = len(manifest["files"]) - 1  # the uploaded files, not the dump
    return f"{count} bestand" if count == 1 else f"{count} bestanden"


@click.command("purge-attachments")
@click.option("--days", type=click.IntRange(min=0), help="Default: ATTACHMENT_RETENTION_DAYS.")
@with_appcontext
def purge_attachments_command(days):
    """Remove the attachments of organisations not selected, `days` after their round ended."""
    if days is None:
        days = current_app.config["ATTACHMENT_RETENTION_DAYS"]
    removed = people.purge_attachments(db.session, brussels_today(), days)
    db.session.commit()
    people.remove_files(Path(current_app.config["UPLOAD_FOLDER"]), removed)
    click.echo(f"{len(removed)} bijlage(n) verwijderd (bewaartermijn {days} dagen na de ronde).")

"""The `biwu` command.

    biwu serve [--demo] [--host 127.0.0.1] [--port 8000] [--db URL]
    biwu user add USERNAME --role organiser|chief_judge|judge|viewer|employee|reviewer|finance [--password …] [--db URL]
    biwu db upgrade [--db URL]
    biwu import CONTEST_ID FILE [--kind competitors|units|teams] [--db URL]

`--db` defaults to BIWU_DATABASE_URL, else ./biwu.db; `--port` to BIWU_PORT, else 8000.
`serve` applies the migrations before it starts, so a fresh checkout runs with one command.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import click

from api.auth import ROLES
from contests.store import DEFAULT_URL, make_engine, session_factory, upgrade
from scoring.errors import RuleError

DB_OPTION = click.option(
    "--db", "db_url", default=DEFAULT_URL, envvar="BIWU_DATABASE_URL", show_default=True, help="Database URL (env BIWU_DATABASE_URL)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """biwu 比武: contest setup and scoring service."""


# ---------------------------------------------------------------- serve


@main.command()
@click.option("--demo", is_flag=True, help="Seed the two example contests, people and demo accounts (idempotent).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, envvar="BIWU_PORT", show_default=True, help="(env BIWU_PORT)")
@DB_OPTION
def serve(demo: bool, host: str, port: int, db_url: str) -> None:
    """Apply migrations, then serve the API with uvicorn."""
    import uvicorn

    from api.app import create_app

    _upgrade(db_url)
    app = create_app(db_url, demo=demo)
    base = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}"
    click.echo(f"biwu on {base}  database {db_url}")
    click.echo(f"  API docs  {base}/schema  (Swagger UI: {base}/schema/swagger)")
    click.echo(f"  health    {base}/health")
    if demo:
        from api.demo import DEMO_ACCOUNTS

        click.echo("  demo logins (POST /auth/token, form username & password):")
        for username, password, role in DEMO_ACCOUNTS:
            click.echo(f"    {username:<10} {password:<16} {role}")
    uvicorn.run(app, host=host, port=port, log_level="info")


# ---------------------------------------------------------------- db


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@DB_OPTION
def db_upgrade(db_url: str) -> None:
    """Apply all pending migrations."""
    _upgrade(db_url)
    click.echo(f"database {db_url} is up to date")


# ---------------------------------------------------------------- users


@main.group()
def user() -> None:
    """Login accounts."""


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Prompted for when left out.")
@DB_OPTION
def user_add(username: str, role: str, password: str, db_url: str) -> None:
    """Create a login account (username: 3-64 of A-Z a-z 0-9 _ . -; password: at least 8 characters)."""
    from contests.usecases.accounts.users import add_user

    actor = _run(db_url, lambda session: add_user(session, username, password, role))
    click.echo(f"added {actor.username} ({actor.role})")


# ---------------------------------------------------------------- import


@main.command("import")
@click.argument("contest_id", type=click.IntRange(1, 2**31 - 1))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["competitors", "units", "teams"]), default="competitors", show_default=True)
@DB_OPTION
def import_file(contest_id: int, file: Path, kind: str, db_url: str) -> None:
    """Import a CSV (UTF-8) or XLSX sheet into a contest: all rows or none."""
    from contests.accounts import Actor
    from contests.audit import SYSTEM
    from contests.usecases.setup.people import import_registrations

    actor = Actor(username=SYSTEM, role="organiser")  # the operator at the console acts as the organiser
    data = file.read_bytes()
    report = _run(db_url, lambda session: import_registrations(session, actor, contest_id, kind, data, file.name))
    click.echo(f"imported {report.created} {report.kind} into contest {contest_id}")


# ---------------------------------------------------------------- helpers


def _upgrade(db_url: str) -> None:
    try:
        upgrade(db_url)
    except ValueError as exc:  # an unsupported URL
        raise click.BadParameter(str(exc), param_hint="--db") from exc


def _run(db_url: str, work: Callable[[Any], Awaitable[Any]]) -> Any:
    """Run one use-case in a session; rule errors become a clean message and exit code 1."""

    async def go() -> Any:
        engine = make_engine(db_url)
        try:
            async with session_factory(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    _upgrade(db_url)  # a fresh database works at once; an up-to-date one is left as it is
    try:
        return asyncio.run(go())
    except RuleError as exc:
        click.echo(f"refused ({type(exc).__name__}):", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.path.basename(sys.argv[0]) or "biwu")

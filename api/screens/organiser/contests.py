"""Contests on the console: create one, or store a new version, from a TOML or JSON file,
pasted text, or a bundled example; and read the current definition back as TOML.

The same use-cases as `POST /contests` and `POST /contests/{id}/versions`. A refused
definition is shown again: its text in the form, and its problems on the tree of what was
sent, each beside the field its path names (definition_tree.py).
"""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import MultipartBody, QueryParameter
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.problems import BadRequest
from api.routes.params import ContestId
from api.screens.layout import page
from api.screens.organiser.console import BASE, CONTEST, contest_page, contest_url, done, organiser
from api.screens.organiser.definition_tree import tree
from api.screens.organiser.definition_upload import Upload, example_text, examples, read_upload
from api.screens.organiser.form_errors import FormErrors, form_errors
from api.screens.organiser.forms import DefinitionUpload
from contests.accounts import Actor
from contests.definition import encode_contest
from contests.usecases.setup import contests as uc
from scoring.errors import Problem, RuleError

ExampleKey = Annotated[str | None, QueryParameter(max_length=40, description="a bundled example to start from")]
FORM = "definition"
TOML = "application/toml"


@get(f"{BASE}/contests/new")
async def new_contest_page(request: Request, session: NamedDependency[AsyncSession], example: ExampleKey = None) -> Template:
    actor = await organiser(request, session)
    text = example_text(example) if example else None
    return page(request, "organiser/contest_new", actor=actor, examples=examples(), text=text or "", fmt="toml", refused=None)


@post(f"{BASE}/contests")
async def create_contest(
    request: Request, session: NamedDependency[AsyncSession], data: MultipartBody[DefinitionUpload]
) -> Template | Response:
    actor = await organiser(request, session)
    upload = await _read(data)
    if not upload.problems:
        try:
            view = await uc.create_contest(session, actor, upload.contest)  # type: ignore[arg-type]
        except RuleError as exc:
            return _refused_new(request, actor, upload, exc)
        return done(contest_url(view.id) + "?saved=1")
    return _refused_new(request, actor, upload, BadRequest(upload.problems))  # unreadable: 400, as the API answers


@get(CONTEST)
async def contest_overview(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    actor = await organiser(request, session)
    saved = request.query_params.get("saved") == "1"
    return await contest_page(request, session, actor, contest_id, "contest", refused=None, text="", fmt="toml", saved=saved)


@post(f"{CONTEST}/versions")
async def new_version(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, data: MultipartBody[DefinitionUpload]
) -> Template | Response:
    actor = await organiser(request, session)
    upload = await _read(data)
    if upload.problems:
        return await _refused_version(request, session, actor, contest_id, upload, BadRequest(upload.problems))
    try:
        await uc.new_version(session, actor, contest_id, upload.contest)  # type: ignore[arg-type]
    except RuleError as exc:
        return await _refused_version(request, session, actor, contest_id, upload, exc)
    return done(contest_url(contest_id) + "?saved=1")


@get(f"{CONTEST}/definition.toml", media_type=TOML)
async def definition_toml(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Response[bytes]:
    """The current definition as TOML, to edit and upload as the next version."""
    await organiser(request, session)
    view = await uc.get_contest(session, contest_id)
    headers = {"Content-Disposition": f'attachment; filename="{view.slug}-v{view.version}.toml"'}
    return Response(encode_contest(view.definition, "toml"), media_type=TOML, headers=headers)


async def _read(data: DefinitionUpload) -> Upload:
    """The file if one was chosen, else the text field."""
    if data.file is not None and data.file.filename:
        return read_upload(await data.file.read(), data.file.filename, data.format)
    if data.definition.strip():
        return read_upload(data.definition.encode("utf-8"), "", data.format)
    return Upload(text="", fmt=data.format or "toml", problems=[Problem("file", "choose a TOML or JSON file, or paste a definition")])


def _refusal(upload: Upload, exc: RuleError) -> FormErrors:
    return form_errors(FORM, exc, ["file"], {"format": upload.fmt})


async def _refused_version(
    request: Request, session: AsyncSession, actor: Actor, contest_id: int, upload: Upload, exc: RuleError
) -> Template:
    refused = _refusal(upload, exc)
    context = {"refused": refused, "tree": tree(upload.builtins, exc.problems), "text": upload.text, "fmt": upload.fmt}
    return await contest_page(request, session, actor, contest_id, "contest", errors=refused, **context)


def _refused_new(request: Request, actor: Actor, upload: Upload, exc: RuleError) -> Template:
    refused = _refusal(upload, exc)
    return page(
        request, "organiser/contest_new", actor=actor, status=refused.status, examples=examples(),
        text=upload.text, fmt=upload.fmt, refused=refused, tree=tree(upload.builtins, exc.problems),
    )  # fmt: skip


ROUTES = [new_contest_page, create_contest, contest_overview, new_version, definition_toml]

__all__ = ["ROUTES"]

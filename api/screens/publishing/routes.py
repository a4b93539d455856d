"""Publish and republish (成绩发布) with the change list shown before confirming.

`GET /publishing/{contest}` lists the events; `GET /publishing/{contest}/{event}` shows the
preview (`contests.usecases.judging.publish_preview`): what would be published, what changes
against the last published snapshot (rows that appear, changed module scores, totals, ranks,
awards), why publishing is refused now, and who is left out because they registered after
the draw. The confirm form (CSRF) sends back the snapshot the preview was made against;
`confirm_publication` refuses if another was published since, so what is confirmed is what
was shown. Organiser only, as at the API.
"""

from __future__ import annotations

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import ORGANISER
from api.routes.params import ContestId, EventId
from api.screens.i18n import N_, choose_language
from api.screens.layout import page
from api.screens.session import require_actor
from contests.results.units import units_text
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.publish_preview import PublishPreview, confirm_publication, preview_publication
from contests.usecases.setup.contests import get_contest

FIELDS = {
    "present": N_("名单"),
    "rank": N_("名次"),
    "total": N_("总成绩"),
    "award": N_("奖项"),
    "titles": N_("称号"),
    "disqualified": N_("取消资格"),
    "decided_by": N_("同分处理"),
    "medal": N_("奖牌"),
    "standardised": N_("标准分"),
    "members": N_("计分队员"),
    "members_counted": N_("计分人数"),
    "score": N_("团体成绩"),
}
NEW_ROW = N_("新增")
GONE_ROW = N_("移除")


def change_rows(preview: PublishPreview, module_names: dict[str, str]) -> list[dict]:
    """The change list as the page shows it: who (name once unblinded, else blind code), what, old → new."""
    names = {r.blind_code: (r.name or r.blind_code) for r in preview.standings.rows} if preview.standings else {}
    out = []
    for c in preview.changes:
        field = (
            module_names.get(c.field.removeprefix("modules."), c.field) if c.field.startswith("modules.") else FIELDS.get(c.field, c.field)
        )
        old, new = c.old, c.new
        if c.field == "present":
            old, new = "", NEW_ROW if c.new else GONE_ROW
        out.append(
            {"who": names.get(c.competitor, c.competitor), "code": c.competitor, "field": field, "old": _shown(old), "new": _shown(new)}
        )
    return out


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) or "—"
    return str(value)


async def _page(request: Request, session: AsyncSession, actor, contest_id: int, event_id: str, **extra) -> Template:
    definition = (await get_contest(session, contest_id)).definition
    preview = await preview_publication(session, actor, contest_id, event_id)
    event = definition.event(event_id)
    english = choose_language(request) == "en"
    module_names = {m.id: (m.name_en if english and m.name_en else m.name) for m in event.modules}
    totals = [units_text(r.total_units, preview.standings.places) for r in preview.standings.rows] if preview.standings else []
    return page(
        request, "publishing/preview", actor=actor, contest=definition, contest_id=contest_id, event=event, preview=preview,
        changes=change_rows(preview, module_names), totals=totals, **extra,
    )  # fmt: skip


@get("/publishing/{contest_id:int}")
async def events_page(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    definition = (await get_contest(session, contest_id)).definition
    return page(request, "publishing/events", actor=actor, contest=definition, contest_id=contest_id)


@get("/publishing/{contest_id:int}/{event_id:str}")
async def preview_page(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    return await _page(request, session, actor, contest_id, event_id)


@post("/publishing/{contest_id:int}/{event_id:str}")
async def confirm(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    form = await request.form()
    seen = str(form.get("previous") or "")
    expected = int(seen) if seen.isdigit() and len(seen) < 10 else None
    try:
        published = await confirm_publication(session, actor, contest_id, event_id, expected)
    except Conflict as exc:
        return await _page(request, session, actor, contest_id, event_id, refused=[p.rule for p in exc.problems])
    return page(request, "publishing/done", actor=actor, contest_id=contest_id, published=published, event_id=event_id)


ROUTES = [events_page, preview_page, confirm]

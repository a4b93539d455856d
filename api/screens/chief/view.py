"""What the chief judge console's pages show, gathered from the use-cases: the event's progress,
analytics, locks and appeals for the console page, and the figures of the two charts.

Nothing here decides a rule; it reads the use-cases' views and arranges them for a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from litestar.datastructures import FormMultiDict
from sqlalchemy.ext.asyncio import AsyncSession

from api.screens.chief.charts import Labels, ScorePanel, SeverityPanel
from api.screens.i18n import N_
from contests.accounts import Actor
from contests.usecases.core import lookup
from contests.usecases.judging import appeals as appeals_uc
from contests.usecases.judging import explanation as explanation_uc
from contests.usecases.judging import judge_analytics as analytics_uc
from contests.usecases.judging import locks as locks_uc
from contests.usecases.judging import progress as progress_uc
from contests.usecases.judging import standings_cache
from contests.usecases.judging.explanation import ExplanationView
from contests.usecases.judging.views import AnalyticsView, AppealView, LockView, ProgressView
from contests.usecases.setup.contests import get_contest, list_contests
from contests.usecases.setup.judges import judge_for_user
from contests.usecases.setup.panels import list_panels
from scoring.errors import RuleError

SEVERITY_THRESHOLD = 0.5  # marks: the API's default flag for a judge's mean offset
SEVERITY_AXIS = N_("与裁判组修剪均值的平均偏差（分）")
COUNT_AXIS = N_("选手人数")
SCORE_AXIS = N_("模块得分")
NOTHING_TO_DRAW = N_("暂无可绘制的数据：尚未抽签、无评分或仍有欠评分数。")


@dataclass(frozen=True)
class EventEntry:
    contest_id: int
    contest: str
    contest_en: str
    event_id: str
    event: str
    event_en: str


@dataclass(frozen=True)
class EventConsole:
    contest_id: int
    contest: str
    contest_en: str
    event_id: str
    event: str
    event_en: str
    module_names: dict[str, tuple[str, str]]  # module id → (Chinese, English)
    progress: ProgressView
    analytics: AnalyticsView | None  # None before the draw
    locks: dict[str, LockView]  # module id → its newest lock event
    appeals: list[AppealView]

    @property
    def all_locked(self) -> bool:
        return bool(self.progress.modules) and all(m.locked for m in self.progress.modules)


async def my_contests(session: AsyncSession, actor: Actor) -> list[EventEntry]:
    """The events of every contest whose chief judge seat is this login's."""
    out = []
    for summary in await list_contests(session):
        seat = await judge_for_user(session, summary.id, actor.username)
        if seat is None or seat.role != "chief_judge":
            continue
        definition = (await get_contest(session, summary.id)).definition
        out += [EventEntry(summary.id, definition.name, definition.name_en, e.id, e.name, e.name_en) for e in definition.events]
    return out


async def event_console(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> EventConsole:
    definition = (await get_contest(session, contest_id)).definition
    event = lookup.event_of(definition, event_id)
    progress = await progress_uc.marking_progress(session, actor, contest_id, event_id)
    try:
        analytics = await analytics_uc.judge_analytics(session, actor, contest_id, event_id, threshold=SEVERITY_THRESHOLD)
    except RuleError:  # not drawn yet: nothing to analyse
        analytics = None
    locks = {v.module_id: v for v in await locks_uc.list_locks(session, actor, contest_id, event_id)}
    return EventConsole(
        contest_id=contest_id,
        contest=definition.name,
        contest_en=definition.name_en,
        event_id=event_id,
        event=event.name,
        event_en=event.name_en,
        module_names={m.id: (m.name, m.name_en) for m in event.modules},
        progress=progress,
        analytics=analytics,
        locks=locks,
        appeals=await appeals_uc.list_appeals(session, actor, contest_id, event_id),
    )


@dataclass(frozen=True)
class AppealPage:
    appeal: AppealView
    module_name: str
    panel: list[str]  # the module's panel judges: one correction row each
    choices: list[tuple[str, str]]  # (aspect id, name) a correction may set
    explanation: ExplanationView | None  # None while the event cannot be scored
    unexplained: list[str]  # why not (the use-case's own messages)


async def appeal_page(session: AsyncSession, actor: Actor, contest_id: int, appeal_id: int, lang: str) -> AppealPage:
    """The appeal, the appealed module's panel and aspects, and the competitor's explanation.
    The explanation scores the whole event: while another module still owes marks under the
    "error" policy it cannot be computed, and the page says why instead of refusing to open."""
    appeal = await appeals_uc.get_appeal(session, actor, contest_id, appeal_id)
    definition = (await get_contest(session, contest_id)).definition
    module = lookup.module_of(lookup.event_of(definition, appeal.event_id), appeal.module_id)
    panels = await list_panels(session, contest_id)
    panel = next((p.judges for p in panels if (p.event_id, p.module_id) == (appeal.event_id, appeal.module_id)), [])
    try:
        explained, unexplained = await explanation_uc.explain_competitor(session, actor, contest_id, appeal.event_id, appeal.blind_code), []
    except RuleError as exc:
        explained, unexplained = None, [p.rule for p in exc.problems]
    return AppealPage(
        appeal=appeal,
        module_name=(module.name_en or module.name) if lang == "en" else module.name,
        panel=list(panel),
        choices=[(a.id, a.name) for a in module.scheme.aspects()],
        explanation=explained,
        unexplained=unexplained,
    )


def corrections_of(form: FormMultiDict) -> list[dict[str, str]]:
    """The decision form's correction rows (judge, aspect, value); rows without a value are unused."""
    rows = zip(form.getall("judge", []), form.getall("aspect_id", []), form.getall("value", []), strict=False)
    return [{"judge": j, "aspect_id": a, "value": v.strip()} for j, a, v in rows if v.strip()]


def chart_labels(gettext: Callable[[str], str]) -> Labels:
    return Labels(severity=gettext(SEVERITY_AXIS), count=gettext(COUNT_AXIS), score=gettext(SCORE_AXIS), empty=gettext(NOTHING_TO_DRAW))


def _names(definition, event_id: str, lang: str) -> dict[str, str]:
    event = lookup.event_of(definition, event_id)
    return {m.id: (m.name_en or m.name) if lang == "en" else m.name for m in event.modules}


async def severity_panels(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, lang: str) -> list[SeverityPanel]:
    names = _names((await get_contest(session, contest_id)).definition, event_id, lang)
    try:
        analytics = await analytics_uc.judge_analytics(session, actor, contest_id, event_id, threshold=SEVERITY_THRESHOLD)
    except RuleError:
        return []
    return [
        SeverityPanel(
            title=names.get(m.module_id, m.module_id),
            judges=[j.judge for j in m.judges],
            offsets=[j.offset for j in m.judges],
            flagged=[j.flagged for j in m.judges],
            threshold=SEVERITY_THRESHOLD,
        )
        for m in analytics.modules
        if len(m.judges) > 1  # a single judge has no panel to differ from
    ]


async def score_panels(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, lang: str) -> list[ScorePanel]:
    names = _names((await get_contest(session, contest_id)).definition, event_id, lang)
    try:
        standings = (await standings_cache.served_standings(session, actor, contest_id, event_id)).standings  # the API's cached answer
    except RuleError:  # marks still owed under the "error" policy: nothing to draw yet
        return []
    scale = 10**standings.places
    return [
        ScorePanel(
            title=names.get(module.id, module.id),
            scores=[row.module_units[k] / scale for row in standings.rows],
            maximum=module.max_units / scale,
        )
        for k, module in enumerate(standings.modules)
    ]


__all__ = [
    "AppealPage",
    "EventConsole",
    "EventEntry",
    "appeal_page",
    "chart_labels",
    "corrections_of",
    "event_console",
    "my_contests",
    "score_panels",
    "severity_panels",
]

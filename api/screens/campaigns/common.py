"""What the campaign screens share: the Chinese names of states and actions, money shown in
yuan, refusals turned into plain Chinese next to the field they name, the campaign list, and
a stored file sent to the browser (through the API's own download, api.file_download).

The rules stay in the use-cases (contests/usecases/campaigns/): a page reads a form into the
API's own request body and calls the same use-case; only the wording of a refusal changes
here, never what is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from litestar import Request, Response

from api.file_download import download as send_file
from api.routes.campaigns_attachments import blob_store
from api.screens.chief.forms import problems_by_field, status_of
from api.screens.i18n import N_
from contests.campaigns.categories import category_label
from contests.campaigns.errors import SubmissionError, TransitionConflict, TransitionForbidden
from contests.usecases.campaigns.attachments import Readable
from scoring.errors import RuleError

STATE_NAMES = {
    "draft": N_("草稿"),
    "submitted": N_("已提交"),
    "accepted": N_("已立案"),
    "rejected": N_("不予立案"),
    "under_review": N_("评审中"),
    "adopted": N_("已采纳"),
    "not_adopted": N_("未采纳"),
    "in_trial": N_("试行中"),
    "implemented": N_("已实施"),
    "verified": N_("效益已核实"),
    "awarded": N_("已奖励"),
    "archived": N_("已归档"),
    "withdrawn": N_("已撤回"),
}
ACTION_NAMES = {
    "submit": N_("提交"),
    "withdraw": N_("撤回"),
    "accept": N_("立案"),
    "reject": N_("不予立案"),
    "start_review": N_("开始评审"),
    "adopt": N_("采纳"),
    "decline": N_("不予采纳"),
    "start_trial": N_("开始试行"),
    "implement": N_("确认已实施"),
    "abandon": N_("终止试行"),
    "verify": N_("核实效益"),
    "award": N_("授奖"),
    "archive": N_("归档"),
}
REASONED = ("reject", "decline", "abandon")
NOT_NOW = N_("现在不能“%(action)s”：本提案处于“%(state)s”状态。现在可以：%(allowed)s。")
NOTHING_NOW = N_("现在不能“%(action)s”：本提案处于“%(state)s”状态，您现在没有可做的操作，请等待办理。")
NOT_YOURS = N_("“%(action)s”不是您的角色能做的操作（本提案处于“%(state)s”状态）。")
SHARES_TOTAL = N_("各完成人的份额合计为 %(total)s%%，必须正好是 100%%。")


def state_name(state: str) -> str:
    return STATE_NAMES.get(state, state)


def action_name(action: str) -> str:
    return ACTION_NAMES.get(action, action)


def category_name(code: str, lang: str) -> str:
    return category_label(code, lang)


def fen_text(fen: int | None) -> str:
    """Fen as yuan with thousands separators: 123456 → "1,234.56"."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{part:02d}"


def yuan_text(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:,.2f}"


def percent_text(bp: int) -> str:
    return f"{bp // 100}.{bp % 100:02d}"


def plain_refusal(exc: RuleError, gettext: Callable[[str], str], yours: list[str] | None = None) -> dict[str, list[str]]:
    """The use-case's refusal by field, a workflow refusal said in plain Chinese (what can be
    done now: `yours`, the reader's own allowed actions, when known) and a share total that
    is not 100% said next to the proposers."""
    if isinstance(exc, TransitionConflict):
        names = {"action": gettext(action_name(exc.action)), "state": gettext(state_name(exc.state))}
        allowed = [gettext(action_name(a)) for a in (exc.allowed if yours is None else yours) if a != "award"]
        if not allowed:
            return {"": [gettext(NOTHING_NOW) % names]}
        return {"": [gettext(NOT_NOW) % (names | {"allowed": "、".join(allowed)})]}
    if isinstance(exc, TransitionForbidden):
        return {"": [gettext(NOT_YOURS) % {"action": gettext(action_name(exc.action)), "state": gettext(state_name(exc.state))}]}
    errors = problems_by_field(exc)
    if isinstance(exc, SubmissionError) and "proposers" in errors:
        errors["proposers"] = [_share_message(m, gettext) for m in errors["proposers"]]
    return errors


def _share_message(rule: str, gettext: Callable[[str], str]) -> str:
    if rule.startswith("shares sum to "):
        return gettext(SHARES_TOTAL) % {"total": rule.removeprefix("shares sum to ").split("%", 1)[0]}
    return rule


def status(exc: RuleError) -> int:
    """The status the API answers the same refusal with (api/problems.py: 404 not found, 403
    a role refused, 409 any rule broken)."""
    if isinstance(exc, TransitionForbidden):
        return 403
    return status_of(exc) if status_of(exc) in (403, 404) else 409


def download(request: Request, readable: Readable) -> Response:
    """A file version the reader may read, from the deployment's store (304 if the browser holds it)."""
    return send_file(request, readable, blob_store(request.app.state))


__all__ = [
    "ACTION_NAMES",
    "REASONED",
    "STATE_NAMES",
    "action_name",
    "category_name",
    "download",
    "fen_text",
    "percent_text",
    "plain_refusal",
    "state_name",
    "status",
    "yuan_text",
]

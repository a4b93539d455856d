"""Refusals of the honours screens said in plain Chinese, next to the field they name: one
table per page, one loop (`refusal`) that sorts a use-case's problems by field.

- The honours board (公示, objections, the committee's sittings): the use-cases word their
  rules in English for the API; each known rule is matched in `BOARD` and said again in
  Chinese with its own figures (dates, counts, codes). `board_words` says them.
- The unit's nomination pages: the nomination rules (`check_nomination`, `nomination_access`,
  the attachment rules) are named as the API names them ("超出名额（over_quota）：…") from
  `RULE_NAMES` and `SENTENCES`; the eligibility rules already give their reason in Chinese.
  `nomination_words` says them.

A rule not matched is shown as the API words it, so nothing is ever hidden. A form that does
not decode into the API's body gets a sentence per field (`undecodable` on the board,
`form_errors` on the nomination pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import msgspec

from api.screens.chief.forms import REQUIRED
from api.screens.i18n import N_
from contests.attachments import AttachmentRefused
from contests.attachments.rules import LABELS
from scoring.errors import RuleError

Gettext = Callable[[str], str]
Words = Callable[[str], str]  # one problem's rule, as the API words it → what the page says


def refusal(exc: RuleError, words: Words, strip: str = "") -> dict[str, list[str]]:
    """The use-case's problems by the field they name (the path without `strip`, e.g. "objection."),
    each said by the page's `words`."""
    out: dict[str, list[str]] = {}
    for problem in exc.problems:
        out.setdefault(problem.path.removeprefix(strip), []).append(words(problem.rule))
    return out


# The honours board

BAD_DATE = N_("请按“年-月-日”填写日期，例如 2026-12-07。")
BAD_VALUE = N_("填写有误：%(detail)s")
CHOOSE_UPHELD = N_("请选择异议是否成立。")
CHOOSE_PRESENT = N_("请勾选出席会议的委员。")
STAGES = {"nominating": N_("推荐与表决"), "on_notice": N_("公示中"), "final": N_("名单已确定")}
BOARD: tuple[tuple[str, str], ...] = (
    (r"ends (?P<end>\S+) before it starts (?P<start>\S+)", N_("公示结束日期 %(end)s 早于开始日期 %(start)s。")),
    (
        r"公示 lasts (?P<days>\d+) working days \((?P<span>[^)]*)\), the round declares at least (?P<need>\d+)",
        N_("公示期（%(span)s）只有 %(days)s 个工作日，本次评比规定至少 %(need)s 个工作日。"),
    ),
    (r"a contact line for objections is required", N_("请填写受理异议的联系人及电话。")),
    (r"received (?P<received>\S+), outside the period (?P<period>\S+)", N_("异议收到日期 %(received)s 不在公示期 %(period)s 内。")),
    (r"'(?P<code>[^']+)' is not on the posted list", N_("%(code)s 不在公示名单上。")),
    (r"an objection needs its grounds", N_("请写明异议的理由。")),
    (r"objection '(?P<code>[^']+)' is already decided", N_("异议 %(code)s 已经处理，不能再次处理。")),
    (r"no objection '(?P<code>[^']+)' is recorded", N_("没有编号为 %(code)s 的异议。")),
    (r"a decision needs a reason", N_("处理异议须写明理由。")),
    (r"公示 runs until (?P<end>\S+): the list is final from (?P<first>\S+)", N_("公示期到 %(end)s 结束，%(first)s 起才能确定最终名单。")),
    (r"objection '(?P<code>[^']+)' is not decided", N_("异议 %(code)s 尚未处理，请先处理再确定名单。")),
    (r"the vote on '(?P<code>[^']+)' is not finished", N_("称号 %(code)s 的表决尚未结束（会议未计票，或并列者待再次投票）。")),
    (r"no title has been voted on", N_("还没有任何称号完成表决，没有可公示的名单。")),
    (r"(?P<n>\d+) nominations are tied at the last place", N_("有 %(n)s 名推荐对象在最后一个名额处票数相同：请先再次投票。")),
    (
        r"round '[^']+' is '(?P<stage>\w+)': to .* it must be '(?P<wanted>\w+)'",
        N_("评比现处于“%(stage)s”阶段，此操作须在“%(wanted)s”阶段进行。"),
    ),
    (r"round '[^']+' is '(?P<stage>\w+)': the committee's vote is over", N_("评比现处于“%(stage)s”阶段，评审委员会表决已结束。")),
    (r"sitting \d+ on '[^']+' is still open", N_("该称号的表决会议尚未计票：请先计票。")),
    (r"title '[^']+' has no nominations to vote on", N_("该称号没有待表决的推荐对象。")),
    (r"the vote on '[^']+' is decided", N_("该称号的表决已有结果，没有并列需要再次投票。")),
    (r"no sitting on '[^']+' is open", N_("该称号没有正在进行的表决会议。")),
    (r"'(?P<code>[^']+)' is not a member of the committee", N_("%(code)s 不是评审委员会委员。")),
    (r"a member is listed twice", N_("有委员被重复勾选。")),
    (r"member '(?P<code>[^']+)' is present and has not voted", N_("出席委员 %(code)s 尚未投票，不能计票。")),
    (
        r"changed by someone else at the same time|changed at the same time|opened by someone else",
        N_("其他人同时修改了该评比：请刷新页面后重试。"),
    ),
)
_BOARD = tuple((re.compile(pattern), message) for pattern, message in BOARD)
_MISSING = re.compile(r"missing required field `([^`]+)`(?: - at `\$\.?([^`]*)`)?")
_AT = re.compile(r"at `\$\.?([^`]*)`")


def board_words(gettext: Gettext) -> Words:
    """The board's rules in Chinese."""

    def say(rule: str) -> str:
        for pattern, message in _BOARD:
            if found := pattern.search(rule):
                values = found.groupdict()
                for key in ("stage", "wanted"):
                    if key in values:
                        values[key] = gettext(STAGES.get(values[key], values[key]))
                return gettext(message) % values
        return rule

    return say


def undecodable(exc: msgspec.ValidationError, gettext: Gettext) -> dict[str, list[str]]:
    """A board form that is not the API's body: the field named as the API names it ("period.start")."""
    message = str(exc)
    if missing := _MISSING.search(message):
        where = missing.group(2)
        return {f"{where}.{missing.group(1)}" if where else missing.group(1): [gettext(REQUIRED)]}
    at = _AT.search(message)
    path = at.group(1) if at else ""
    if "`date`" in message or "date" in message.split(" - ")[0].lower():
        return {path: [gettext(BAD_DATE)]}
    return {path: [gettext(BAD_VALUE) % {"detail": message}]}


# The unit's nomination pages

NAMED = N_("%(name)s（%(rule)s）：%(detail)s")
RULE_NAMES = {
    "over_quota": N_("超出名额"),
    "duplicate": N_("重复推荐"),
    "unknown_nominee": N_("查无此人"),
    "unit": N_("单位不符"),
    "cooldown": N_("间隔期未满"),
    "accident_bar": N_("安全事故否决"),
    "min_tenure": N_("工龄不足"),
    "disciplinary_action": N_("处分期内"),
    "required_result": N_("业绩条件不足"),
    "kind": N_("称号类型不符"),
    "vote_opened": N_("投票已开始"),
    "withdrawn": N_("已撤回"),
    "unchanged": N_("事迹未修改"),
    "max_files": N_("附件已达上限"),
    "title": N_("称号不可推荐"),
}
OVER_QUOTA = N_("本单位“%(title)s”有 %(places)s 个名额，最多推荐 %(allowed)s 人，已推荐 %(used)s 人。可先撤回一项推荐再推荐。")
SENTENCES = {
    "duplicate": N_("该人选已被推荐过这一称号，不能重复推荐。"),
    "unknown_nominee": N_("系统中没有该人选的资料，请联系组委会录入后再推荐。"),
    "unit": N_("该人选不属于本单位，不能由本单位推荐。"),
    "vote_opened": N_("评审委员会已开始对该称号投票，推荐不能再修改、撤回或补充附件。"),
    "withdrawn": N_("该推荐已撤回，不能再修改或补充附件。"),
    "unchanged": N_("修改后的事迹与当前版本相同：请修改内容，或不必提交。"),
    "max_files": N_("附件数量已达本次评比的上限：请替换已有的附件。"),
    "title": N_("该称号不接受推荐（优秀组织奖按公式评定）。"),
}
SAME_TIME = N_("其他人同时修改了这项推荐：请刷新页面后重试。")
NOT_OPEN = N_("评审委员会已开始对该称号投票，不能再推荐或撤回。")
BAD_FIELD = {
    "record": N_("事迹须写明文字，最多 20000 字。"),
    "note": N_("修改说明须写明文字，最多 2000 字。"),
    "reason": N_("撤回原因最多 2000 字，须有可见文字。"),
    "title": N_("请从列表中选择称号。"),
    "nominee": N_("请从列表中选择推荐对象。"),
}
TOO_LARGE = N_("文件太大：本次评比只接受不超过 %(limit)s 的文件。")
BAD_TYPE = N_("文件类型不被接受（按文件内容判断，不看文件名）：可上传 %(types)s。")
EMPTY_FILE = N_("文件是空的：请选择有内容的文件。")
BAD_NAME = N_("文件名不合适（含控制字符或过长）：请改名后再上传。")
_RULE = re.compile(r"^(?P<rule>[a-z_]+): (?P<detail>.*)$", re.S)
_OPEN_FOR = re.compile(r"the committee has sat on title|nominations are closed")
_SAME_TIME = re.compile(r"changed (by someone else )?at the same time")


def nomination_words(gettext: Gettext, quota: Mapping[str, object] | None = None) -> Words:
    """The nomination rules in Chinese with each rule named; `quota` fills over_quota's figures
    (title, places, allowed, used) from what the page shows."""

    def say(rule: str) -> str:
        if _SAME_TIME.search(rule):
            return gettext(SAME_TIME)
        if _OPEN_FOR.search(rule):
            return gettext(NAMED) % {"name": gettext(RULE_NAMES["vote_opened"]), "rule": "vote_opened", "detail": gettext(NOT_OPEN)}
        found = _RULE.match(rule)
        if found is None or found["rule"] not in RULE_NAMES:
            return rule
        name = found["rule"]
        if name == "over_quota" and quota is not None:
            detail = gettext(OVER_QUOTA) % quota
        elif name in SENTENCES:
            detail = gettext(SENTENCES[name])
        else:
            detail = found["detail"]  # the eligibility rules give their reason in Chinese already
        return gettext(NAMED) % {"name": gettext(RULE_NAMES[name]), "rule": name, "detail": detail}

    return say


def form_errors(errors: dict[str, list[str]], gettext: Gettext) -> dict[str, list[str]]:
    """A nomination form that did not decode: "必填项。" stays; anything else becomes the field's own sentence."""
    return {
        field: [gettext(m) if m == REQUIRED else gettext(BAD_FIELD[field]) if field in BAD_FIELD else m for m in messages]
        for field, messages in errors.items()
    }


def file_refusal(exc: AttachmentRefused, gettext: Gettext, max_bytes: int, types: list[str]) -> list[str]:
    """An upload refused by the attachment rules, in Chinese."""
    if exc.status == 413:
        return [gettext(TOO_LARGE) % {"limit": _size(max_bytes)}]
    if exc.status == 400:
        return [gettext(BAD_NAME) if "filename" in (p.path for p in exc.problems) else p.rule for p in exc.problems]
    if any("is empty" in p.rule for p in exc.problems):
        return [gettext(EMPTY_FILE)]
    return [gettext(BAD_TYPE) % {"types": "、".join(LABELS[t] for t in types)}]


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


__all__ = [
    "CHOOSE_PRESENT",
    "CHOOSE_UPHELD",
    "STAGES",
    "Gettext",
    "board_words",
    "file_refusal",
    "form_errors",
    "nomination_words",
    "refusal",
    "undecodable",
]

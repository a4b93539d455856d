"""Refusals of the honours board said in plain Chinese, next to the field they name.

A form that does not decode into the API's body (a blank or malformed field) and a use-case
refusal (`RuleError`, the API's own problems) both come here. The use-cases word their rules
in English for the API; each known rule is matched and said again in Chinese with its own
figures (dates, counts, codes). A rule not matched is shown as the API words it, so nothing
is ever hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import msgspec

from api.screens.i18n import N_
from scoring.errors import RuleError

Gettext = Callable[[str], str]
REQUIRED = N_("必填项。")
BAD_DATE = N_("请按“年-月-日”填写日期，例如 2026-12-07。")
BAD_VALUE = N_("填写有误：%(detail)s")
CHOOSE_UPHELD = N_("请选择异议是否成立。")
CHOOSE_PRESENT = N_("请勾选出席会议的委员。")
STAGES = {"nominating": N_("推荐与表决"), "on_notice": N_("公示中"), "final": N_("名单已确定")}
_RULES: tuple[tuple[str, str], ...] = (
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
_COMPILED = tuple((re.compile(pattern), message) for pattern, message in _RULES)
_MISSING = re.compile(r"missing required field `([^`]+)`(?: - at `\$\.?([^`]*)`)?")
_AT = re.compile(r"at `\$\.?([^`]*)`")


def in_chinese(rule: str, gettext: Gettext) -> str:
    for pattern, message in _COMPILED:
        if found := pattern.search(rule):
            values = found.groupdict()
            for key in ("stage", "wanted"):
                if key in values:
                    values[key] = gettext(STAGES.get(values[key], values[key]))
            return gettext(message) % values
    return rule


def refusal(exc: RuleError, gettext: Gettext, strip: str = "") -> dict[str, list[str]]:
    """The use-case's problems by field (the path without `strip`, e.g. "objection."), in Chinese."""
    out: dict[str, list[str]] = {}
    for problem in exc.problems:
        out.setdefault(problem.path.removeprefix(strip), []).append(in_chinese(problem.rule, gettext))
    return out


def undecodable(exc: msgspec.ValidationError, gettext: Gettext) -> dict[str, list[str]]:
    """A form that is not the API's body: the field named as the API names it ("period.start")."""
    message = str(exc)
    if missing := _MISSING.search(message):
        where = missing.group(2)
        return {f"{where}.{missing.group(1)}" if where else missing.group(1): [gettext(REQUIRED)]}
    at = _AT.search(message)
    path = at.group(1) if at else ""
    if "`date`" in message or "date" in message.split(" - ")[0].lower():
        return {path: [gettext(BAD_DATE)]}
    return {path: [gettext(BAD_VALUE) % {"detail": message}]}


__all__ = ["CHOOSE_PRESENT", "CHOOSE_UPHELD", "STAGES", "in_chinese", "refusal", "undecodable"]

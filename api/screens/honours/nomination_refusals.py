"""Refusals on the unit's nomination pages, said in plain Chinese next to the field they name,
with the rule named as the API names it ("超出名额（over_quota）：…").

The use-cases word the nomination rules in English for the API (`check_nomination`,
`nomination_access`, the attachment rules); the eligibility rules already give their reason
in Chinese. Each known rule is matched here and said again in Chinese with its figures; a
rule not matched is shown as the API words it, so nothing is hidden. A form that does not
decode into the API's body gets a sentence per field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from api.screens.chief.forms import REQUIRED
from api.screens.i18n import N_
from contests.attachments import AttachmentRefused
from contests.attachments.rules import LABELS
from scoring.errors import RuleError

Gettext = Callable[[str], str]
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


def in_chinese(rule: str, gettext: Gettext, quota: Mapping[str, object] | None = None) -> str:
    """One problem of the API in Chinese with its rule named; `quota` fills over_quota's figures
    (title, places, allowed, used) from what the page shows."""
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


def refusal(exc: RuleError, gettext: Gettext, quota: Mapping[str, object] | None = None) -> dict[str, list[str]]:
    """The use-case's problems by the field they name, in Chinese."""
    out: dict[str, list[str]] = {}
    for problem in exc.problems:
        out.setdefault(problem.path, []).append(in_chinese(problem.rule, gettext, quota))
    return out


def form_errors(errors: dict[str, list[str]], gettext: Gettext) -> dict[str, list[str]]:
    """A form that did not decode: "必填项。" stays; anything else becomes the field's own sentence."""
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


__all__ = ["file_refusal", "form_errors", "in_chinese", "refusal"]

"""The campaign's employee register (员工名册) and co-proposers' share confirmations.

- An employee login belongs to one registered employee of a campaign (工号, name, home unit):
  it writes drafts as that employee, and reads the submissions it is named on.
- Every proposer a draft names must be in the register, under the register's name: an
  employee cannot name an unregistered person, nor a colleague under another name.
- Before a submission is submitted, every co-proposer (every proposer but the writer's own
  employee) confirms their share; a confirmation counts while the share on the submission is
  still the confirmed one, so editing a draft's shares asks again. Until then submitting is
  refused, and the refusal says in plain Chinese who has not confirmed and what can be done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from contests.campaigns.submission import Proposer
from contests.fields import Code, Name
from scoring.errors import Problem


class Employee(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A registered employee: 工号, name, home unit (a unit code of the campaign) and the
    employee login tied to them, if they have one."""

    employee_no: Code
    name: Name
    unit: Code
    username: str | None = None


def proposer_problems(proposers: Sequence[Proposer], register: Mapping[str, Employee]) -> list[Problem]:
    """Proposers not in the register, or named otherwise than the register names them."""
    problems = []
    for i, p in enumerate(proposers):
        known = register.get(p.employee_no)
        if known is None:
            problems.append(
                Problem(f"proposers[{i}].employee_no", f"工号 {p.employee_no} 不在本活动的员工名册中：只能填写名册里登记的人员")
            )
        elif known.name != p.name:
            problems.append(Problem(f"proposers[{i}].name", f"工号 {p.employee_no} 在员工名册中的姓名是 {known.name}，不是 {p.name}"))
    return problems


def unconfirmed(proposers: Sequence[Proposer], writer_no: str | None, confirmed: Mapping[str, int]) -> list[Proposer]:
    """The co-proposers whose current share is not confirmed (`confirmed`: 工号 → the share
    of their latest confirmation). The writer's own share is theirs to submit."""
    return [p for p in proposers if p.employee_no != writer_no and confirmed.get(p.employee_no) != p.share_bp]


def unconfirmed_rule(pending: Sequence[Proposer]) -> str:
    """Why submitting is refused, and what can be done now, in plain Chinese."""
    who = "、".join(f"{p.name}（工号 {p.employee_no}，{p.share_bp / 100:.2f}%）" for p in pending)
    return (
        f"还有共同完成人没有确认自己的分配比例，暂时不能提交：{who}。"
        "现在可以：请他们登录后在这项成果上确认比例，或由组织方登记其书面确认；也可以先修改草稿，修改比例后需要重新确认。"
    )


__all__ = ["Employee", "proposer_problems", "unconfirmed", "unconfirmed_rule"]

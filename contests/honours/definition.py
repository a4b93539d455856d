"""An honours round (评比活动): its units, titles, committee and 公示 rule, as one msgspec
Struct tree: the schema of a definition file (`examples/honours.toml`), an API body and the
value the domain functions run on (the house pattern of `contests.definition`).

Each title (荣誉称号) declares:

- `kind`: "individual" (先进个人, 金牌员工) or "collective" (先进集体, 工人先锋号);
- `quota`: the total places, and how they go to units (`allocation`): by headcount share
  with largest remainder and an optional minimum per unit, or fixed by hand (quota.py);
- `eligibility`: rules checked from data (eligibility.py): the cooldown since the same
  title and the safety-accident bar (`contests.titles`; and, by months and severity, from
  the labour competitions' accident records, accident_records.py), a minimum tenure, not under
  disciplinary action, required results (a 流动红旗 count, a contest award);
- `voting`: the committee's rule (vote.py): "share_of_present" (passes with at least
  numerator/denominator of the members present, 2/3 by default) or "top_n" (the most yes
  votes within the quota); a tie at the quota boundary goes to a recorded run-off, or first
  to fewer no votes ("fewer_no") and then a run-off;
- `freed_place`: what an objection upheld during 公示 frees: "next_by_votes" or "leave_empty";
- `organisation`: for 优秀组织奖 only, the formula that awards it (no nomination, no vote).

`reference_date` is the date eligibility is judged on (tenure, disciplinary action): the
round's 截止日期. `validate_round` reports every problem with its path.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

from contests.attachments.rules import AttachmentRules
from contests.fields import Code, Name, NameEn, Slug, validation_problem
from contests.honours.accident_records import RecordedAccidentBar
from contests.honours.errors import RoundError
from contests.honours.organisation import OrganisationFormula
from contests.titles.bars import BarYears
from contests.titles.records import AccidentKind, Year
from scoring.errors import Problem, RuleError
from scoring.quota import MAX_HEADCOUNT, MAX_TOTAL, MAX_UNITS, share_quota

Kind = Literal["individual", "collective"]
Places = Annotated[int, msgspec.Meta(ge=0, le=MAX_TOTAL)]
MAX_ROUND_BYTES = 2 * 1024 * 1024


class _Def(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class Unit(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A unit (基层单位) taking part, with the headcount quotas are shared by."""

    code: Code
    name: Name
    headcount: Annotated[int, msgspec.Meta(ge=0, le=MAX_HEADCOUNT)]


class ByHeadcount(_Def, tag_field="method", tag="by_headcount", kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Places by headcount share, largest remainder; `minimum` places first to each unit
    with people (0: no minimum)."""

    minimum: Places = 0


class Fixed(_Def, tag_field="method", tag="fixed", kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Places fixed by hand per unit code; units not listed get none; must sum to the quota."""

    places: dict[Code, Places]


class RequiredResult(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A result the nominee must hold, e.g. 流动红旗 at least 3 times this year."""

    result: Name
    at_least: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1


class Eligibility(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Rules checked from data. None turns a rule off. Years count as in `contests.titles`."""

    cooldown_years: BarYears | None = 5
    accident_bar_years: BarYears | None = None
    accident_kinds: list[AccidentKind] = []
    # from the labour competitions' accident records: severity ≥ X within N months (accident_records.py)
    recorded_accident: RecordedAccidentBar | None = None
    min_tenure_years: Annotated[int, msgspec.Meta(ge=1, le=60)] | None = None
    no_disciplinary_action: bool = True
    required_results: list[RequiredResult] = []


class ShareOfPresent(_Def, tag_field="rule", tag="share_of_present", kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Passes with yes ≥ numerator/denominator of the members present for the nominee."""

    numerator: Annotated[int, msgspec.Meta(ge=1, le=100)] = 2
    denominator: Annotated[int, msgspec.Meta(ge=1, le=100)] = 3
    tie_break: Literal["run_off", "fewer_no"] = "run_off"


class TopN(_Def, tag_field="rule", tag="top_n", kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The nominees with the most yes votes, within the quota."""

    tie_break: Literal["run_off", "fewer_no"] = "run_off"


VotingRule = ShareOfPresent | TopN


class Title(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    id: Slug
    name: Name
    name_en: NameEn = ""
    kind: Kind
    quota: Places
    allocation: ByHeadcount | Fixed = ByHeadcount()
    eligibility: Eligibility = Eligibility()
    voting: VotingRule = ShareOfPresent()
    freed_place: Literal["next_by_votes", "leave_empty"] = "next_by_votes"
    # 差额推荐: a unit may nominate up to this many per place it holds (1: as many as its places),
    # so the committee chooses among more nominees than places and a boundary tie can arise
    nominations_per_place: Annotated[int, msgspec.Meta(ge=1, le=10)] = 1
    organisation: OrganisationFormula | None = None


class Member(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A committee member (评审委员): a login code, a name and the member's own unit."""

    code: Code
    name: Name
    unit: Code | None = None


class Committee(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    members: Annotated[list[Member], msgspec.Meta(min_length=1, max_length=200)]
    recuse_own_unit: bool = True
    open_voting: bool = False


class NoticeRule(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """公示 lasts at least `working_days` Monday–Friday days (RULES.md: commonly 5–7).
    Public holidays are not known to biwu: the organiser lengthens the period for them."""

    working_days: Annotated[int, msgspec.Meta(ge=1, le=60)] = 5


class Round(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    id: Slug
    name: Name
    name_en: NameEn = ""
    year: Year
    reference_date: date
    units: Annotated[list[Unit], msgspec.Meta(min_length=1, max_length=MAX_UNITS)]
    titles: Annotated[list[Title], msgspec.Meta(min_length=1, max_length=50)]
    committee: Committee
    notice: NoticeRule = NoticeRule()
    attachments: AttachmentRules = AttachmentRules()  # nominations' uploaded files: size limit, types, files per nomination

    def title(self, title_id: str) -> Title | None:
        return next((t for t in self.titles if t.id == title_id), None)

    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)


def validate_round(honours_round: Round) -> None:
    """Raise RoundError listing every problem; return None if the round is valid."""
    problems = round_problems(honours_round)
    if problems:
        raise RoundError(problems)


def round_problems(r: Round) -> list[Problem]:
    try:  # Structs built in Python skip msgspec's bounds; a round trip applies them
        msgspec.convert(msgspec.to_builtins(r), Round)
    except msgspec.ValidationError as exc:
        return [Problem(*validation_problem(exc))]
    problems = _duplicates([u.code for u in r.units], "units", "code")
    problems += _duplicates([t.id for t in r.titles], "titles", "id")
    problems += _duplicates([t.name for t in r.titles], "titles", "name")
    problems += _duplicates([m.code for m in r.committee.members], "committee.members", "code")
    codes = {u.code for u in r.units}
    for i, m in enumerate(r.committee.members):
        if m.unit is not None and m.unit not in codes:
            problems.append(Problem(f"committee.members[{i}].unit", f"unknown unit {m.unit!r}"))
    for i, t in enumerate(r.titles):
        problems += title_problems(t, r, f"titles[{i}]")
    return problems


def title_problems(t: Title, r: Round, path: str) -> list[Problem]:
    problems = []
    if t.organisation is not None:
        if t.kind != "collective":
            problems.append(Problem(f"{path}.kind", "an organisation award (优秀组织奖) goes to units: kind must be 'collective'"))
        return problems
    if t.eligibility.min_tenure_years is not None and t.kind == "collective":
        problems.append(Problem(f"{path}.eligibility.min_tenure_years", "tenure applies to individual titles only"))
    if isinstance(t.voting, ShareOfPresent) and t.voting.numerator > t.voting.denominator:
        problems.append(Problem(f"{path}.voting", f"a share of {t.voting.numerator}/{t.voting.denominator} is more than all members"))
    problems += _allocation_problems(t, r, f"{path}.allocation")
    return problems


def _allocation_problems(t: Title, r: Round, path: str) -> list[Problem]:
    if isinstance(t.allocation, Fixed):
        codes = {u.code for u in r.units}
        problems = [Problem(f"{path}.places.{c}", f"unknown unit {c!r}") for c in t.allocation.places if c not in codes]
        given = sum(t.allocation.places.values())
        if given != t.quota:
            problems.append(Problem(f"{path}.places", f"places fixed by hand sum to {given}, the quota is {t.quota}"))
        return problems
    try:
        share_quota(t.quota, [u.headcount for u in r.units], minimum=t.allocation.minimum)
    except RuleError as exc:
        return [Problem(f"{path}.{p.path}" if p.path == "minimum" else path, p.rule) for p in exc.problems]
    return []


def _duplicates(values: list, path: str, field: str) -> list[Problem]:
    seen: dict = {}
    problems = []
    for i, v in enumerate(values):
        if v in seen:
            problems.append(Problem(f"{path}[{i}].{field}", f"{v!r} is already used at {path}[{seen[v]}]"))
        seen.setdefault(v, i)
    return problems


def decode_round(data: bytes | str, fmt: Literal["json", "toml"] = "toml", *, validate: bool = True) -> Round:
    """Decode a round file or body; type and rule errors both raise RoundError."""
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > MAX_ROUND_BYTES:
        raise RoundError.at("", f"the definition is {size} bytes, at most {MAX_ROUND_BYTES} allowed")
    decoder = msgspec.json.decode if fmt == "json" else msgspec.toml.decode
    try:
        honours_round = decoder(data, type=Round)
    except msgspec.ValidationError as exc:
        raise RoundError.at(*validation_problem(exc)) from exc
    except (msgspec.DecodeError, UnicodeError) as exc:
        raise RoundError.at("", f"not valid {fmt.upper()}: {exc}") from exc
    if validate:
        validate_round(honours_round)
    return honours_round


__all__ = [
    "ByHeadcount",
    "Committee",
    "Eligibility",
    "Fixed",
    "Kind",
    "Member",
    "NoticeRule",
    "RequiredResult",
    "Round",
    "ShareOfPresent",
    "Title",
    "TopN",
    "Unit",
    "VotingRule",
    "decode_round",
    "round_problems",
    "title_problems",
    "validate_round",
]

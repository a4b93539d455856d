"""Honours rounds (评比表彰, issue 13): the versioned round definition and its quota
allocation, unit nominators, candidates' facts, the shared award history, nominations and
the organiser's board. The committee's vote: `api.routes.honours_committee`; 公示, the final
list, 优秀组织奖 and the outputs: `api.routes.honours_lists`.

Roles: the organiser (工会) runs a round; a unit nominator is an employee login the
organiser tied to one unit (as labour's unit reporter): it nominates for that unit, reads
and withdraws that unit's nominations only (another unit's are 404); committee members are
reviewer logins named in the round's committee. Anyone signed in with a part in honours
(organiser, employee, reviewer, viewer) reads the round and its allocation.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, ORGANISER, REVIEWER, VIEWER, allow
from api.bodies import strict_body
from api.routes.params import Version
from contests.fields import CODE_PATTERN, INT32_MAX, SLUG_PATTERN
from contests.honours import Round
from contests.honours.export import to_csv, to_xlsx
from contests.usecases.honours import board, nominations, outputs, people, rounds
from contests.usecases.honours.views import (
    AllocationsView,
    BoardView,
    CandidatesBody,
    EligibilityLine,
    HistoryBody,
    HistoryView,
    NominationDraft,
    NominationView,
    NominatorAssignment,
    RoundView,
    WithdrawBody,
)

RoundId = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="Honours round id (from POST /honours)")]
TitleId = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=SLUG_PATTERN, description="Title id from the round")]
Code = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="Nomination id, e.g. N001")]

RUNS = {"guards": [allow(ORGANISER)], "responses": problems.WRITE}
NOMINATES = (ORGANISER, EMPLOYEE)
READERS = (ORGANISER, EMPLOYEE, REVIEWER, VIEWER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
_TOML_NOTE = " The body may also be sent as TOML with `Content-Type: application/toml` (examples/honours.toml)."


def attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


class HonoursController(Controller):
    path = "/honours"
    tags = ["honours"]

    @post("/", description="Define an honours round: units with headcounts, titles (kind, quota, allocation, eligibility, voting rule, "
          "freed place, or an organisation formula), the committee and the 公示 rule. 409 names every problem. Roles: organiser." + _TOML_NOTE,
          **RUNS)  # fmt: skip
    async def create(self, data: RequestBody[Round], session: NamedDependency[AsyncSession], request: Request) -> RoundView:
        return await rounds.create_round(session, request.user, await strict_body(request, data))

    @get("/{round_id:int}", guards=[allow(*READERS)], responses=problems.READ)
    async def get_round(self, round_id: RoundId, session: NamedDependency[AsyncSession], version: Version = None) -> RoundView:
        """A round's definition, the latest version unless `version` is given. Roles: organiser, employee, reviewer, viewer."""
        return await rounds.get_round(session, round_id, version)

    @post("/{round_id:int}/versions", **RUNS)
    async def new_version(
        self, round_id: RoundId, data: RequestBody[Round], session: NamedDependency[AsyncSession], request: Request
    ) -> RoundView:
        """Store the next version of the definition; 409 once nominations exist. Roles: organiser."""
        return await rounds.new_version(session, request.user, round_id, await strict_body(request, data))

    @get("/{round_id:int}/allocation", guards=[allow(*READERS)], responses=problems.READ)
    async def allocation(self, round_id: RoundId, session: NamedDependency[AsyncSession]) -> AllocationsView:
        """名额分配: each title's places per unit with the arithmetic (share, exact quota, floor,
        remainder as a fraction, the places left over by largest remainder). Roles: organiser, employee, reviewer, viewer."""
        return await rounds.get_allocations(session, round_id)

    @get("/{round_id:int}/allocation.csv", guards=[allow(*READERS)], responses=problems.READ, media_type=CSV)
    async def allocation_csv(self, round_id: RoundId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The allocation as CSV with Chinese headers. Roles: organiser, employee, reviewer, viewer."""
        return Response(to_csv(await outputs.allocation_export(session, round_id)), media_type=CSV, headers=attachment("allocation.csv"))

    @get("/{round_id:int}/allocation.xlsx", guards=[allow(*READERS)], responses=problems.READ, media_type=XLSX)
    async def allocation_xlsx(self, round_id: RoundId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The allocation as XLSX with Chinese headers, set up for A4. Roles: organiser, employee, reviewer, viewer."""
        return Response(to_xlsx(await outputs.allocation_export(session, round_id)), media_type=XLSX, headers=attachment("allocation.xlsx"))

    @post("/{round_id:int}/nominators", **RUNS)
    async def assign_nominator(
        self, round_id: RoundId, data: RequestBody[NominatorAssignment], session: NamedDependency[AsyncSession], request: Request
    ) -> NominatorAssignment:
        """Tie an employee login to one unit: it nominates for that unit only. Roles: organiser."""
        return await people.assign_nominator(session, request.user, round_id, await strict_body(request, data))

    @post("/{round_id:int}/candidates", **RUNS)
    async def record_candidates(
        self, round_id: RoundId, data: RequestBody[CandidatesBody], session: NamedDependency[AsyncSession], request: Request
    ) -> int:
        """Record the facts eligibility is judged on (unit, kind, hire date, disciplinary action,
        results such as 流动红旗 counts); a code sent again is a new version. Returns how many. Roles: organiser."""
        return await people.record_candidates(session, request.user, round_id, await strict_body(request, data))

    @post("/history", **RUNS)
    async def import_history(self, data: RequestBody[HistoryBody], session: NamedDependency[AsyncSession], request: Request) -> HistoryView:
        """Append past titles and safety accidents to the award history shared by every round
        and labour competition (cooldowns, accident bars); all or nothing. Roles: organiser."""
        return await people.import_history(session, request.user, await strict_body(request, data))

    @get("/{round_id:int}/board", guards=[allow(ORGANISER)], responses=problems.READ)
    async def get_board(self, round_id: RoundId, session: NamedDependency[AsyncSession], request: Request) -> BoardView:
        """Quota use per title and unit, nominations by state. Roles: organiser."""
        return await board.board(session, request.user, round_id)

    @get("/{round_id:int}/titles/{title_id:str}/eligibility", guards=[allow(ORGANISER)], responses=problems.READ)
    async def eligibility(
        self, round_id: RoundId, title_id: TitleId, session: NamedDependency[AsyncSession], request: Request
    ) -> list[EligibilityLine]:
        """Every recorded candidate of the title's kind with the rules that refuse them. Roles: organiser."""
        return await board.eligibility(session, request.user, round_id, title_id)

    @post("/{round_id:int}/nominations", guards=[allow(*NOMINATES)], responses=problems.WRITE)
    async def nominate(
        self, round_id: RoundId, data: RequestBody[NominationDraft], session: NamedDependency[AsyncSession], request: Request
    ) -> NominationView:
        """Nominate for a title with the 事迹 and attachment references. 409 naming the rule when
        over quota (`over_quota`) or ineligible (`cooldown`, `accident_bar`, `min_tenure`,
        `disciplinary_action`, `required_result`, `kind`…). Roles: organiser, employee (unit nominator)."""
        return await nominations.nominate(session, request.user, round_id, await strict_body(request, data))

    @get("/{round_id:int}/nominations", guards=[allow(*NOMINATES)], responses=problems.READ)
    async def list_nominations(self, round_id: RoundId, session: NamedDependency[AsyncSession], request: Request) -> list[NominationView]:
        """The round's nominations (a nominator: their unit's). Roles: organiser, employee (unit nominator)."""
        return await nominations.list_nominations(session, request.user, round_id)

    @get("/{round_id:int}/nominations/{code:str}", guards=[allow(*NOMINATES)], responses=problems.READ)
    async def get_nomination(
        self, round_id: RoundId, code: Code, session: NamedDependency[AsyncSession], request: Request
    ) -> NominationView:
        """A nomination with its state history. Roles: organiser, employee (own unit)."""
        return await nominations.get_nomination(session, request.user, round_id, code)

    @post("/{round_id:int}/nominations/{code:str}/withdraw", status_code=200, guards=[allow(*NOMINATES)], responses=problems.WRITE)
    async def withdraw(
        self, round_id: RoundId, code: Code, data: RequestBody[WithdrawBody], session: NamedDependency[AsyncSession], request: Request
    ) -> NominationView:
        """Withdraw a nomination before the committee sits on its title (409 after). Roles: organiser, employee (own unit)."""
        return await nominations.withdraw(session, request.user, round_id, code, (await strict_body(request, data)).reason)


__all__ = ["Code", "HonoursController", "RoundId", "TitleId", "attachment", "strict_body"]

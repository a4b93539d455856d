"""People of a campaign: the employee register (员工名册) and co-proposers' share confirmations.

- the organiser registers employees (工号, name, home unit) and ties each employee login to
  one of them; an employee login writes drafts only once it is registered;
- employees read the register (names and units, no logins) to name co-proposers by 工号,
  and their own entry (`/employees/me`);
- a co-proposer confirms their share of a draft with their own login, or the organiser
  records a confirmation signed on paper with the reason; submitting is refused (409, in
  plain Chinese) until every co-proposer has confirmed their current share.
"""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, FINANCE, ORGANISER, allow
from api.routes.campaigns import CampaignId, SubmissionId
from contests.campaigns.register import Employee
from contests.usecases.campaigns import people as uc
from contests.usecases.campaigns.views import EmployeeBody, ShareConfirmationBody, ShareConfirmationView


class EmployeeController(Controller):
    path = "/campaigns/{campaign_id:int}/employees"
    tags = ["campaigns"]

    @post("/", guards=[allow(ORGANISER)], responses=problems.WRITE)
    async def register_employee(
        self, campaign_id: CampaignId, data: RequestBody[EmployeeBody], session: NamedDependency[AsyncSession], request: Request
    ) -> Employee:
        """Register an employee (工号, name, home unit) and optionally tie an employee login
        to them. 409 if the 工号 or login is taken, the unit unknown or the login not an
        employee account. Roles: organiser."""
        return await uc.register_employee(session, request.user, campaign_id, data)

    @get("/", guards=[allow(ORGANISER, FINANCE, EMPLOYEE)], responses=problems.READ)
    async def list_employees(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], request: Request) -> list[Employee]:
        """The employee register in order of registration (employees see no logins).
        Roles: organiser, finance, employee."""
        return await uc.list_employees(session, request.user, campaign_id)

    @get("/me", guards=[allow(EMPLOYEE)], responses=problems.READ)
    async def my_employee(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], request: Request) -> Employee:
        """The registered employee the calling login belongs to (404 if not registered).
        Roles: employee."""
        return await uc.my_employee(session, request.user, campaign_id)


class ShareConfirmationController(Controller):
    path = "/campaigns/{campaign_id:int}/submissions/{submission_id:int}/confirmations"
    tags = ["submissions"]

    @post("/", guards=[allow(EMPLOYEE, ORGANISER)], responses=problems.WRITE)
    async def confirm_share(
        self,
        campaign_id: CampaignId,
        submission_id: SubmissionId,
        data: RequestBody[ShareConfirmationBody],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> list[ShareConfirmationView]:
        """Confirm a share of a draft: a co-proposer their own (`share_bp` as shown), or the
        organiser a paper confirmation (`employee_no` and `reason`). 409 if the draft is
        submitted, the 工号 is not a proposer or the share has changed. Returns every
        proposer's standing. Roles: employee (a proposer), organiser."""
        return await uc.confirm_share(session, request.user, campaign_id, submission_id, data)

    @get("/", guards=[allow(ORGANISER, FINANCE, EMPLOYEE)], responses=problems.READ)
    async def share_confirmations(
        self, campaign_id: CampaignId, submission_id: SubmissionId, session: NamedDependency[AsyncSession], request: Request
    ) -> list[ShareConfirmationView]:
        """Every proposer's share and whether it is confirmed (404 for an employee who neither
        wrote the submission nor is named on it). Roles: organiser, finance, employee."""
        return await uc.share_confirmations(session, request.user, campaign_id, submission_id)

"""The audit log of a contest: who changed what, when (newest first)."""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import STAFF, allow
from api.routes.params import ContestId, Limit, Offset
from contests.usecases.core import audit_log as uc
from contests.usecases.core.audit_log import AuditEntry


@get("/contests/{contest_id:int}/audit", tags=["audit"], guards=[allow(*STAFF)], responses=problems.READ)
async def list_audit(
    contest_id: ContestId, session: NamedDependency[AsyncSession], limit: Limit = 100, offset: Offset = 0
) -> list[AuditEntry]:
    """Audit events of the contest, newest first. Roles: organiser, chief judge."""
    return await uc.list_audit(session, contest_id, limit=limit, offset=offset)

"""Liveness and database reachability, for load balancers and `make run` users alike."""

from __future__ import annotations

import logging
from typing import Literal

import msgspec
from litestar import get
from litestar.di import NamedDependency
from litestar.exceptions import ServiceUnavailableException
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems

log = logging.getLogger("biwu.api")


class Health(msgspec.Struct):
    status: Literal["ok"]
    database: Literal["ok"]


@get("/health", tags=["service"], security=[{}], exclude_from_auth=True, responses=problems.responses(400, 503))
async def health(session: NamedDependency[AsyncSession]) -> Health:
    """200 when the service and its database answer, 503 when the database does not. Anonymous."""
    try:
        await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        log.error("health check: database unreachable: %s", exc)
        raise ServiceUnavailableException("the database does not answer") from exc
    return Health(status="ok", database="ok")

"""Pages of long lists (standings rows, competitors): `?offset=&limit=`, both optional.

Without them an answer is the whole list, as it always was. A bounded `limit` keeps one
answer small at provincial and national scale; a value outside the bounds is a 400 naming
the parameter (Litestar checks the published bounds). `X-Total-Count` tells the client how
many entries there are in all, so it can ask for the next page.
"""

from __future__ import annotations

from typing import Annotated

from litestar.datastructures import ResponseHeader
from litestar.params import QueryParameter

from contests.fields import INT32_MAX

MAX_LIMIT = 1000

# not `int | None`: Litestar leaves a falsy bound (ge=0) out of an optional parameter's schema
PageOffset = Annotated[int, QueryParameter(ge=0, le=INT32_MAX, description="Skip this many entries (paging)")]
PageLimit = Annotated[
    int | None, QueryParameter(ge=1, le=MAX_LIMIT, description=f"At most this many entries (paging, 1–{MAX_LIMIT}; all if left out)")
]

TOTAL_COUNT = "X-Total-Count"
TOTAL_COUNT_HEADER = ResponseHeader(
    name=TOTAL_COUNT, documentation_only=True, description="How many entries the whole list has (for paging with offset and limit)"
)


def window(offset: int, limit: int | None) -> slice | None:
    """The slice of one page; None for the whole list (no limit, nothing skipped)."""
    if offset == 0 and limit is None:
        return None
    return slice(offset, None if limit is None else offset + limit)


__all__ = ["MAX_LIMIT", "TOTAL_COUNT", "TOTAL_COUNT_HEADER", "PageLimit", "PageOffset", "window"]

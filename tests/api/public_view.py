"""What the anonymous results JSON shows of an organiser's publish answer (issue 10 item 3)."""

from __future__ import annotations

import copy


def without_private(snapshot: dict) -> dict:
    """The publish answer as the public JSON serves it: every row's employee_no is null."""
    public = copy.deepcopy(snapshot)
    for row in public["standings"]["rows"]:
        row["employee_no"] = None
    return public

"""A small honours round ready for its 公示, shared by the board's HTTP tests and its browser
flow (issue 13): the round of tests/api/honours_support.py; 先进个人 has five nominations
(E01 and E02 of U01, E07 of U02, E04 of U03, E11 of U04), all voted in by the seven
members (c01 and c02 recused from their own unit's); then E02 wins 先进个人 in 2025 in the
award history, so the board flags it under the 3-year cooldown (rule named)."""

from __future__ import annotations

from litestar.testing import TestClient

from api.app import create_app
from contests.accounts import Actor
from contests.usecases.honours import votes
from contests.usecases.honours.views import BallotBody, BallotLine
from tests.api.conftest import SECRET, run_on
from tests.api.honours_support import MEMBERS, NOMINATORS, SHARED_PASSWORD, create_round
from tests.factories.logins import add_logins, log_in

TITLE = "advanced-individual"
NOMINEES = (("U01", "E01"), ("U01", "E02"), ("U02", "E07"), ("U03", "E04"), ("U04", "E11"))
FLAGGED = "N002"  # E02, barred by the cooldown once the history records its 2025 title
START, END, RECEIVED, DECIDED, FINAL_ON = "2026-12-07", "2026-12-11", "2026-12-08", "2026-12-09", "2026-12-14"
ACCOUNTS = {"org": "organiser", "judge1": "judge"} | {m: "reviewer" for m in MEMBERS} | {n: "employee" for n in NOMINATORS.values()}


def set_up(url: str) -> int:
    run_on(url, lambda session: add_logins(session, ACCOUNTS, password=SHARED_PASSWORD))
    with TestClient(create_app(url, secret=SECRET)) as client:
        org = log_in(client, "org", SHARED_PASSWORD)
        rid = create_round(client, org)
        for unit, nominee in NOMINEES:
            body = {"title": TITLE, "unit": unit, "nominee": nominee, "record": f"{nominee}爱岗敬业，带头攻关，事迹突出。"}
            assert client.post(f"/honours/{rid}/nominations", json=body, headers=org).status_code == 201
        history = {"awards": [{"holder": "E02", "title": "先进个人", "year": 2025}]}
        assert client.post("/honours/history", json=history, headers=org).status_code == 201
        base = f"/honours/{rid}/titles/{TITLE}"
        assert client.post(f"{base}/sittings", json={"present": list(MEMBERS)}, headers=org).status_code == 201
        run_on(url, lambda session: _ballots(session, rid))  # the members' ballots through the API's use-case (no 7 sign-ins)
        assert client.post(f"{base}/tally", headers=org).status_code == 200
    return rid


async def _ballots(session, rid: int) -> None:
    codes = [f"N{k:03d}" for k in range(1, len(NOMINEES) + 1)]
    recused = {"c01": {"N001", "N002"}, "c02": {"N003"}}
    for member in MEMBERS:
        lines = [BallotLine(nomination=c, choice="yes") for c in codes if c not in recused.get(member, set())]
        await votes.cast_ballots(session, Actor(username=member, role="reviewer"), rid, TITLE, BallotBody(ballots=lines))


__all__ = ["DECIDED", "END", "FINAL_ON", "FLAGGED", "RECEIVED", "START", "TITLE", "set_up"]

"""A whole contest day through the HTTP API, for both example events of one contest: judges
log in and read their blind sheets, send batches (some retried with the same
Idempotency-Key), correct a mark with a reason and sign; the chief judge watches progress,
locks, decides appeals and unblinds; the organiser publishes and republishes; the public
reads the snapshots. Every total is checked against a computation done by hand here.

Rules exercised (shared RULES.md): theory 30% + practical 70% (Anhui 2021); the welder's
5-judge trimmed mean dropping highest and lowest (CNPC 2007), a criterion veto (a pore
zeroes the visual table) and an aspect veto (an unfinished cap zeroes cap height); the
electrician's deductions that stop at their allocation, a disqualification (two damaged
devices) and the team score of the best members (Zoucheng contest rules).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.api.public_view import without_private
from tests.api.test_judging_fixtures import (
    ELECTRICIAN_MARKS,
    ELECTRICIAN_THEORY,
    ELECTRICIAN_TIMES,
    ELECTRICIANS,
    WELDER_THEORY,
    WELDER_TIMES,
    batch,
    ok,
    set_up_day,
    sign_and_lock,
    welder_practical,
)

pytestmark = pytest.mark.db


def units(x: float) -> int:
    """Hundredths, rounded half up, as both events declare (2 places, half_up, on the total)."""
    return int(Decimal(repr(x)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP") * 100)


@pytest.fixture
def day(client, run, headers):
    return set_up_day(client, run, headers["organiser"], headers["chief_judge"])


# ---------------------------------------------------------------- welder, by hand
#
# practical: scheme 125 (visual table 100 + workmanship 5 judgements × 5 marks) scaled to
# 100, so ×0.8; a judgement aspect scores (trimmed panel mean / 3) × 5; recused judges are
# left out of the panel (P1 for W1, W2: trimmed mean of 4). total = 0.3 theory + 0.7 practical.
W1 = 0.3 * 90 + 0.7 * (100 + 25) * 0.8  # groove [3,3,3,2] → drop a 3 and the 2 → 3
W2 = 0.3 * 80 + 0.7 * ((100 - 16 + 12) + 5 * (2 / 3 * 5)) * 0.8  # cap 1.5 mm → 12; all 2s
W3 = 0.3 * 95 + 0.7 * (0 + 25) * 0.8  # one judge's pore: the whole visual criterion is 0
W4 = 0.3 * 70 + 0.7 * ((100 - 16) + 5 * (2 / 3 * 5)) * 0.8  # cap unfinished → cap 0; [3,2,2,2,1] → 2
W5 = 0.3 * 60 + 0.7 * ((100 - 20 + 8) + 25) * 0.8  # undercut 16 mm → band ≤ 30 → 8
W6 = 0.3 * 60 + 0.7 * ((100 - 20 + 14) + 25) * 0.8  # undercut 15 mm → band ≤ 15 → 14
W5_AFTER_APPEAL = W6  # remeasured at 15 mm


def test_the_welder_day(day, client, headers):
    url = lambda path: day.url("welder", path)  # noqa: E731

    # judges read their sheets: blind codes × aspects, P1 recused from the two TLGS welders, whose
    # rows are simply not on P1's sheet (issue 10: they were, marked recused)
    sheet = ok(client.get(url("modules/practical/sheet"), headers=day.judges["P1"]))
    assert sheet["blind"] and sheet["judge"] == "P1" and len(sheet["rows"]) == 4
    assert len(sheet["aspects"]) == 22 and sum(a["owed"] for a in sheet["aspects"]) == 13
    assert all(r["name"] is None and r["unit"] is None and r["employee_no"] is None for r in sheet["rows"])
    assert {r["blind_code"] for r in sheet["rows"]} == {day.code(f"HJ-W{k}") for k in (3, 4, 5, 6)}
    assert all("recused" not in r for r in sheet["rows"])
    assert sheet["owed"] == 4 * 13
    groove = next(a for a in sheet["aspects"] if a["id"] == "groove_preparation")
    assert groove["kind"] == "judgement" and groove["descriptors"][3] == "优秀"

    # P1 sends one batch; P2 one batch, retried with the same key after a lost answer
    ok(day.marks("welder", "P1", batch(day, "practical", welder_practical("P1"))), 201)
    first = day.marks("welder", "P2", batch(day, "practical", welder_practical("P2")), key="tablet-P2-0001")
    again = day.marks("welder", "P2", batch(day, "practical", welder_practical("P2")), key="tablet-P2-0001")
    assert (first.status_code, again.status_code) == (201, 201) and first.content == again.content
    assert first.json()["created"] == 6 * 13 + 1 and first.json()["judge"] == "P2"  # + W4's unfinished cap
    # P3 in two halves, the second retried twice; P4 and P5 in one batch each
    p3 = list(welder_practical("P3").items())
    ok(day.marks("welder", "P3", batch(day, "practical", dict(p3[:3])), key="P3-a"), 201)
    answers = [day.marks("welder", "P3", batch(day, "practical", dict(p3[3:])), key="P3-b") for _ in range(3)]
    assert {(a.status_code, a.content) for a in answers} == {(201, answers[0].content)}
    for judge in ("P4", "P5"):
        ok(day.marks("welder", judge, batch(day, "practical", welder_practical(judge)), key=f"{judge}-all"), 201)
    # the same key with other marks is refused, not answered with the first answer
    reused = day.marks("welder", "P4", batch(day, "practical", {"HJ-W1": {"tack_welding": 2}}), key="P4-all")
    assert reused.status_code == 409 and reused.json()["errors"][0]["path"] == "Idempotency-Key"

    # theory: T1 types 85 for W2, then corrects it to 80 (a correction needs a reason)
    theory = {no: {"theory_mark": v} for no, v in WELDER_THEORY.items()} | {"HJ-W2": {"theory_mark": 85}}
    ok(day.marks("welder", "T1", batch(day, "theory", theory)), 201)
    fix = batch(day, "theory", {"HJ-W2": {"theory_mark": 80}})
    refused = day.marks("welder", "T1", fix)
    assert refused.status_code == 409 and refused.json()["errors"][0]["path"] == "marks[0].reason"
    corrected = ok(day.marks("welder", "T1", batch(day, "theory", {"HJ-W2": {"theory_mark": 80}}, reason="看错行")), 201)
    assert (corrected["corrected"], corrected["marks"][0]["version"], corrected["marks"][0]["value"]) == (1, 2, "80")
    query = f"?module_id=theory&blind_code={day.code('HJ-W2')}&aspect_id=theory_mark"
    own = ok(client.get(url("marks/history" + query), headers=day.judges["T1"]))
    assert [(h["version"], h["value"], h["reason"]) for h in own] == [(1, "85", None), (2, "80", "看错行")]
    assert ok(client.get(url("marks/history" + query + "&judge=T1"), headers=day.chief)) == own

    times = [{"blind_code": day.code(no), "seconds": s} for no, s in WELDER_TIMES.items()]
    assert ok(client.post(url("modules/practical/times"), json={"times": times}, headers=day.chief), 201)["created"] == 2

    progress = ok(client.get(url("progress"), headers=day.chief))
    assert [(m["module_id"], m["owed"], m["unsigned"]) for m in progress["modules"]] == [("theory", 0, 1), ("practical", 0, 5)]
    assert [j["recused"] for j in progress["modules"][1]["judges"]] == [2, 0, 0, 0, 0]

    provisional = ok(client.get(url("standings"), headers=day.chief))
    assert provisional["snapshot"] == 0 and provisional["blind"] and all(r["name"] is None for r in provisional["rows"])
    expected = {"HJ-W1": W1, "HJ-W2": W2, "HJ-W3": W3, "HJ-W4": W4, "HJ-W5": W5, "HJ-W6": W6}
    assert _totals(provisional, day) == {no: units(x) for no, x in expected.items()}
    assert _totals(provisional, day) == {"HJ-W1": 9700, "HJ-W2": 8709, "HJ-W3": 4250, "HJ-W4": 7737, "HJ-W5": 8128, "HJ-W6": 8464}
    assert ok(client.get(url("standings"), headers=day.organiser))["rows"] == provisional["rows"]
    analytics = ok(client.get(url("analytics"), headers=day.chief))
    assert [j["judge"] for j in analytics["modules"][1]["judges"]] == ["P1", "P2", "P3", "P4", "P5"]

    # sign, lock, unblind, publish
    sign_and_lock(day, "welder")
    locks = ok(client.get(url("locks"), headers=day.organiser))
    assert [(lk["module_id"], lk["state"], lk["forced"]) for lk in locks] == [("theory", "locked", False), ("practical", "locked", False)]
    after_lock = day.marks("welder", "P2", batch(day, "practical", {"HJ-W1": {"tack_welding": 2}}, reason="改"))
    assert after_lock.status_code == 409 and "locked" in after_lock.json()["detail"]
    ok(client.post(url("unblind"), headers=day.chief), 201)
    # P2's sheet: P1's leaves off the two welders of P1's own unit (issue 10)
    named = ok(client.get(url("modules/practical/sheet"), headers=day.judges["P2"]))
    assert not named["blind"] and {r["name"] for r in named["rows"]} == {"张三", "李四", "王五", "赵六", "孙七", "周八"}

    first = ok(client.post(url("publish"), headers=day.organiser), 201)
    assert (first["number"], first["changes"], first["standings"]["snapshot"], first["definition_version"]) == (1, [], 1, 1)
    rows = first["standings"]["rows"]
    assert [r["name"] for r in rows] == ["张三", "李四", "周八", "孙七", "赵六", "王五"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [r["award"] for r in rows] == ["一等奖", "二等奖", "二等奖", "二等奖", "三等奖", "三等奖"]
    assert [bool(r["titles"]) for r in rows] == [True] * 5 + [False]  # 技术能手: top 5 passing both modules
    assert rows[0]["module_units"] == [9000, units(125 * 0.8)]

    # W5's team lead appeals the undercut measurement; upheld: every judge's 16 mm becomes 15 mm
    filing = {"module_id": "practical", "employee_no": "HJ-W5", "grounds": "咬边长度测量有误", "appellant": "芜湖领队"}
    appeal = ok(client.post(url("appeals"), json=filing, headers=day.organiser), 201)
    assert appeal["status"] == "open" and appeal["blind_code"] == day.code("HJ-W5")
    corrections = [{"judge": f"P{k}", "aspect_id": "undercut", "value": 15} for k in range(1, 6)]
    decision = {"decision": "upheld", "reason": "复测为15mm", "corrections": corrections}
    decided = ok(client.post(f"/contests/{day.cid}/appeals/{appeal['id']}/decision", json=decision, headers=day.chief), 201)
    assert decided["status"] == "upheld"
    assert [(c["judge"], c["old"], c["new"], c["version"]) for c in decided["corrections"]] == [
        (f"P{k}", "16", "15", 2) for k in range(1, 6)
    ]
    assert ok(client.get(f"/contests/{day.cid}/appeals/{appeal['id']}", headers=day.organiser)) == decided
    assert [a["id"] for a in ok(client.get(url("appeals"), headers=day.chief))] == [appeal["id"]]
    again = client.post(f"/contests/{day.cid}/appeals/{appeal['id']}/decision", json=decision, headers=day.chief)
    assert again.status_code == 409 and "final" in again.json()["detail"]

    second = ok(client.post(url("publish"), headers=day.organiser), 201)
    assert second["number"] == 2
    assert _totals(second["standings"], day)["HJ-W5"] == units(W5_AFTER_APPEAL) == 8464
    changed = {(c["competitor"], c["field"]): (c["old"], c["new"]) for c in second["changes"]}
    w5 = day.code("HJ-W5")
    assert changed[(w5, "total")] == ("81.28", "84.64")
    assert changed[(w5, "modules.practical")] == ("90.40", "95.20")
    assert {c["competitor"] for c in second["changes"]} <= {w5, day.code("HJ-W6")}
    # W5 and W6 now tie on total and practical: less practical time puts W6 (1750.5 s) first
    assert [r["name"] for r in second["standings"]["rows"]][2:4] == ["周八", "孙七"]
    assert second["standings"]["rows"][2]["decided_by_en"] == "tie: less Practical: plate butt joint time"
    history = ok(client.get(url(f"marks/history?module_id=practical&blind_code={w5}&aspect_id=undercut&judge=P3"), headers=day.chief))
    assert [(h["value"], h["appeal_id"]) for h in history] == [("16", None), ("15", appeal["id"])]

    # the public reads both snapshots, unchanged
    public = f"/public/contests/{day.cid}/events/welder/results.json"
    assert ok(client.get(public)) == without_private(second)
    assert ok(client.get(public + "?number=1")) == without_private(first)
    page = client.get(f"/public/contests/{day.cid}")
    assert page.status_code == 200 and "一等奖" in page.text and "张三" in page.text

    actions = {e["action"] for e in ok(client.get(f"/contests/{day.cid}/audit?limit=1000", headers=day.chief))}
    assert {"marks.submit", "mark.correct", "times.record", "sheet.sign", "module.lock", "event.unblind",
            "standings.publish", "appeal.file", "appeal.upheld"} <= actions  # fmt: skip


def _totals(standings: dict, day, prefix: str = "HJ-") -> dict[str, int]:
    """employee number → total units (blind codes are per event: only this event's people)."""
    by_code = {r["blind_code"]: r["total_units"] for r in standings["rows"]}
    return {no: by_code[code] for no, code in day.codes.items() if no.startswith(prefix)}


# ---------------------------------------------------------------- electrician, by hand
#
# motor control (scheme 50 → scaled 100, ×2): correctness 20 (−5 per wiring error, never
# below 0), neatness 10 and tool use 10 (judgements, (mean / 3) × 10), safety 10 (−5 per
# occurrence, never below 0; two damaged devices disqualify). Mean of the 3-judge panel (M1
# of unit TLGS is recused from E1–E3 → mean of 2). Fault finding (100): 3 faults pass/fail ×
# 20, repair out of 30, record judgement out of 10. total = .3 theory + .4 motor + .3 fault.
E1 = 0.3 * 85 + 0.4 * (20 + 10 + 10 * 2 / 3 + 10) * 2 + 0.3 * (60 + (30 + 30 + 27) / 3 + 10)
E2 = 0.3 * 70 + 0.4 * (0 + 10 * 2 / 3 + 10 * 2 / 3 + 0) * 2 + 0.3 * (40 + 20 + 10 * 2 / 3)  # 4–5 errors: 20 → 0 (capped); safety −15 → 0
E4 = 0.3 * 90 + 0.4 * 50 * 2 + 0.3 * 100
E5 = E1  # the same marks as E1: the tie goes to less total time (2600 s against 2700 s)


def test_the_electrician_day(day, client):
    url = lambda path: day.url("electrician", path)  # noqa: E731
    sheet = ok(client.get(url("modules/motor_control/sheet"), headers=day.judges["M1"]))
    recused = {day.code(no) for no in ("DG-E1", "DG-E2", "DG-E3")}  # M1's own unit: not on M1's sheet (issue 10)
    assert recused.isdisjoint(r["blind_code"] for r in sheet["rows"]) and len(sheet["rows"]) == len(ELECTRICIANS) - 3
    safety = [a for a in sheet["aspects"] if a["criterion"] == "safety"]
    assert [a["kind"] for a in safety] == ["deduction"] * 4 + ["veto"] and safety[1]["disqualify_at"] == 2

    for module, by_judge in ELECTRICIAN_MARKS.items():
        for judge, marks in by_judge.items():
            body = batch(day, module, marks)
            answers = [day.marks("electrician", judge, body, key=f"{judge}-{module}") for _ in range(2 if judge.endswith("2") else 1)]
            assert len({(a.status_code, a.content) for a in answers}) == 1 and answers[0].status_code == 201
    theory = {no: {"theory_mark": v} for no, v in ELECTRICIAN_THEORY.items()}
    ok(day.marks("electrician", "ET1", batch(day, "theory", theory)), 201)
    # a tablet resending everything without a key stores nothing new
    resent = ok(day.marks("electrician", "ET1", batch(day, "theory", theory)), 201)
    assert (resent["created"], resent["corrected"], resent["unchanged"]) == (0, 0, 5)
    for module, times in ELECTRICIAN_TIMES.items():
        body = {"times": [{"blind_code": day.code(no), "seconds": s} for no, s in times.items()]}
        ok(client.post(url(f"modules/{module}/times"), json=body, headers=day.chief), 201)

    assert ok(client.get(url("progress"), headers=day.chief))["modules"][1]["owed"] == 0
    sign_and_lock(day, "electrician")
    ok(client.post(url("unblind"), headers=day.chief), 201)
    published = ok(client.post(url("publish"), headers=day.organiser), 201)
    rows = {r["employee_no"]: r for r in published["standings"]["rows"]}
    expected = {"DG-E1": E1, "DG-E2": E2, "DG-E4": E4, "DG-E5": E5}
    assert {no: rows[no]["total_units"] for no in expected} == {no: units(x) for no, x in expected.items()}
    assert (units(E1), units(E2), units(E4)) == (9253, 5167, 9700)
    assert rows["DG-E3"]["disqualified"] and rows["DG-E3"]["rank"] == 0  # two damaged devices
    assert [r["employee_no"] for r in published["standings"]["rows"]] == ["DG-E4", "DG-E5", "DG-E1", "DG-E2", "DG-E3"]
    assert rows["DG-E5"]["decided_by_en"] == "tie: less total time"
    assert rows["DG-E2"]["module_units"][1] == units((10 * 2 / 3 * 2) * 2)  # correctness and safety both stopped at 0
    teams = {t["code"]: (t["rank"], t["score_units"], t["members_counted"]) for t in published["standings"]["teams"]}
    assert teams == {"HF-1": (1, units(E4) + units(E5), 2), "TL-1": (2, units(E1) + units(E2), 2)}  # E3 has no result

    # E2's appeal is rejected: nothing changes, so there is nothing to republish
    filing = {"module_id": "motor_control", "blind_code": day.code("DG-E2"), "grounds": "接线错误认定有误", "appellant": "铜陵领队"}
    appeal = ok(client.post(url("appeals"), json=filing, headers=day.chief), 201)
    decision = {"decision": "rejected", "reason": "录像确认5处错误"}
    rejected = ok(client.post(f"/contests/{day.cid}/appeals/{appeal['id']}/decision", json=decision, headers=day.chief), 201)
    assert rejected["status"] == "rejected" and rejected["corrections"] == []
    again = client.post(url("publish"), headers=day.organiser)
    assert again.status_code == 409 and "nothing changed" in again.json()["detail"]
    assert ok(client.get(f"/public/contests/{day.cid}/events/electrician/results.json"))["number"] == 1


def test_every_judge_of_both_events_marks_only_their_own_panels(day):
    """A judge of one event's panel cannot mark another module or event (403/409, nothing stored)."""
    theory = batch(day, "theory", {"HJ-W1": {"theory_mark": 50}})
    refused = day.marks("welder", "P2", theory)
    assert refused.status_code == 409 and "not on the panel" in refused.json()["detail"]
    other_event = day.marks("electrician", "P2", batch(day, "theory", {"DG-E1": {"theory_mark": 50}}))
    assert other_event.status_code == 409 and "not on the panel" in other_event.json()["detail"]

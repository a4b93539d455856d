"""Reading a whole period from a spreadsheet (XLSX or CSV UTF-8) with Chinese headers: one
row per participant. Pure, and run in the bounded worker process (`core.worker`).

Headers: the participant column (班组编号 / 参赛编号 / 编号 / 班组, by code or exact name),
then one column per indicator and veto, headed by its name or id (赛产量, 出勤率低于95% …;
a unit in brackets is allowed: 赛产量（t）). A plan sheet has the completion indicators'
columns and an optional 调整原因 (reason); a report sheet has every indicator the panel does
not mark, the vetoes (a blank veto cell: nothing reported) and an optional 备注 (note).
Other columns (序号, 班组名称, 单位 …) are ignored; title rows above the header are skipped.

Every bad cell is reported as `line N.<header>: rule`; nothing is returned unless every row
is good (all-or-nothing). The rows go back msgspec-encoded (cheap to move between processes).
"""

from __future__ import annotations

import math
import re
from typing import Literal

import msgspec

from contests.errors import ImportRejected
from contests.labour.definition import LabourCompetition, decode_labour
from contests.spreadsheets import LIMITS, Limits, read_rows, sheet_kind
from scoring.errors import Problem
from scoring.kpi import KIND_COMPLETION, KIND_INCIDENT, KIND_JUDGED

Sheet = Literal["reports", "plans"]
PARTICIPANT = ("班组编号", "班组代码", "参赛编号", "编号", "班组", "参赛单位", "participant")
REASON, NOTE = ("调整原因", "原因", "reason"), ("备注", "说明", "note")
HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS = 500


class SheetRow(msgspec.Struct, frozen=True):
    line: int
    participant: str
    figures: dict[str, float]  # indicator id → plan or actual
    facts: dict[str, float]  # veto id → value (reports)
    text: str  # the reason (plans) or note (reports); "" if none


def parse_period_sheet(data: bytes, filename: str, definition_json: str, sheet: Sheet, limits: Limits = LIMITS) -> bytes:
    """The sheet's rows as msgspec JSON of list[SheetRow]; ImportRejected naming every bad cell."""
    c = decode_labour(definition_json, "json", validate=False)
    rows = read_rows(data, sheet_kind(filename), limits, head=HEADER_SEARCH_ROWS)
    columns = _columns(c, sheet)
    at = next((k for k, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]) if _find(cells, PARTICIPANT) is not None), None)
    if at is None:
        raise ImportRejected.at(
            "file", f"no header row: the first {HEADER_SEARCH_ROWS} rows name no participant column ({' / '.join(PARTICIPANT[:4])})"
        )
    header = rows[at][1]
    where = {key: _find(header, names) for key, names in columns.items()}
    required = [key for key, names in columns.items() if not key.startswith(("veto:", "text")) and where[key] is None]
    if required:
        raise ImportRejected([Problem("file", f"column {columns[k][0]} is missing") for k in required])
    out, problems, seen = [], [], {}
    by_code = {p.id: p.id for p in c.participants} | {p.name: p.id for p in c.participants}
    for line, cells in rows[at + 1 :]:
        row, row_problems = _row(line, cells, header, where, columns, by_code, seen, c, sheet)
        problems += row_problems
        if row is not None:
            out.append(row)
    if not out and not problems:
        problems.append(Problem("file", "the sheet has a header but no rows"))
    if problems:
        more = len(problems) - MAX_PROBLEMS
        raise ImportRejected(problems[:MAX_PROBLEMS] + ([Problem("file", f"and {more} more problems")] if more > 0 else []))
    return msgspec.json.encode(out)


def _columns(c: LabourCompetition, sheet: Sheet) -> dict[str, tuple[str, ...]]:
    """key → accepted headers: "participant", indicator ids, "veto:<id>", "text"."""
    columns: dict[str, tuple[str, ...]] = {"participant": PARTICIPANT}
    for ind in c.indicators:
        if (sheet == "plans" and ind.kind == KIND_COMPLETION) or (sheet == "reports" and ind.kind != KIND_JUDGED):
            columns[ind.id] = (ind.name, ind.id) + ((f"{ind.name}计划",) if sheet == "plans" else ())
    if sheet == "reports":
        columns |= {f"veto:{v.id}": (v.name, v.id) for v in c.vetoes}
    columns["text"] = REASON if sheet == "plans" else NOTE
    return columns


def _norm(cell: object) -> str:
    text = str(cell).strip() if cell is not None else ""
    return re.sub(r"\s*[（(][^）)]*[）)]\s*$", "", text)  # 赛产量（t） → 赛产量


def _find(cells: list, names: tuple[str, ...]) -> int | None:
    normed = [_norm(c) for c in cells]
    return next((normed.index(n) for n in names if n in normed), None)


def _row(line: int, cells: list, header: list, where: dict, columns: dict, by_code: dict, seen: dict, c: LabourCompetition, sheet: Sheet):
    def cell(key: str) -> object:
        k = where[key]
        return cells[k] if k is not None and k < len(cells) else None

    label = lambda key: _norm(header[where[key]])  # noqa: E731
    problems: list[Problem] = []
    given = str(cell("participant") or "").strip()
    participant = by_code.get(given)
    if participant is None:
        problems.append(Problem(f"line {line}.{label('participant')}", f"unknown participant {given!r}" if given else "is empty"))
    elif participant in seen:
        problems.append(Problem(f"line {line}.{label('participant')}", f"{given!r} is already on line {seen[participant]}"))
    else:
        seen[participant] = line
    kinds = {i.id: i.kind for i in c.indicators}
    figures, facts = {}, {}
    for key in columns:
        if key in ("participant", "text") or where[key] is None:
            continue
        value, why = _number(cell(key), required=not key.startswith("veto:"))
        if why is None and key in kinds and kinds[key] == KIND_INCIDENT and value is not None and value != int(value):
            why = "incidents are counted in whole numbers"
        if why is None and sheet == "plans" and value is not None and value <= 0:
            why = "a plan is a number above 0"
        if why is not None:
            problems.append(Problem(f"line {line}.{label(key)}", why))
        elif value is not None:
            (facts if key.startswith("veto:") else figures)[key.removeprefix("veto:")] = value
    text = str(cell("text") or "").strip() if where["text"] is not None else ""
    return (None if problems else SheetRow(line, participant, figures, facts, text)), problems


def _number(value: object, *, required: bool) -> tuple[float | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ("is empty" if required else None)
    if isinstance(value, bool):
        return None, "is TRUE/FALSE, expected a number"
    try:
        number = float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None, f"{str(value)[:40]!r} is not a number"
    if not math.isfinite(number) or number < 0:
        return None, "must be a finite number ≥ 0"
    return number, None


__all__ = ["SheetRow", "parse_period_sheet"]

"""The judging day (比赛日) as a pure domain: values, rule tables and pure functions, no
database and no I/O (the use-cases in `contests.usecases.judging` load, decide here, write,
audit and commit).

- `field`: the drawn field (competitors behind blind codes), `BlindCode`;
- `versions`: the one versioned-cell rule of marks, times and appeal corrections;
- `lock`: the module lock state table, the appeal window;
- `sign_off`: signatures and when one is current;
- `module_day`: one module on the day (field, panel, recusals, marks, lock, signatures)
  and its decisions: owed marks, may a judge sign, may the chief judge lock or unlock;
- `appeal`: decisions, decided once;
- `blindness`: who reads names, from the actor and the event's state;
- `errors`: `JudgingError`.
"""

from contests.judging.errors import JudgingError
from contests.judging.field import BlindCode, Drawn, DrawnField
from contests.judging.lock import LockEvent
from contests.judging.module_day import ModuleDay, PanelJudge
from contests.judging.sign_off import SignOff, SignOffState
from contests.judging.versions import CellPlan, Version

__all__ = [
    "BlindCode",
    "CellPlan",
    "Drawn",
    "DrawnField",
    "JudgingError",
    "LockEvent",
    "ModuleDay",
    "PanelJudge",
    "SignOff",
    "SignOffState",
    "Version",
]

"""Labour competitions (劳动竞赛): the pure domain of periodic KPI contests between teams,
units or projects (六赛, 安康杯). No database: the definition (definition.py and one file per
concept), scoring through the engine (standings.py) and titles on the shared award history
(titles.py). RULES.md, "Labour competitions", is the source of the rules.
"""

from contests.labour.definition import LabourCompetition, decode_labour, encode_labour, labour_problems, validate_labour
from contests.labour.figures import Figures, figures
from contests.labour.standings import LabourResult, PeriodRow, score_labour
from contests.labour.titles import LabourTitle, TitleOutcome, decide_titles

__all__ = [
    "Figures",
    "LabourCompetition",
    "LabourResult",
    "LabourTitle",
    "PeriodRow",
    "TitleOutcome",
    "decide_titles",
    "decode_labour",
    "figures",
    "encode_labour",
    "labour_problems",
    "score_labour",
    "validate_labour",
]

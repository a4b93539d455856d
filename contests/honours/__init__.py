"""Honours rounds (评比表彰): the pure domain layer (no database, no HTTP). One concept per
module:

definition    Round, Unit, Title (kind, quota, allocation, eligibility, voting), Committee
quota         名额分配: a title's places per unit with the published arithmetic
              (the largest remainder itself is `scoring.quota.share_quota`)
eligibility   Candidate (biwu's facts about a person or collective) and the rules refused
nomination    Nomination (事迹, attachment references) and check_nomination
workflow      the nomination state table and apply_transition
vote          the committee vote: recusals, counts, the declared rule, run-offs, secrecy
notice        公示: provisional list, objections, freed places, final list, revocation
organisation  优秀组织奖: the declared formula per unit, quota and threshold
export        the outputs as tables with Chinese headers: CSV and XLSX (safe cells, A4 print set-up)
public        what a 公示 shows: the public copies of the posted and final lists, the public page

The award history and its bars (cooldown, accident bar) are shared with labour
competitions: `contests.titles`.
"""

from contests.honours.definition import (
    ByHeadcount,
    Committee,
    Eligibility,
    Fixed,
    Member,
    NoticeRule,
    RequiredResult,
    Round,
    ShareOfPresent,
    Title,
    TopN,
    Unit,
    decode_round,
    round_problems,
    validate_round,
)
from contests.honours.eligibility import Candidate, Ineligible, full_years, ineligible
from contests.honours.errors import (
    HonoursError,
    NominationRefused,
    NoticeError,
    QuotaError,
    RoundError,
    TransitionConflict,
    TransitionForbidden,
    VoteError,
)
from contests.honours.nomination import AttachmentRef, Nomination, check_nomination
from contests.honours.notice import (
    Decision,
    FinalList,
    ListEntry,
    NoticePeriod,
    Objection,
    ProvisionalList,
    decide_objection,
    finalise,
    provisional_list,
    record_objection,
    revoke_final,
    title_awards,
    working_days,
)
from contests.honours.organisation import OrganisationFormula, OrganisationLine, UnitRecord, organisation_award
from contests.honours.quota import Allocation, AllocationLine, allocate
from contests.honours.vote import Ballot, Recusal, RunOff, VoteCount, VoteOutcome, count_votes, decide, recusals, run_off
from contests.honours.workflow import NominationCase, allowed_actions, apply_transition

__all__ = [
    "Allocation",
    "AllocationLine",
    "AttachmentRef",
    "Ballot",
    "ByHeadcount",
    "Candidate",
    "Committee",
    "Decision",
    "Eligibility",
    "FinalList",
    "Fixed",
    "HonoursError",
    "Ineligible",
    "ListEntry",
    "Member",
    "NominationCase",
    "Nomination",
    "NominationRefused",
    "NoticeError",
    "NoticePeriod",
    "NoticeRule",
    "Objection",
    "OrganisationFormula",
    "OrganisationLine",
    "ProvisionalList",
    "QuotaError",
    "Recusal",
    "RequiredResult",
    "Round",
    "RoundError",
    "RunOff",
    "ShareOfPresent",
    "Title",
    "TopN",
    "TransitionConflict",
    "TransitionForbidden",
    "Unit",
    "UnitRecord",
    "VoteCount",
    "VoteError",
    "VoteOutcome",
    "allocate",
    "allowed_actions",
    "apply_transition",
    "check_nomination",
    "count_votes",
    "decide",
    "decide_objection",
    "decode_round",
    "finalise",
    "full_years",
    "ineligible",
    "organisation_award",
    "provisional_list",
    "recusals",
    "record_objection",
    "revoke_final",
    "round_problems",
    "run_off",
    "title_awards",
    "validate_round",
    "working_days",
]

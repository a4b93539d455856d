"""Submissions: shares that sum to exactly 100% (basis points), exact money, campaign fit,
attachment metadata and the eligibility rules of RULES.md."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contests.campaigns.definition import EligibilityRules
from contests.campaigns.eligibility import eligibility_problems, is_eligible
from contests.campaigns.errors import SubmissionError
from contests.campaigns.submission import Attachment, Proposer, decode_submission, submission_problems, validate_submission
from tests.campaigns.factories import ELIGIBLE, campaign_1986, campaign_score_prizes, replace, submission


def problems(sub, campaign=None):
    return [(p.path, p.rule) for p in submission_problems(sub, campaign)]


def proposers(*bps: int) -> list[Proposer]:
    return [Proposer(employee_no=f"E{i}", name=f"完成人{i}", share_bp=bp) for i, bp in enumerate(bps)]


def test_a_valid_submission_fits_its_campaign():
    validate_submission(submission(), campaign_1986())


def test_shares_summing_to_exactly_100_percent_pass():
    validate_submission(submission(proposers=proposers(3334, 3333, 3333)))
    validate_submission(submission(proposers=proposers(10_000)))


def test_shares_off_by_one_basis_point_are_refused_with_the_path():
    assert problems(submission(proposers=proposers(3333, 3333, 3333))) == [
        ("proposers", "shares sum to 99.99%, need exactly 100% (10000 basis points)")
    ]
    assert problems(submission(proposers=proposers(5000, 5001))) == [
        ("proposers", "shares sum to 100.01%, need exactly 100% (10000 basis points)")
    ]


@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=8).filter(lambda s: sum(s) != 10_000))
def test_any_shares_not_summing_to_100_percent_are_refused(bps):
    with pytest.raises(SubmissionError) as exc:
        validate_submission(submission(proposers=proposers(*bps)))
    assert [p.path for p in exc.value.problems] == ["proposers"]


def test_zero_or_fractional_shares_are_refused_by_type():
    assert (
        problems(submission(proposers=[*proposers(10_000), Proposer(employee_no="Z", name="零", share_bp=0)]))[0][0]
        == "proposers[1].share_bp"
    )
    with pytest.raises(SubmissionError) as exc:
        decode_submission(msgspec.json.encode(submission()).replace(b'"share_bp":6000', b'"share_bp":60.5'))
    assert exc.value.problems[0].path == "proposers[0].share_bp"


def test_a_proposer_is_listed_once():
    twice = [Proposer(employee_no="E1", name="张三", share_bp=5000), Proposer(employee_no="E1", name="张三", share_bp=5000)]
    assert problems(submission(proposers=twice)) == [("proposers[1].employee_no", "proposer 'E1' is already listed at proposers[0]")]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (Decimal("1.005"), "more than 2 decimal places"),
        (Decimal("-1"), "must not be negative"),
        (Decimal("NaN"), "finite"),
        (Decimal("1e13"), "limit"),
    ],
)
def test_claimed_benefit_is_exact_money(value, fragment):
    [(path, rule)] = problems(submission(claimed_benefit_yuan=value))
    assert path == "claimed_benefit_yuan" and fragment in rule


def test_money_from_json_stays_exact():
    data = msgspec.json.encode(submission()).replace(b'"120000.00"', b'"0.10"')
    assert decode_submission(data).claimed_benefit_yuan == Decimal("0.10")
    data = msgspec.json.encode(submission()).replace(b'"120000.00"', b"0.30")  # a JSON number is read exactly too
    assert decode_submission(data).claimed_benefit_yuan == Decimal("0.30")


def test_campaign_fit_category_and_period():
    c = campaign_score_prizes()  # no 合理化建议, periods 2025-H1/H2
    sub = submission(campaign=c, category="rationalisation", period="2025")
    assert problems(sub, c) == [
        (
            "category",
            "campaign 'company-2025' does not accept 'rationalisation' (accepts: invention, creation, innovation, design, suggestion)",
        ),
        ("period", "'2025' is not a period of the campaign (2025-H1, 2025-H2)"),
    ]
    assert problems(submission(), c)[0] == ("campaign", "submission is for campaign 'hf-2025', not 'company-2025'")


def test_attachment_metadata_is_checked():
    bad = Attachment(filename="../etc/passwd", size_bytes=1, sha256="AB" * 32, content_type="pdf")
    assert problems(submission(attachments=[bad]))[0][0].startswith("attachments[0].")
    with pytest.raises(SubmissionError) as exc:
        decode_submission(msgspec.json.encode(submission()).replace(b'"content_type"', b'"mime"'))
    assert "mime" in str(exc.value)


def test_unknown_fields_and_verified_benefit_are_not_part_of_a_submission():
    raw = msgspec.json.decode(msgspec.json.encode(submission()))
    raw["verified_benefit_yuan"] = "9999999"  # only finance sets it, through the workflow
    with pytest.raises(SubmissionError, match="verified_benefit_yuan"):
        decode_submission(msgspec.json.encode(raw))


@pytest.mark.parametrize(
    ("fact", "value", "path"),
    [
        ("in_use", False, "eligibility.in_use"),
        ("already_rewarded", True, "eligibility.already_rewarded"),
        ("ip_dispute", True, "eligibility.ip_dispute"),
        ("secret", True, "eligibility.secret"),
        ("government_funded", True, "eligibility.government_funded"),
    ],
)
def test_each_eligibility_rule_bars_an_award(fact, value, path):
    declared = replace(ELIGIBLE, **{fact: value})
    assert [p.path for p in eligibility_problems(declared, EligibilityRules())] == [path]
    assert is_eligible(ELIGIBLE, EligibilityRules())


def test_a_rule_switched_off_does_not_bar():
    declared = replace(ELIGIBLE, government_funded=True, in_use=False)
    rules = EligibilityRules(exclude_government_funded=False, require_in_use=False)
    assert eligibility_problems(declared, rules) == []
    assert [p.path for p in eligibility_problems(declared, replace(rules, require_in_use=True))] == ["eligibility.in_use"]

"""The shared award history and its bars (contests.titles).

Golden years from RULES.md, "Labour competitions": "a title awarded in year Y bars years
Y … Y+N−1 (5 years: 2022 → barred through 2026, eligible in 2027); an accident in year Y
bars Y … Y+2 for the 3-year rule"."""

from __future__ import annotations

import pytest

from contests.titles import (
    Accident,
    AccidentBar,
    Cooldown,
    TitleAward,
    TitleHistory,
    TitleHistoryError,
    check_bars,
    import_awards,
    revoke,
)

T = "工人先锋号"


def history(*awards: TitleAward) -> TitleHistory:
    return import_awards(TitleHistory(), awards)


@pytest.mark.parametrize(("year", "barred"), [(2021, False), (2022, True), (2026, True), (2027, False)])
def test_cooldown_boundary_rules_md(year, barred):
    h = history(TitleAward(holder="E1", title=T, year=2022))
    bar = check_bars(["E1"], year, title=T, history=h, cooldown=Cooldown(years=5))["E1"]
    assert (bar is not None) is barred
    if barred:
        assert (bar.rule, bar.year, bar.through, bar.eligible_from) == ("cooldown", 2022, 2026, 2027)
        assert "2027" in bar.reason


@pytest.mark.parametrize(("year", "barred"), [(2023, False), (2024, True), (2026, True), (2027, False)])
def test_accident_bar_boundary_rules_md(year, barred):
    accidents = [Accident(holder="T7", year=2024, kind="轻伤")]
    bar = check_bars(["T7"], year, title=T, history=TitleHistory(), accidents=accidents)["T7"]
    assert (bar is not None) is barred
    if barred:
        assert (bar.rule, bar.year, bar.through, bar.eligible_from, bar.cause) == ("accident_bar", 2024, 2026, 2027, "轻伤")


def test_many_holders_at_once_and_other_titles_do_not_bar():
    h = history(
        TitleAward(holder="A", title=T, year=2024),
        TitleAward(holder="B", title="先进个人", year=2025),
        TitleAward(holder="C", title=T, year=2019),
    )
    bars = check_bars(["A", "B", "C", "D"], 2026, title=T, history=h)
    assert bars["A"].rule == "cooldown" and bars["A"].eligible_from == 2029
    assert bars["B"] is None and bars["C"] is None and bars["D"] is None
    assert list(bars) == ["A", "B", "C", "D"]


def test_the_longest_bar_is_returned():
    h = history(TitleAward(holder="A", title=T, year=2022))
    accidents = [Accident(holder="A", year=2025, kind="重伤"), Accident(holder="A", year=2023, kind="轻伤")]
    bar = check_bars(["A"], 2025, title=T, history=h, accidents=accidents)["A"]
    assert (bar.rule, bar.year, bar.through) == ("accident_bar", 2025, 2027)


def test_accident_kinds_and_rules_turned_off():
    accidents = [Accident(holder="A", year=2025, kind="轻伤")]
    h = history(TitleAward(holder="A", title=T, year=2025))
    only_deaths = check_bars(["A"], 2025, title=T, history=h, accidents=accidents, accident_bar=AccidentBar(kinds=["死亡"]), cooldown=None)
    assert only_deaths["A"] is None
    assert check_bars(["A"], 2025, title=T, history=h, accidents=accidents, accident_bar=None)["A"].rule == "cooldown"


def test_a_revoked_title_does_not_bar_and_the_history_only_grows():
    h = history(TitleAward(holder="A", title=T, year=2024))
    revoked = revoke(h, "A", T, 2024, "事迹材料失实")
    assert len(revoked.records) == 2 and revoked.records[0] == h.records[0]
    assert revoked.records[1].revoked and revoked.records[1].revoked_reason == "事迹材料失实"
    assert revoked.awards() == []
    assert check_bars(["A"], 2025, title=T, history=revoked)["A"] is None


def test_revocation_rules():
    h = history(TitleAward(holder="A", title=T, year=2024))
    with pytest.raises(TitleHistoryError, match="needs a reason"):
        revoke(h, "A", T, 2024, "   ")
    with pytest.raises(TitleHistoryError, match="never awarded"):
        revoke(h, "B", T, 2024, "错误")
    twice = revoke(h, "A", T, 2024, "事迹失实")
    with pytest.raises(TitleHistoryError, match="already revoked"):
        revoke(twice, "A", T, 2024, "再次")


def test_import_is_all_or_nothing_and_names_the_record():
    h = history(TitleAward(holder="A", title=T, year=2024))
    batch = [
        TitleAward(holder="B", title=T, year=2023),
        TitleAward(holder="A", title=T, year=2024),
        TitleAward(holder="C", title=T, year=1900),
    ]
    with pytest.raises(TitleHistoryError) as caught:
        import_awards(h, batch)
    paths = [p.path for p in caught.value.problems]
    assert paths[0] == "awards[1]" and paths[1].startswith("awards[2]")
    assert "already on record" in caught.value.problems[0].rule
    assert h.records == [TitleAward(holder="A", title=T, year=2024)]


def test_award_records_carry_no_reason():
    with pytest.raises(TitleHistoryError, match="no revocation reason"):
        history(TitleAward(holder="A", title=T, year=2024, revoked_reason="?"))

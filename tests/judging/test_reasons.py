"""A reason (a correction's, a forced lock's, an unlock's) is read by people and audited:
blank or zero-width text is no reason (issue 10, item 12: a zero-width unlock reason was
accepted because the unlock body's text type allows it)."""

import pytest

from contests.judging.lock import lock_reason_problems, unlock_reason_problems
from contests.judging.versions import has_text


@pytest.mark.parametrize("reason", [None, "", "   ", "\u200b", "\u200b\u200c\u2060", "\ufeff \u200b"])
def test_blank_or_invisible_text_is_no_reason(reason):
    assert not has_text(reason)
    assert [p.path for p in unlock_reason_problems(reason)] == ["reason"]
    assert [p.path for p in lock_reason_problems(True, reason)] == ["reason"]


@pytest.mark.parametrize("reason", ["抄录错误", "x", "\u200b复核\u200b"])
def test_visible_text_is_a_reason(reason):
    assert has_text(reason)
    assert unlock_reason_problems(reason) == []

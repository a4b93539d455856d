"""The honours lists on paper over HTTP (issue 14): 409 before a list exists, and the printed
final list names exactly the nominees of the JSON final list, with no code or vote count."""

from __future__ import annotations

import pytest

from tests.api.honours_support import create_round, final_round
from tests.paper import poppler

pytestmark = [pytest.mark.db, poppler.needs_poppler]


def test_the_printed_final_list_is_the_json_list_and_409_before(client, headers):
    org = headers["organiser"]
    fresh = create_round(client, org, people=False)
    for which in ("notice", "final"):
        early = client.get(f"/honours/{fresh}/paper/{which}.pdf", headers=org)
        assert early.status_code == 409 and early.headers["content-type"].startswith("application/problem+json"), early.text
        assert early.json()["errors"][0]["path"] == "round_id" and "'nominating'" in early.text

    rid = final_round(client, headers)
    listed = client.get(f"/honours/{rid}/final", headers=org).json()["final"]["entries"]
    response = client.get(f"/honours/{rid}/paper/final.pdf", params={"organiser": "测试工会"}, headers=org)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf", response.text
    rows = [line.split() for line in poppler.lines(response.content)]
    body = [r for r in rows if len(r) == 4 and r[0].isdigit()]  # 序号, 称号, 姓名, 单位
    assert [r[2] for r in body] == [e["name"] for e in listed] and [r[1] for r in body] == [e["title_name"] for e in listed]
    text = poppler.text(response.content)
    assert "表彰名单" in text and "主办单位：测试工会" in text and "三厂" in text
    assert all(e["nominee"] not in text and e["nomination"] not in text for e in listed)  # no codes on a notice board
    ended = client.get(f"/honours/{rid}/paper/notice.pdf", headers=org)
    assert ended.status_code == 409 and "'final'" in ended.text  # the 公示 is over: the final list is the one to post

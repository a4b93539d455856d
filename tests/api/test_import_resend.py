"""An import resent after a lost answer gets the first answer, not a 409 (issue 10, item 12).

Like a batch of marks, an import carries an `Idempotency-Key`: the same file with the same
key is answered from the key and imports nothing again; the key with another file is
refused. Without a key the resend is refused line by line (every row is registered already),
which is the documented rule for keyless imports."""

from __future__ import annotations

import pytest

from tests.api.conftest import new_contest

pytestmark = pytest.mark.db

SHEET = "工号,姓名,单位,赛项\nR001,重发一,TL,welder\nR002,重发二,HF,welder\n".encode()


def send(client, cid: int, organiser: dict, data: bytes, key: str | None):
    headers = organiser | ({"Idempotency-Key": key} if key is not None else {})
    return client.post(f"/contests/{cid}/competitors/import", files={"file": ("报名.csv", data, "text/csv")}, headers=headers)


def test_an_import_resent_with_its_key_gets_the_first_answer(client, organiser, row_counts):
    cid = new_contest(client, organiser)
    first = send(client, cid, organiser, SHEET, "import-2026-11-30-a")
    assert first.status_code == 201, first.text
    assert first.json() == {"created": 2, "kind": "competitors"}
    after_first = row_counts()

    again = send(client, cid, organiser, SHEET, "import-2026-11-30-a")  # the answer was lost on the way
    assert (again.status_code, again.json()) == (201, first.json())
    assert row_counts() == after_first

    other = send(client, cid, organiser, SHEET.replace(b"R002", b"R003"), "import-2026-11-30-a")
    assert other.status_code == 409, other.text
    assert other.json()["errors"][0]["path"] == "Idempotency-Key"

    keyless = send(client, cid, organiser, SHEET, None)
    assert keyless.status_code == 409 and "already registered" in keyless.json()["detail"]

    malformed = send(client, cid, organiser, SHEET, "")
    assert malformed.status_code == 400, malformed.text
    assert row_counts() == after_first

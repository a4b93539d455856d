"""Every demo judge fills and signs their sheets of one event: the README's shortcut through a
contest day on `biwu serve --demo`, so the walk-through reaches locking, unblinding and
publishing without typing two thousand marks.

    python3 scripts/demo_marks.py http://localhost:8000 1 welder

It uses only the HTTP API, exactly as the tablets do: the chief judge's login reads the
panels, then each judge logs in with the demo password (`<login>-demo`), reads each sheet
they sit on, sends one batch with the marks still owed (with an Idempotency-Key, so running
it twice changes nothing) and signs the sheet. Marks already entered are left alone.

The values are made up but legal and repeatable: each comes from a hash of blind code,
aspect and judge, chosen inside the aspect's own rule (a band's upper limit, a judgement
level 1–3, 60–100 % of a direct mark; no deductions). Python's standard library only.
"""

from __future__ import annotations

import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT = 60


def call(base: str, method: str, path: str, token: str | None = None, body=None, headers: dict | None = None):
    data, head = None, dict(headers or {})
    if token:
        head["Authorization"] = f"Bearer {token}"
    if isinstance(body, dict) and body.get("_form"):
        data = urllib.parse.urlencode(body["_form"]).encode()
        head["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        head["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=data, method=method, headers=head)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {path}: {error.code} {error.read().decode('utf-8', 'replace')}") from None


def log_in(base: str, login: str) -> str:
    return call(base, "POST", "/auth/token", body={"_form": {"username": login, "password": f"{login}-demo"}})["access_token"]


def fraction(*parts: str) -> float:
    """A repeatable number in [0, 1) from the parts."""
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def value(aspect: dict, code: str, judge: str) -> str:
    u = fraction(code, aspect["id"], judge)
    kind, rule = aspect["kind"], aspect.get("rule")
    if kind == "judgement":
        return str(1 + int(u * 3))
    if kind == "deduction":
        return "0"
    if kind == "measurement" and rule == "bands":
        bands = aspect["bands"]
        return str(bands[min(int(u * u * len(bands)), len(bands) - 1)]["upto"])  # mostly the best band
    if kind == "measurement" and rule == "pass_fail":
        return "1"
    if kind == "measurement" and rule == "marks":
        return str(int(aspect["max_marks"] * (0.6 + 0.4 * u)))
    raise SystemExit(f"aspect {aspect['id']!r}: rule {rule!r} of kind {kind!r} is not filled by this demo script")


def owed_marks(sheet: dict, judge: str) -> list[dict]:
    aspects = {a["id"]: a for a in sheet["aspects"]}
    return [
        {
            "module_id": sheet["module_id"],
            "blind_code": row["blind_code"],
            "aspect_id": a,
            "value": value(aspects[a], row["blind_code"], judge),
        }
        for row in sheet["rows"]  # rows the judge is recused from are not on the sheet
        for a in row["owed"]
    ]


def fill(base: str, contest: str, event: str) -> dict:
    chief = log_in(base, "chief")
    panels = [p for p in call(base, "GET", f"/contests/{contest}/panels", chief) if p["event_id"] == event]
    url = f"/contests/{contest}/events/{event}"
    sent, signed = 0, []
    for judge in sorted({j for p in panels for j in p["judges"]}):
        token = log_in(base, judge)
        for module in [p["module_id"] for p in panels if judge in p["judges"]]:
            sheet = call(base, "GET", f"{url}/modules/{module}/sheet", token)
            marks = owed_marks(sheet, judge)
            if marks:
                key = {"Idempotency-Key": f"demo-marks-{contest}-{event}-{module}-{judge}"}
                sent += call(base, "POST", f"{url}/marks", token, {"marks": marks}, key)["created"]
            if not sheet.get("signed"):
                call(base, "POST", f"{url}/modules/{module}/sign-off", token)
                signed.append(f"{module}/{judge}")
    return {"event_id": event, "marks_created": sent, "signed": signed}


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit("usage: python3 scripts/demo_marks.py BASE_URL CONTEST_ID EVENT_ID")
    print(json.dumps(fill(*sys.argv[1:]), ensure_ascii=False, separators=(",", ":")))

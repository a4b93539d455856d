"""Accounts over HTTP and the CLI (issue 10, item 9): list and add (password policy),
disable and enable, change one's own password, reset another's; every one of those
revokes the account's tokens at once; a judge login leaving its last panel loses its
token; an organiser login cannot hold a judge seat; the signing key outlives a restart."""

from __future__ import annotations

import pytest
import uvicorn
from click.testing import CliRunner
from litestar.testing import TestClient

from api.cli import main
from tests.api.conftest import new_contest, unique

pytestmark = pytest.mark.db

GOOD = "焊花飞溅-2026-秋"


def log_in(client: TestClient, username: str, password: str = GOOD) -> dict[str, str]:
    response = client.post("/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def add(client: TestClient, organiser: dict[str, str], role: str = "viewer", password: str = GOOD) -> str:
    username = unique("u")
    response = client.post("/users", json={"username": username, "role": role, "password": password}, headers=organiser)
    assert response.status_code == 201, response.text
    assert response.json() == {"username": username, "role": role, "disabled": False}
    return username


def refused(response, status: int, path: str, phrase: str = "") -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    error = response.json()["errors"][0]
    assert error["path"] == path and phrase in error["rule"], error


def test_added_accounts_follow_the_password_policy(client, organiser, row_counts):
    before = row_counts()
    for weak in ("12345678", "password", "1234567890", "qwertyuiop"):
        refused(
            client.post("/users", json={"username": unique("w"), "role": "viewer", "password": weak}, headers=organiser), 409, "password"
        )
    assert row_counts() == before
    username = add(client, organiser)
    assert {"username": username, "role": "viewer", "disabled": False} in client.get("/users", headers=organiser).json()
    log_in(client, username)


def test_disabling_refuses_login_and_revokes_the_token_at_once(client, organiser):
    username = add(client, organiser)
    token = log_in(client, username)
    assert client.get("/contests", headers=token).status_code == 200
    response = client.post(f"/users/{username}/disable", headers=organiser)
    assert response.status_code == 200 and response.json()["disabled"] is True
    refused(client.get("/contests", headers=token), 401, "Authorization")
    refused(client.post("/auth/token", data={"username": username, "password": GOOD}), 401, "Authorization")
    assert client.post(f"/users/{username}/enable", headers=organiser).json()["disabled"] is False
    refused(client.get("/contests", headers=token), 401, "Authorization")  # revoked for good
    assert client.get("/contests", headers=log_in(client, username)).status_code == 200


def test_an_organiser_cannot_disable_themselves_and_unknown_users_are_404(client, organiser):
    refused(client.post("/users/org/disable", headers=organiser), 409, "username", "your own")
    refused(client.post("/users/nobody-here/disable", headers=organiser), 404, "username")
    refused(client.post("/users/a b/disable", headers=organiser), 400, "username")


def test_changing_ones_own_password_revokes_every_older_token(client, organiser):
    username = add(client, organiser, role="judge")
    phone, tablet = log_in(client, username), log_in(client, username)
    new = "新的口令-换了-2026"
    refused(
        client.put("/auth/password", json={"current_password": "wrong-one-x", "new_password": new}, headers=phone), 409, "current_password"
    )
    refused(client.put("/auth/password", json={"current_password": GOOD, "new_password": "12345678"}, headers=phone), 409, "new_password")
    response = client.put("/auth/password", json={"current_password": GOOD, "new_password": new}, headers=phone)
    assert response.status_code == 200, response.text
    fresh = {"Authorization": f"Bearer {response.json()['access_token']}"}
    for old in (phone, tablet):
        refused(client.get("/contests", headers=old), 401, "Authorization")
    assert client.get("/contests", headers=fresh).status_code == 200
    refused(client.post("/auth/token", data={"username": username, "password": GOOD}), 401, "Authorization")
    log_in(client, username, new)


def test_an_organiser_resets_a_password_and_the_old_token_dies(client, organiser):
    username = add(client, organiser)
    token = log_in(client, username)
    refused(client.put(f"/users/{username}/password", json={"password": "password"}, headers=organiser), 409, "password")
    assert client.get("/contests", headers=token).status_code == 200  # a refused reset changes nothing
    response = client.put(f"/users/{username}/password", json={"password": "组委会重置-口令-01"}, headers=organiser)
    assert response.status_code == 200, response.text
    refused(client.get("/contests", headers=token), 401, "Authorization")
    log_in(client, username, "组委会重置-口令-01")


def test_an_organiser_login_cannot_hold_a_judge_seat(client, organiser, row_counts):
    cid = new_contest(client, organiser)
    before = row_counts()
    response = client.post(f"/contests/{cid}/judges?username=org", json={"code": "JX", "name": "裁判", "unit": "HF"}, headers=organiser)
    refused(response, 409, "username", "judge")
    assert row_counts() == before


def test_a_judge_token_stops_when_the_judge_leaves_every_panel(client, organiser):
    cid = new_contest(client, organiser)
    username = add(client, organiser, role="judge")
    judge = {"code": "J7", "name": "裁判七", "unit": "HF"}
    assert client.post(f"/contests/{cid}/judges?username={username}", json=judge, headers=organiser).status_code == 201
    panel = f"/contests/{cid}/events/welder/modules/practical/panel"
    assert client.put(panel, json={"judges": ["J1", "J2", "J3", "J4", "J7"]}, headers=organiser).status_code == 200
    token = log_in(client, username)
    assert client.get(f"/contests/{cid}", headers=token).status_code == 200
    assert client.put(panel, json={"judges": ["J1", "J2", "J3", "J4", "J5"]}, headers=organiser).status_code == 200
    refused(client.get(f"/contests/{cid}", headers=token), 401, "Authorization")


# ---------------------------------------------------------------- the CLI


@pytest.fixture
def cli(api_db):
    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(main, [*args, "--db", api_db], catch_exceptions=False, **kw)


def test_the_cli_disables_enables_and_sets_passwords(cli, client):
    username = unique("c")
    assert cli("user", "add", username, "--role", "viewer", "--password", "password").exit_code == 1
    result = cli("user", "add", username, "--role", "viewer", "--password", GOOD)
    assert result.exit_code == 0, result.output
    token = log_in(client, username)
    assert cli("user", "disable", username).exit_code == 0
    refused(client.get("/contests", headers=token), 401, "Authorization")
    refused(client.post("/auth/token", data={"username": username, "password": GOOD}), 401, "Authorization")
    assert cli("user", "enable", username).exit_code == 0
    token = log_in(client, username)
    result = cli("user", "passwd", username, input="12345678\n12345678\n")
    assert result.exit_code == 1 and "password" in result.output
    result = cli("user", "passwd", username, input="命令行设的口令-99\n命令行设的口令-99\n")
    assert result.exit_code == 0, result.output
    refused(client.get("/contests", headers=token), 401, "Authorization")
    log_in(client, username, "命令行设的口令-99")
    assert cli("user", "disable", "nobody-at-all").exit_code == 1


def test_a_restart_keeps_the_tokens_when_biwu_secret_is_unset(api_db, monkeypatch, client, organiser):
    username = add(client, organiser)
    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(app))
    monkeypatch.delenv("BIWU_SECRET", raising=False)
    for _ in range(2):
        assert CliRunner().invoke(main, ["serve", "--db", api_db], catch_exceptions=False).exit_code == 0
    first, second = started
    with TestClient(first) as one:
        token = log_in(one, username)
    with TestClient(second) as two:
        assert two.get("/contests", headers=token).status_code == 200
    assert CliRunner().invoke(main, ["db", "rotate-key", "--db", api_db], catch_exceptions=False).exit_code == 0
    assert CliRunner().invoke(main, ["serve", "--db", api_db], catch_exceptions=False).exit_code == 0
    with TestClient(started[-1]) as three:
        refused(three.get("/contests", headers=token), 401, "Authorization")

"""The `biwu` command: db upgrade, user add, import, and serve --demo (uvicorn replaced by a
stub that records the app, which is then started in a TestClient)."""

from __future__ import annotations

import pytest
import uvicorn
from click.testing import CliRunner
from litestar.testing import TestClient

from api.cli import main
from api.demo import DEMO_ACCOUNTS
from tests.api.conftest import new_contest

pytestmark = pytest.mark.db


@pytest.fixture
def cli(api_db):
    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(main, [*args, "--db", api_db], catch_exceptions=False, **kw)


def test_db_upgrade_is_idempotent(cli):
    for _ in range(2):
        result = cli("db", "upgrade")
        assert result.exit_code == 0, result.output
        assert "up to date" in result.output


def test_user_add_then_login(cli, client):
    result = cli("user", "add", "clerk", "--role", "viewer", "--password", "clerk-password")
    assert result.exit_code == 0, result.output
    response = client.post("/auth/token", data={"username": "clerk", "password": "clerk-password"})
    assert response.status_code == 200 and response.json()["role"] == "viewer"


def test_user_add_prompts_for_the_password(cli, client):
    result = cli("user", "add", "prompted", "--role", "judge", input="secret-pass\nsecret-pass\n")
    assert result.exit_code == 0, result.output
    assert client.post("/auth/token", data={"username": "prompted", "password": "secret-pass"}).status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("clerk2", "--role", "viewer", "--password", "short"), "password: must be 8"),
        (("no spaces", "--role", "viewer", "--password", "long-enough"), "username: must be 3 to 64"),
    ],
)
def test_user_add_refuses_bad_accounts(cli, args, message):
    result = cli("user", "add", *args)
    assert result.exit_code == 1
    assert message in result.output


def test_user_add_refuses_a_taken_name(cli):
    assert cli("user", "add", "twice", "--role", "viewer", "--password", "password-1").exit_code == 0
    result = cli("user", "add", "twice", "--role", "viewer", "--password", "password-2")
    assert result.exit_code == 1 and "already taken" in result.output


def test_user_add_refuses_an_unknown_role(cli):
    result = cli("user", "add", "someone", "--role", "admin", "--password", "password-1")
    assert result.exit_code == 2 and "admin" in result.output


def test_import_all_or_nothing(cli, client, headers, tmp_path):
    cid = new_contest(client, headers["organiser"])
    good = tmp_path / "选手.csv"
    good.write_text("工号,姓名,单位,赛项\nC1,甲,TL,welder\nC2,乙,HF,welder\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("工号,姓名,单位,赛项\nC3,丙,TL,welder\nC4,丁,NOPE,welder\n", encoding="utf-8")
    result = cli("import", str(cid), str(bad))
    assert result.exit_code == 1 and "line 3.单位" in result.output
    result = cli("import", str(cid), str(good), "--kind", "competitors")
    assert result.exit_code == 0, result.output
    assert f"imported 2 competitors into contest {cid}" in result.output
    numbers = {c["employee_no"] for c in client.get(f"/contests/{cid}/competitors", headers=headers["organiser"]).json()}
    assert {"C1", "C2"} <= numbers and "C3" not in numbers


def test_serve_demo_migrates_prints_logins_and_seeds_idempotently(api_db, monkeypatch):
    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append((app, kw)))
    monkeypatch.setenv("BIWU_PORT", "8123")
    monkeypatch.setenv("BIWU_SECRET", "s" * 40)
    result = CliRunner().invoke(main, ["serve", "--demo", "--db", api_db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "http://localhost:8123/schema" in result.output
    for username, password, _ in DEMO_ACCOUNTS:
        assert username in result.output and password in result.output
    ((app, options),) = started
    assert options["port"] == 8123 and options["host"] == "127.0.0.1"
    for _ in range(2):  # a restart seeds nothing twice
        with TestClient(app) as client:
            token = client.post("/auth/token", data={"username": "organiser", "password": "organiser-demo"}).json()["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            contests = client.get("/contests", headers=auth).json()
            assert {c["slug"] for c in contests} >= {"welder-2026", "electrician-2026"}
            ids = [c["id"] for c in contests if c["slug"] in ("welder-2026", "electrician-2026")]
            people = [client.get(f"/contests/{i}/competitors", headers=auth).json() for i in ids]
            assert sum(len(p) for p in people) == 60
            assert len({c["unit"] for p in people for c in p}) >= 5 and len({c["team"] for p in people for c in p}) >= 10
            judges = client.get(f"/contests/{ids[0]}/judges", headers=auth).json()
            assert len({j["unit"] for j in judges}) > 1
            panels = client.get(f"/contests/{ids[0]}/panels", headers=auth).json()
            assert panels and any(p["recusals"] for p in panels)

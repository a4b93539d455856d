"""Sign-in, sessions, CSRF and role homes, page by page (Litestar's TestClient, no browser).

The screens sign in with a session cookie (HttpOnly, SameSite=Lax, encrypted), every form
post needs the CSRF token, and the JSON API keeps working with bearer tokens alone: no
CSRF token, no cookie.
"""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import run_on
from tests.factories.logins import add_logins, log_in, password_of
from tests.screens.conftest import csrf_of, sign_in

HOMES = {"org": "/home", "chief": "/home", "watcher": "/home", "staff1": "/home", "rev1": "/home", "fin1": "/home"}


@pytest.mark.parametrize("username", sorted(HOMES))
def test_each_role_lands_on_its_home(day_client, username):
    page = sign_in(day_client, username)
    assert page.status_code == 200 and page.url.path == HOMES[username]
    assert username in page.text and "接口文档" in page.text and 'href="/schema/swagger"' in page.text


def test_a_judge_lands_on_the_tablet(day_client, day_site):
    page = sign_in(day_client, day_site.judges["P2"], day_site.judge_password())
    assert page.url.path == "/tablet"
    assert f'href="/tablet/{day_site.cid}/welder/practical"' in page.text
    assert "/welder/theory" not in page.text  # P2 is not on the theory panel


def test_the_session_cookie_is_httponly_lax_and_encrypted(day_client):
    day_client.cookies.clear()
    token = csrf_of(day_client.get("/signin").text)
    answer = day_client.post(
        "/signin", data={"username": "org", "password": "password-of-org", "_csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/home"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("biwu_session="))
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert "org" not in cookie.split(";")[0]  # encrypted, not a readable username


def test_a_wrong_password_is_refused_on_the_page(day_client):
    day_client.cookies.clear()
    token = csrf_of(day_client.get("/signin").text)
    page = day_client.post("/signin", data={"username": "org", "password": "not-the-password", "_csrf_token": token})
    assert page.status_code == 401 and "用户名或密码错误" in page.text
    assert day_client.get("/home", follow_redirects=False).status_code == 303  # not signed in


def test_a_form_post_without_the_csrf_token_is_refused(day_client):
    day_client.cookies.clear()
    day_client.get("/signin")  # the CSRF cookie is set; the form field is left out
    page = day_client.post("/signin", data={"username": "org", "password": "password-of-org"}, follow_redirects=False)
    assert page.status_code == 403 and "CSRF" in page.text
    assert not any(c.startswith("biwu_session=") for c in page.headers.get_list("set-cookie"))
    forged = day_client.post("/signin", data={"username": "org", "password": "password-of-org", "_csrf_token": "0" * 128})
    assert forged.status_code == 403


def test_sign_out_needs_the_token_and_ends_the_session(day_client):
    home = sign_in(day_client, "org")
    assert day_client.post("/signout", follow_redirects=False).status_code == 403  # no token: still signed in
    assert day_client.get("/home").status_code == 200
    out = day_client.post("/signout", data={"_csrf_token": csrf_of(home.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/signin"
    assert day_client.get("/home", follow_redirects=False).headers["location"].startswith("/signin")


def test_the_json_api_needs_no_csrf_token_and_ignores_the_session(day_client, day_site):
    sign_in(day_client, "org")  # a session cookie is present, and must not authenticate the API
    assert day_client.get(f"/contests/{day_site.cid}/units").status_code == 401
    bearer = log_in(day_client, "org")
    day_client.cookies.clear()
    body = {"code": "NEWU", "name": "新单位"}
    assert day_client.post(f"/contests/{day_site.cid}/units", json=body, headers=bearer).status_code == 201


def test_pages_need_a_session_and_the_right_role(day_client, day_site):
    day_client.cookies.clear()
    away = day_client.get(f"/tablet/{day_site.cid}/welder/practical", follow_redirects=False)
    assert away.status_code == 303 and away.headers["location"] == f"/signin?next=%2Ftablet%2F{day_site.cid}%2Fwelder%2Fpractical"
    sign_in(day_client, "org")
    refused = day_client.get("/tablet")
    assert refused.status_code == 403 and "您的角色不能打开此页面" in refused.text
    assert day_client.post("/session/token").status_code == 403  # no CSRF header


def test_signing_in_goes_back_where_the_judge_was_going(day_client, day_site):
    day_client.cookies.clear()
    target = f"/tablet/{day_site.cid}/welder/practical"
    token = csrf_of(day_client.get(f"/signin?next={target}").text)
    form = {"username": day_site.judges["P2"], "password": day_site.judge_password(), "_csrf_token": token, "next": target}
    assert day_client.post("/signin", data=form, follow_redirects=False).headers["location"] == target
    day_client.cookies.clear()
    token = csrf_of(day_client.get("/signin").text)
    form |= {"_csrf_token": token, "next": "//evil.example/x"}
    assert day_client.post("/signin", data=form, follow_redirects=False).headers["location"] == "/tablet"  # no open redirect


def test_the_tablet_gets_a_bearer_token_for_its_session(day_client, day_site):
    page = sign_in(day_client, day_site.judges["P2"], day_site.judge_password())
    sheet = day_client.get(f"/tablet/{day_site.cid}/welder/practical")
    token = csrf_of(sheet.text)
    answer = day_client.post("/session/token", headers={"X-CSRF-Token": token})
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    bearer = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    day_client.cookies.clear()
    sheet_json = day_client.get(f"/contests/{day_site.cid}/events/welder/modules/practical/sheet", headers=bearer)
    assert sheet_json.status_code == 200 and sheet_json.json()["judge"] == "P2"
    assert page.status_code == 200


def test_english_from_accept_language_or_the_switch(day_client):
    day_client.cookies.clear()
    assert ">Sign in<" in day_client.get("/signin", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert ">登录<" in day_client.get("/signin", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}).text
    switched = day_client.get("/signin?lang=en")
    assert '<html lang="en">' in switched.text
    assert re.search(r"biwu_lang=en;.*HttpOnly", switched.headers["set-cookie"])
    assert '<html lang="en">' in day_client.get("/signin").text  # remembered
    assert '<html lang="zh-CN">' in day_client.get("/signin?lang=zh").text


def test_a_password_change_ends_the_screen_session(day_client, day_site):
    run_on(day_site.database_url, lambda session: add_logins(session, {"leaver": "viewer"}))
    home = sign_in(day_client, "leaver")
    assert home.url.path == "/home"
    token = day_client.post("/session/token", headers={"X-CSRF-Token": csrf_of(home.text)}).json()["access_token"]
    change = {"current_password": password_of("leaver"), "new_password": "a-new-password-2026"}
    assert day_client.put("/auth/password", json=change, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert day_client.get("/home", follow_redirects=False).headers["location"].startswith("/signin")  # revoked like its tokens


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/tablet/2147483647/welder/practical", 404, "2147483647"),  # no such contest
        ("/tablet/{cid}/welder/nowhere", 404, "nowhere"),  # no such module
        ("/tablet/{cid}/welder/theory", 403, "panel"),  # P2 is not on the theory panel
    ],
)
def test_refusals_on_the_tablet_are_pages_not_json(day_client, day_site, path, status, words):
    sign_in(day_client, day_site.judges["P2"], day_site.judge_password())
    page = day_client.get(path.format(cid=day_site.cid))
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    assert words in page.text and "出错了" in page.text

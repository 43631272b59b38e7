"""Authentication, CSRF, the Content-Security-Policy, and escaping of every scraped value."""

from __future__ import annotations

import base64
import re

import pytest
from webdata import TestClient, csrf_of

from monitor.config import Settings, WebSettings
from monitor.errors import ConfigError
from monitor.web.app import CSP, create_app
from monitor.web.auth import Auth, hash_password, verify_password

PAGES = ["/?date=2025-03-25", "/search?q=script", "/sources"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_csp(client: TestClient, path: str) -> None:
    assert client.get(path).headers["content-security-policy"] == CSP


def test_csp_allows_no_inline_script_or_other_host() -> None:
    assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP and "default-src 'none'" in CSP


@pytest.mark.parametrize("path", [*PAGES, "ARTICLE"])
def test_planted_markup_is_escaped(client: TestClient, ids: dict[str, str], path: str) -> None:
    page = client.get(f"/article/{ids['hostile']}" if path == "ARTICLE" else path).text
    assert "<script>alert" not in page and "<img src=x" not in page


def test_planted_markup_shows_as_text_in_titles_and_parties(client: TestClient, ids: dict[str, str]) -> None:
    page = client.get(f"/article/{ids['hostile']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "Party &lt;script&gt;" in page


def test_the_only_script_is_the_apps_own(client: TestClient) -> None:
    page = client.get("/?date=2025-03-25").text
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/keys.js" defer>']


def test_post_without_csrf_token_is_refused(client: TestClient, ids: dict[str, str]) -> None:
    response = client.post(f"/article/{ids['qingpu']}/review", data={"action": "reject"})
    assert response.status_code == 403


def test_cross_origin_post_is_refused_even_with_a_token(client: TestClient, ids: dict[str, str]) -> None:
    token = csrf_of(client.get("/?date=2025-03-25").text)
    response = client.post(f"/article/{ids['qingpu']}/review", data={"csrf": token, "action": "reject"},
                           headers={"origin": "https://evil.example"})
    assert response.status_code == 403


def test_api_review_needs_json(client: TestClient, ids: dict[str, str]) -> None:
    response = client.post(f"/api/article/{ids['qingpu']}/review", data={"action": "reject"})
    assert response.status_code == 415


def test_public_address_without_auth_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="needs authentication"):
        Auth.for_listen(WebSettings(), "0.0.0.0", environ={})


def test_public_address_with_a_token_starts() -> None:
    auth = Auth.for_listen(WebSettings(), "0.0.0.0", environ={"MONITOR_WEB_TOKEN": "s3cret"})
    assert auth.required


def test_password_hash_verifies_only_the_password() -> None:
    stored = hash_password("correct horse", iterations=1000)
    assert verify_password("correct horse", stored) and not verify_password("wrong", stored)


def test_config_refuses_a_plain_password() -> None:
    with pytest.raises(ValueError, match="not a password hash"):
        WebSettings(users={"alice": "hunter2"})


@pytest.fixture
def guarded(backend_settings: Settings, ids: dict[str, str]):  # type: ignore[no-untyped-def]
    auth = Auth(users={"alice": hash_password("pw", iterations=1000)}, token="tok", required=True,
                local_user="x")
    with TestClient(create_app(backend_settings, auth), base_url="http://127.0.0.1:8080") as c:
        yield c


def _basic(user: str, password: str) -> dict[str, str]:
    return {"authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_with_auth_a_page_asks_for_credentials(guarded: TestClient) -> None:
    response = guarded.get("/")
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Basic")


def test_with_auth_a_user_signs_in(guarded: TestClient) -> None:
    assert "signed in as alice" in guarded.get("/", headers=_basic("alice", "pw")).text


def test_with_auth_a_wrong_password_is_refused(guarded: TestClient) -> None:
    assert guarded.get("/", headers=_basic("alice", "nope")).status_code == 401


def test_with_auth_the_bearer_token_opens_the_api(guarded: TestClient) -> None:
    assert guarded.get("/api/sources", headers={"authorization": "Bearer tok"}).status_code == 200


def test_with_auth_healthz_stays_open_for_probes(guarded: TestClient) -> None:
    assert guarded.get("/healthz").status_code == 200


def test_review_records_the_signed_in_user(guarded: TestClient, ids: dict[str, str]) -> None:
    headers = _basic("alice", "pw")
    token = csrf_of(guarded.get("/?date=2025-03-25", headers=headers).text)
    guarded.post(f"/article/{ids['qingpu']}/review", headers=headers,
                 data={"csrf": token, "action": "confirm"})
    page = guarded.get(f"/article/{ids['qingpu']}", headers=headers).text
    assert "reviewed by alice" in page


def test_csrf_token_of_one_user_does_not_work_for_another(guarded: TestClient, ids: dict[str, str]) -> None:
    token = csrf_of(guarded.get("/?date=2025-03-25", headers={"authorization": "Bearer tok"}).text)
    response = guarded.post(f"/article/{ids['qingpu']}/review", headers=_basic("alice", "pw"),
                            data={"csrf": token, "action": "confirm"})
    assert response.status_code == 403

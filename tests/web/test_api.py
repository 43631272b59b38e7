"""The JSON behind every page, /feed.atom, /healthz and /metrics."""

from __future__ import annotations

import feedparser
from webdata import HOSTILE, TestClient


def test_api_day_is_the_digest_document(client: TestClient) -> None:
    data = client.get("/api/day?date=2025-03-25").json()
    assert data["digest"]["schema"] == "monitor.digest/2" and data["previous"] == "2025-03-23"


def test_api_search_pages_and_counts(client: TestClient) -> None:
    data = client.get("/api/search?status=tagged").json()
    assert (data["total"], data["page"], len(data["results"])) == (3, 1, 3)


def test_api_search_keeps_filters(client: TestClient) -> None:
    assert client.get("/api/search?kind=mou&q=baoshan").json()["filters"] == {"q": "baoshan", "kind": "mou"}


def test_api_search_bad_filter_is_400_json(client: TestClient) -> None:
    response = client.get("/api/search?status=maybe")
    assert response.status_code == 400 and "status" in response.json()["error"]


def test_api_article_returns_raw_values_for_programs(client: TestClient, ids: dict[str, str]) -> None:
    data = client.get(f"/api/article/{ids['hostile']}").json()
    assert data["article"]["title"] == HOSTILE and data["verdict"]["parties"] == [f"Party {HOSTILE}"]


def test_api_review_applies_and_returns_the_verdict(client: TestClient, ids: dict[str, str]) -> None:
    response = client.post(f"/api/article/{ids['baoshan']}/review",
                           json={"action": "correct", "parties": ["Baoshan District", "STCSM"],
                                 "kind": "agreement"})
    verdict = response.json()["verdict"]
    assert (verdict["kind"], verdict["reviewed"], verdict["reviewed_by"]) == ("agreement", True, "analyst")


def test_api_review_of_unknown_article_is_404(client: TestClient) -> None:
    response = client.post("/api/article/ffffffffffffffff/review", json={"action": "confirm"})
    assert response.status_code == 404


def test_api_sources(client: TestClient) -> None:
    assert [s["name"] for s in client.get("/api/sources").json()["sources"]] == ["shine-district"]


def test_feed_is_served_with_a_self_link(client: TestClient) -> None:
    parsed = feedparser.parse(client.get("/feed.atom").text)
    assert parsed.bozo == 0 and parsed.feed.links[0].rel == "self"


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "articles": 5}


def test_metrics_count_workspace_requests(client: TestClient) -> None:
    client.get("/sources")
    assert 'monitor_web_request_seconds_count{method="GET",route="/sources",status="200"} 1.0' in \
        client.get("/metrics").text


def test_static_stylesheet_is_served(client: TestClient) -> None:
    response = client.get("/static/monitor.css")
    assert response.status_code == 200 and "max-width:46rem" in response.text

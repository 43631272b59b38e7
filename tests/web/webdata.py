"""A small database for the workspace tests (written by us), and helpers to drive the app."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime

with warnings.catch_warnings():  # Starlette's TestClient works on httpx; its nudge to another client is noise
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from monitor.models import Article, Classification
from monitor.store.sqlite import Store
from monitor.web.auth import Auth

DAY = date(2025, 3, 25)
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def article(key: str, title: str, districts: list[str], body: list[str] | None = None,
            source: str = "shine-district") -> Article:
    url = f"https://www.shine.cn/feature/district/{key}/"
    return Article(url=url, canonical_url=url, source=source, title=title, lede=f"Lede of {title}.",
                   body=body or ["First paragraph.", "Second paragraph."], date=DAY,
                   published=datetime(2025, 3, 25, 10, tzinfo=UTC), districts=districts)


def verdict(score: float, partnership: bool = False, **fields: object) -> Classification:
    return Classification(partnership=partnership, score=score, version="test-1", **fields)


def put(store: Store, item: Article, result: Classification, first_seen: str) -> str:
    store.save_article(item, classification=result)
    assert item.id is not None
    # Plain SQL, which both backends' ``db`` take: the day an article was first stored.
    store.db.execute("update articles set first_seen_at = ?, updated_at = ? where id = ?",
                     [first_seen, first_seen, item.id])
    return item.id


def fill(store: Store) -> dict[str, str]:
    return {
        "qingpu": put(store, article("2503250001", "Qingpu and Fudan sign science park deal", ["Qingpu"],
                                     ["Qingpu District and Fudan University signed a cooperation "
                                      "agreement on Tuesday. More follows."]),
                      verdict(0.92, True, kind="agreement", parties=["Qingpu District", "Fudan University"],
                              sectors=["ai"], evidence=["Qingpu District and Fudan University signed a "
                                                        "cooperation agreement on Tuesday."]),
                      "2025-03-25T02:00:00+00:00"),
        "baoshan": put(store, article("2503250002", "Baoshan inks MoU with commission", ["Baoshan"]),
                       verdict(0.57, True, kind="mou", parties=["Baoshan District", "STCSM"],
                               check=["parties-unread"]), "2025-03-25T03:00:00+00:00"),
        "minhang": put(store, article("2503250003", "Minhang opens greenway", ["Minhang"]),
                       verdict(0.05), "2025-03-25T04:00:00+00:00"),
        "hostile": put(store, article("2503250004", HOSTILE, ["Jiading"], [f"Body {HOSTILE}"]),
                       verdict(0.9, True, kind="other", parties=[f"Party {HOSTILE}"],
                               evidence=[f"Body {HOSTILE}"]), "2025-03-25T05:00:00+00:00"),
        "earlier": put(store, article("2503240005", "Songjiang library extends hours", ["Songjiang"]),
                       verdict(0.1), "2025-03-23T05:00:00+00:00"),
    }


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def review(client: TestClient, article_id: str, **form: str) -> None:
    token = csrf_of(client.get(f"/article/{article_id}").text)
    response = client.post(f"/article/{article_id}/review", data={"csrf": token, **form},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def local_auth() -> Auth:
    return Auth(users={}, token=None, required=False, local_user="analyst")

"""Review actions: recorded with who, when, what and from what, and winning everywhere."""

from __future__ import annotations

import json

import feedparser
from webdata import DAY, TestClient, review

from monitor.config import Settings
from monitor.report.digest import build_digest, render_json, render_markdown
from monitor.report.feed import render_atom
from monitor.store.search import SearchFilters
from monitor.store.sqlite import Store


def test_confirm_records_the_user_and_marks_reviewed(client: TestClient, web_store: Store,
                                                     ids: dict[str, str]) -> None:
    review(client, ids["qingpu"], action="confirm")
    (row,) = web_store.reviews(ids["qingpu"])
    assert (row["user"], row["action"], row["partnership"]) == ("analyst", "confirm", 1)


def test_confirmed_article_leaves_the_to_check_list(client: TestClient, web_store: Store,
                                                    settings: Settings, ids: dict[str, str]) -> None:
    review(client, ids["baoshan"], action="confirm")
    assert ids["baoshan"] not in {i.id for i in build_digest(web_store, DAY, settings).to_check}


def test_rejected_announcement_leaves_the_day_page(client: TestClient, ids: dict[str, str]) -> None:
    review(client, ids["qingpu"], action="reject")
    page = client.get("/?date=2025-03-25").text
    assert "Partnership announcements (2)" in page and f'id="a-{ids["qingpu"]}"' in page
    assert '<span class="k">Parties</span>Qingpu District' not in page


def test_rejected_announcement_leaves_the_digest(client: TestClient, web_store: Store,
                                                 settings: Settings, ids: dict[str, str]) -> None:
    review(client, ids["qingpu"], action="reject")
    assert ids["qingpu"] not in {i.id for i in build_digest(web_store, DAY, settings).partnerships}


def test_rejected_announcement_leaves_the_feed(client: TestClient, web_store: Store,
                                               settings: Settings, ids: dict[str, str]) -> None:
    review(client, ids["qingpu"], action="reject")
    entries = feedparser.parse(render_atom(web_store, settings)).entries
    assert f"urn:monitor:article:{ids['qingpu']}" not in {e.id for e in entries}


def test_rejected_announcement_is_untagged_in_search(client: TestClient, web_store: Store,
                                                     ids: dict[str, str]) -> None:
    review(client, ids["qingpu"], action="reject")
    rows, _ = web_store.search_articles(SearchFilters(status="tagged"))
    assert ids["qingpu"] not in {r["id"] for r in rows}


def test_rejecting_an_untagged_article_makes_it_an_announcement(client: TestClient, web_store: Store,
                                                                settings: Settings,
                                                                ids: dict[str, str]) -> None:
    review(client, ids["minhang"], action="reject")
    assert ids["minhang"] in {i.id for i in build_digest(web_store, DAY, settings).partnerships}


def test_corrected_parties_win_in_the_digest_json(client: TestClient, web_store: Store,
                                                  settings: Settings, ids: dict[str, str]) -> None:
    review(client, ids["baoshan"], action="correct", parties="Baoshan District\nShanghai Science "
           "and Technology Commission", kind="mou", sectors="")
    data = json.loads(render_json(build_digest(web_store, DAY, settings)))
    item = next(i for i in data["partnerships"] if i["id"] == ids["baoshan"])
    assert item["parties"] == ["Baoshan District", "Shanghai Science and Technology Commission"]


def test_correction_records_what_changed_and_from_what(client: TestClient, web_store: Store,
                                                       ids: dict[str, str]) -> None:
    review(client, ids["baoshan"], action="correct", parties="Baoshan District; Commission",
           kind="agreement", sectors="Quantum")
    changes = json.loads(web_store.reviews(ids["baoshan"])[0]["changes"])
    assert changes == {"kind": {"from": "mou", "to": "agreement"},
                       "parties": {"from": ["Baoshan District", "STCSM"], "to": ["Baoshan District", "Commission"]},
                       "sectors": {"from": [], "to": ["quantum"]}}


def test_corrected_parties_win_in_the_feed(client: TestClient, web_store: Store,
                                           settings: Settings, ids: dict[str, str]) -> None:
    review(client, ids["baoshan"], action="correct", parties="Baoshan District\nCommission")
    entry = next(e for e in feedparser.parse(render_atom(web_store, settings)).entries
                 if e.id.endswith(ids["baoshan"]))
    assert entry.summary.startswith("Parties: Baoshan District; Commission.")


def test_reviewed_article_is_marked_in_the_markdown_digest(client: TestClient, web_store: Store,
                                                           settings: Settings, ids: dict[str, str]) -> None:
    review(client, ids["qingpu"], action="confirm")
    assert "Reviewed by: analyst" in render_markdown(build_digest(web_store, DAY, settings))


def test_undo_restores_the_classifier_values(client: TestClient, web_store: Store,
                                             ids: dict[str, str]) -> None:
    review(client, ids["qingpu"], action="reject")
    review(client, ids["qingpu"], action="undo")
    verdict = web_store.verdict(ids["qingpu"])
    assert verdict is not None and (verdict["partnership"], verdict["reviewed"]) == (1, 0)


def test_undo_keeps_both_actions_in_the_history(client: TestClient, web_store: Store,
                                                ids: dict[str, str]) -> None:
    review(client, ids["qingpu"], action="reject")
    review(client, ids["qingpu"], action="undo")
    rows = web_store.reviews(ids["qingpu"])
    assert [(r["action"], r["undoes"]) for r in rows] == [("reject", None), ("undo", rows[0]["id"])]


def test_note_is_shown_on_the_article_page(client: TestClient, ids: dict[str, str]) -> None:
    review(client, ids["qingpu"], action="note", note="Signed at the Tuesday ceremony <b>really</b>")
    assert "Note: Signed at the Tuesday ceremony &lt;b&gt;really&lt;/b&gt;" in \
        client.get(f"/article/{ids['qingpu']}").text


def test_review_survives_reclassification(client: TestClient, web_store: Store,
                                          ids: dict[str, str]) -> None:
    from monitor.models import Classification

    review(client, ids["qingpu"], action="reject")
    web_store.save_classification(ids["qingpu"], Classification(
        partnership=True, score=0.99, kind="agreement", parties=["X"], version="test-2"))
    verdict = web_store.verdict(ids["qingpu"])
    assert verdict is not None and (verdict["partnership"], verdict["version"]) == (0, "test-2")


def test_review_redirects_back_to_the_page_it_came_from(client: TestClient, ids: dict[str, str]) -> None:
    from webdata import csrf_of

    token = csrf_of(client.get("/?date=2025-03-25").text)
    response = client.post(f"/article/{ids['baoshan']}/review", follow_redirects=False,
                           data={"csrf": token, "action": "confirm", "back": "/?date=2025-03-25"})
    assert response.headers["location"] == "/?date=2025-03-25"


def test_review_never_redirects_off_site(client: TestClient, ids: dict[str, str]) -> None:
    from webdata import csrf_of

    token = csrf_of(client.get("/?date=2025-03-25").text)
    response = client.post(f"/article/{ids['baoshan']}/review", follow_redirects=False,
                           data={"csrf": token, "action": "confirm", "back": "//evil.example/"})
    assert response.headers["location"] == f"/article/{ids['baoshan']}"


def test_unknown_action_is_400(client: TestClient, ids: dict[str, str]) -> None:
    from webdata import csrf_of

    token = csrf_of(client.get("/?date=2025-03-25").text)
    response = client.post(f"/article/{ids['baoshan']}/review", data={"csrf": token, "action": "delete"})
    assert response.status_code == 400 and "action: &#39;delete&#39; is not one of" in response.text

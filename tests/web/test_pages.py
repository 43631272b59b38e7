"""The workspace's pages as a reader sees them (HTML), one behaviour per test."""

from __future__ import annotations

import pytest
from webdata import TestClient

DAY_URL = "/?date=2025-03-25"


def test_day_page_lists_announcements_with_labelled_parties(client: TestClient) -> None:
    page = client.get(DAY_URL).text
    assert '<span class="k">Parties</span>Qingpu District; Fudan University' in page


def test_day_page_shows_the_evidence_sentence(client: TestClient) -> None:
    assert "<blockquote>Qingpu District and Fudan University signed" in client.get(DAY_URL).text


def test_day_page_does_not_show_the_internal_score(client: TestClient) -> None:
    page = client.get(DAY_URL).text
    assert "0.92" not in page and "score 0.05" not in page


def test_day_page_puts_flagged_verdicts_on_the_to_check_list(client: TestClient,
                                                              ids: dict[str, str]) -> None:
    page = client.get(DAY_URL).text
    assert f'id="c-{ids["baoshan"]}"' in page and "parties not read" in page


def test_day_page_lists_other_articles_with_lede_and_source(client: TestClient) -> None:
    page = client.get(DAY_URL).text
    assert "Minhang opens greenway</a>" in page and "Lede of Minhang opens greenway." in page
    assert "shine-district · 2025-03-25" in page


def test_day_page_links_the_previous_day_with_articles(client: TestClient) -> None:
    assert 'href="/?date=2025-03-23" rel="prev"' in client.get(DAY_URL).text


def test_day_page_refuses_a_bad_date(client: TestClient) -> None:
    response = client.get("/?date=2025-13-45")
    assert response.status_code == 400 and "is not a date" in response.text


def test_article_page_highlights_evidence(client: TestClient, ids: dict[str, str]) -> None:
    page = client.get(f"/article/{ids['qingpu']}").text
    assert ("<mark>Qingpu District and Fudan University signed a cooperation agreement on "
            "Tuesday.</mark> More follows.") in page


def test_article_page_shows_rules_version_and_original_link(client: TestClient,
                                                            ids: dict[str, str]) -> None:
    page = client.get(f"/article/{ids['qingpu']}").text
    assert "Classifier test-1" in page
    assert 'href="https://www.shine.cn/feature/district/2503250001/" rel="noreferrer">original' in page


def test_unknown_article_is_404(client: TestClient) -> None:
    assert client.get("/article/0000000000000000").status_code == 404


@pytest.mark.parametrize("params, expected, absent", [
    ("q=greenway", "Minhang opens greenway", "Qingpu and Fudan"),
    ("kind=mou", "Baoshan inks MoU", "Qingpu and Fudan"),
    ("district=Qingpu", "Qingpu and Fudan", "Baoshan inks"),
    ("status=untagged", "Minhang opens greenway", "Baoshan inks"),
    ("date_from=2025-03-26&source=shine-district", "0 articles", "Minhang opens"),
    ("sector=ai", "Qingpu and Fudan", "Baoshan inks"),
])
def test_search_filters(client: TestClient, params: str, expected: str, absent: str) -> None:
    page = client.get(f"/search?{params}").text
    assert expected in page and absent not in page


def test_search_is_newest_first(client: TestClient) -> None:
    page = client.get("/search").text
    assert page.index("Songjiang library") > page.index("Minhang opens greenway")


def test_search_counts_matches_without_a_pager_on_one_page(client: TestClient) -> None:
    page = client.get("/search?status=untagged&page=1").text
    assert "2 articles" in page  # two untagged: page size is 20, so no pager
    assert 'rel="next"' not in page


def test_search_with_bad_date_says_which_filter(client: TestClient) -> None:
    response = client.get("/search?date_from=yesterday")
    assert response.status_code == 400 and "date_from: &#39;yesterday&#39; is not a date" in response.text


def test_search_with_broken_query_syntax_is_400_not_500(client: TestClient) -> None:
    # FTS5 refuses an unclosed quote (400, said on the page); PostgreSQL's web-search syntax
    # reads it as a phrase (200). Neither may fail the page.
    assert client.get('/search?q="unclosed').status_code in (200, 400)


def test_sources_page_lists_each_source(client: TestClient) -> None:
    assert "<td>shine-district" in client.get("/sources").text


def test_pages_work_without_javascript_forms_post_to_the_app(client: TestClient,
                                                             ids: dict[str, str]) -> None:
    page = client.get(f"/article/{ids['qingpu']}").text
    assert f'method="post" action="/article/{ids["qingpu"]}/review"' in page


@pytest.mark.parametrize("paragraph, sentence", [
    ("Before. The district’s deal was signed. After.", "The district's deal was signed."),
    ("Before. The deal was signed. After.", "The deal was signed."),
])
def test_highlight_marks_the_evidence_even_with_curly_quotes(paragraph: str, sentence: str) -> None:
    from monitor.web.queries import highlight

    marked = [text for text, is_evidence in highlight(paragraph, [sentence]) if is_evidence]
    assert len(marked) == 1 and marked[0].endswith("deal was signed.")


def test_highlight_without_evidence_keeps_the_paragraph_whole() -> None:
    from monitor.web.queries import highlight

    assert highlight("Nothing here.", ["Elsewhere."]) == [("Nothing here.", False)]


def test_search_counts_only_so_far_and_says_more_than(web_store, ids: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    from monitor.store.search import SearchFilters

    rows, total = web_store.search_articles(SearchFilters(), limit=2, offset=0, count_up_to=1)
    assert (len(rows), total) == (2, 3)  # five match; counting stopped one past the page


def test_a_page_past_the_end_still_counts_the_matches(web_store, ids: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    from monitor.store.search import SearchFilters

    rows, total = web_store.search_articles(SearchFilters(), limit=20, offset=100)
    assert (rows, total) == ([], 5)

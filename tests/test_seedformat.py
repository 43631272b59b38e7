from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import SHARED, needs_shared, seed_path
from monitor.errors import ParseError
from monitor.models import Article
from monitor.seedformat import detect_variant, looks_like_seed_text, read_text, write_seed


def test_seed_000_round_trips_byte_for_byte() -> None:
    raw = seed_path("000").read_bytes()
    assert write_seed(read_text(raw.decode("utf-8"))).encode("utf-8") == raw


def test_seed_000_photo_credit_is_not_body() -> None:
    article = read_text(seed_path("000").read_text(encoding="utf-8"))
    assert article.photo_credits == ["Ti Gong"]
    assert article.body[0].startswith("Baoshan District inked")


def test_raw_variant_recovers_page_fields() -> None:
    article = read_text(seed_path("003").read_text(encoding="utf-8"))
    assert article.title == "District partners with Fudan to build sci-tech park"
    assert article.section == "Feature / District"
    assert article.published == datetime(2025, 3, 25, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert article.published.isoformat() == "2025-03-25T14:00:00+08:00"
    assert (article.source_credit, article.editor) == ("SHINE", "Cao Qian")
    assert article.tags == ["Fudan University", "BT"]


def test_raw_variant_writes_normalized_form() -> None:
    text = write_seed(read_text(seed_path("003").read_text(encoding="utf-8")))
    first, second = text.split("\n\n")[:2]
    assert first == (" date 2025-03-25 Qingpu District and Fudan University have signed a "
                     "cooperation agreement to build a science and technology park in the "
                     "suburban district.")
    assert second.startswith("Qingpu District and Fudan University recently signed")
    assert "\xa0" not in text and "Source:" not in text and not text.endswith("\n")
    assert text.split("\n\n")[-1].startswith("Qingpu District and Fudan University have maintained")


def test_normalized_output_reads_back_to_the_same_text() -> None:
    once = write_seed(read_text(seed_path("003").read_text(encoding="utf-8")))
    assert write_seed(read_text(once)) == once


@pytest.mark.parametrize(("text", "variant"), [
    (" date 2024-01-02 A lede.\n\nBody.", "seed"),
    (" date 2025-03-25 |  \nFeature / District\n\nTitle here\n\n  14:00 UTC+8, 2025-03-25  0\nLede.", "raw"),
    ("Some headline about Jiading\n\nJun 8, 2018\n\nBody text here.", "plain"),
])
def test_detects_variant(text: str, variant: str) -> None:
    assert detect_variant(text) == variant


def test_plain_text_finds_title_and_date() -> None:
    article = read_text("Home > News\nJiading opens a new science park\nUpdated: 2019-03-07\n\n"
                        "The park opened on Monday.\n\nIt has 40 firms.")
    assert article.title == "Jiading opens a new science park"
    assert str(article.date) == "2019-03-07"
    assert article.body == ["The park opened on Monday.", "It has 40 firms."]


@pytest.mark.parametrize("credit", ["Ti Gong", "Imaginechina", "Dong Jun / SHINE", "Xinhua"])
def test_known_photo_credit_shapes(credit: str) -> None:
    article = read_text(f" date 2024-05-01 Lede sentence.\n\n{credit}\n\nFirst paragraph.")
    assert article.photo_credits == [credit]
    assert article.body == ["First paragraph."]


def test_short_sentence_is_not_taken_for_a_credit() -> None:
    article = read_text(" date 2024-05-01 Lede sentence.\n\nIt opened.\n\nMore text.")
    assert article.photo_credits == []
    assert article.body == ["It opened.", "More text."]


def test_whitespace_only_lines_separate_paragraphs() -> None:
    article = read_text(" date 2024-05-01 Lede.\n\nOne\u00a0paragraph.\n \u00a0\nTwo “quoted” 青浦.")
    assert article.body == ["One paragraph.", "Two “quoted” 青浦."]


def test_empty_text_is_a_parse_error_naming_the_file() -> None:
    with pytest.raises(ParseError, match="empty.txt: empty file"):
        read_text(" \n\n", path="empty.txt")


def test_writing_without_a_date_is_refused() -> None:
    with pytest.raises(ParseError, match="no publication date"):
        write_seed(Article(title="Undated", body=["x"]))


def test_looks_like_seed_text() -> None:
    assert looks_like_seed_text(" date 2024-01-01 x")
    assert not looks_like_seed_text("<html><body>date 2024</body></html>")


@needs_shared
def test_every_corpus_text_reads() -> None:
    rows = [json.loads(line) for line in (SHARED / "corpus" / "dev.jsonl").open(encoding="utf-8")]
    articles = [read_text(row["text"], path=row["url"]) for row in rows]
    assert len(articles) == len(rows) > 0
    assert all(a.title for a in articles)

"""`monitor export-reviews`, `monitor eval`, and the digest command's day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from webdata import fill

from monitor.report.reviews import Pair, same_party, score
from monitor.store.reviews import ReviewRequest
from monitor.store.sqlite import Store


@pytest.fixture
def reviewed_db(tmp_path: Path) -> dict[str, str]:
    with Store.open(tmp_path / "test.db") as store:
        ids = fill(store)
        store.add_review(ids["qingpu"], ReviewRequest("confirm", "ana"))
        store.add_review(ids["baoshan"], ReviewRequest("reject", "ana", note="a visit, no deal"))
        store.add_review(ids["minhang"], ReviewRequest("confirm", "ana"))
        store.add_review(ids["hostile"], ReviewRequest("correct", "ana", parties=["Jiading District", "SJTU"]))
    return ids


def test_export_reviews_writes_corpus_lines(run_cli, reviewed_db: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    rows = [json.loads(line) for line in run_cli("export-reviews").output.splitlines()]
    assert len(rows) == 4 and set(rows[0]) == {"url", "text", "partnership", "parties", "kind",
                                                "sectors", "district", "date", "note"}


def test_export_reviews_carries_the_reviewed_values(run_cli, reviewed_db: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    rows = {r["url"]: r for r in map(json.loads, run_cli("export-reviews").output.splitlines())}
    baoshan = rows["https://www.shine.cn/feature/district/2503250002/"]
    assert (baoshan["partnership"], baoshan["parties"], baoshan["note"]) == (False, [], "a visit, no deal")


def test_export_reviews_text_is_seed_format(run_cli, reviewed_db: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    row = json.loads(run_cli("export-reviews").output.splitlines()[0])
    assert row["text"].startswith(" date 2025-03-25 Lede of ")


def test_eval_prints_precision_recall_and_parties(run_cli, reviewed_db: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("eval", "--json").output
    assert json.loads(out) == {
        "reviewed": 4, "true_positive": 2, "false_positive": 1, "false_negative": 0,
        "true_negative": 1, "precision": 0.667, "recall": 1.0, "f1": 0.8,
        "party_precision": 0.667, "party_recall": 0.5, "party_f1": 0.571}


def test_eval_text_names_each_figure(run_cli, reviewed_db: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert "verdict: precision 0.667  recall 1.000  f1 0.800" in run_cli("eval").output


def test_score_without_reviews_has_no_figures() -> None:
    assert score([])["precision"] is None


@pytest.mark.parametrize("a, b, same", [
    ("Fudan University", "fudan university", True),
    ("Fudan", "Fudan University", True),
    ("Qingpu District", "Fudan University", False),
    ("the Shanghai Municipal Government", "Shanghai Municipal", True),
])
def test_party_names_match_loosely(a: str, b: str, same: bool) -> None:
    assert same_party(a, b) is same


def test_score_counts_party_agreement_on_shared_positives() -> None:
    result = score([Pair(True, True, ("A Corp", "B Univ"), ("A Corp", "C Lab"))])
    assert (result["party_precision"], result["party_recall"]) == (0.5, 0.5)


def test_digest_without_date_is_the_latest_day_with_new_articles(run_cli, reviewed_db: dict[str, str],  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    result = run_cli("digest", "--format", "json")
    assert "digest-2025-03-25.json" in result.output


def test_digest_of_a_day_without_articles_says_which_day_has_them(run_cli, reviewed_db: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("digest", "--date", "2025-03-01", "--format", "json")
    assert "the latest day with new articles is 2025-03-25" in result.stderr


def test_digest_with_an_impossible_date_says_it_is_not_a_date(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("digest", "--date", "2025-13-45")
    assert result.exit_code == 2 and "'2025-13-45' is not a date (YYYY-MM-DD" in result.stderr


def test_digest_help_says_what_a_digest_day_is(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert "first *stored*" in " ".join(run_cli("digest", "--help").output.split())


def test_serve_on_a_public_address_without_auth_exits_2(run_cli, reviewed_db: dict[str, str],  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONITOR_WEB_TOKEN", raising=False)
    result = run_cli("serve", "--listen", "0.0.0.0:8080")
    assert result.exit_code == 2 and "web.listen: listening on 0.0.0.0 needs authentication" in result.stderr


def test_serve_with_a_malformed_address_exits_2(run_cli, reviewed_db: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("serve", "--listen", "localhost")
    assert result.exit_code == 2 and "--listen: 'localhost' is not HOST:PORT" in result.stderr

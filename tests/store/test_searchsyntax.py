"""User search text becomes an FTS5 query that cannot be malformed."""

from __future__ import annotations

import sqlite3

import pytest

from monitor.store.searchsyntax import SearchSyntaxError, fts_query


@pytest.fixture
def index() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(body, tokenize='porter')")
    conn.executemany("insert into t (body) values (?)", [
        ("Qingpu District and Fudan University signed a cooperation agreement",),
        ("Jing'an tops the ranking; Tongji University hosts a forum",),
        ("An agreement on cooperation was discussed in Pudong",),
    ])
    return conn


def hits(index: sqlite3.Connection, text: str) -> list[int]:
    return [row[0] for row in index.execute("select rowid from t where t match ? order by rowid",
                                             [fts_query(text)])]


@pytest.mark.parametrize("text", ["AND", "OR", "NOT", "NEAR", "C++", "(x", '"x', "body:x", "a*b", "^x",
                                  "Jing'an", "Fudan AND", "'quoted'", "Tongji -", "-- x"])
def test_any_text_with_a_word_is_a_valid_query(index: sqlite3.Connection, text: str) -> None:
    assert isinstance(hits(index, text), list)


def test_words_must_all_appear(index: sqlite3.Connection) -> None:
    assert hits(index, "cooperation agreement") == [1, 3]


def test_quoted_phrase_keeps_word_order(index: sqlite3.Connection) -> None:
    assert hits(index, '"cooperation agreement"') == [1]


def test_words_are_stemmed(index: sqlite3.Connection) -> None:
    assert hits(index, "signs") == [1]


def test_or_takes_either(index: sqlite3.Connection) -> None:
    assert hits(index, "Fudan OR Tongji") == [1, 2]


def test_minus_leaves_out(index: sqlite3.Connection) -> None:
    assert hits(index, "agreement -Pudong") == [1]


def test_apostrophe_word_matches(index: sqlite3.Connection) -> None:
    assert hits(index, "Jing'an") == [2]


@pytest.mark.parametrize("text", ["", "   ", '""', "!!!", "(", '"'])
def test_nothing_to_look_for_is_an_error(text: str) -> None:
    with pytest.raises(SearchSyntaxError, match="nothing to search for"):
        fts_query(text)


def test_or_without_a_term_before_it_is_a_word() -> None:
    assert fts_query("OR") == '"OR"'


def test_only_exclusions_is_an_error() -> None:
    with pytest.raises(SearchSyntaxError, match="only words to leave out"):
        fts_query("-Pudong")

"""Gazetteer of Shanghai's districts: aliases, sub-areas, word boundaries and false friends."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.tag.districts import (
    Gazetteer,
    _first_word_tails,
    _matches,
    _trie,
    find_districts,
    find_mentions,
    load_gazetteer,
)

ROOT = Path(__file__).resolve().parents[2]
GAZETTEER = ROOT / "config" / "districts.toml"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev.jsonl"

SIXTEEN = ["Huangpu", "Xuhui", "Changning", "Jing'an", "Putuo", "Hongkou", "Yangpu", "Minhang",
           "Baoshan", "Jiading", "Pudong", "Jinshan", "Songjiang", "Qingpu", "Fengxian",
           "Chongming"]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(GAZETTEER)


def test_all_sixteen_districts_are_known(gazetteer: Gazetteer) -> None:
    assert sorted(gazetteer.districts) == sorted(SIXTEEN)


@pytest.mark.parametrize("district", SIXTEEN)
def test_each_district_is_found_by_name(gazetteer: Gazetteer, district: str) -> None:
    assert find_districts(f"A new library opened in {district} District on Monday.",
                          gazetteer) == [district]


@pytest.mark.parametrize("text, expected", [
    ("The Lin-gang Special Area unveiled new policies.", ["Pudong", "Lingang"]),
    ("Lingang attracts a battery maker.", ["Pudong", "Lingang"]),
    ("A biotech start-up moved to Zhangjiang.", ["Pudong"]),
    ("Pudong New Area released its plan.", ["Pudong"]),
    ("Caohejing Hi-Tech Park signed ten deals.", ["Xuhui"]),
    ("A gallery opened on the West Bund.", ["Xuhui"]),
    ("Waigaoqiao's bonded zone expanded.", ["Pudong"]),
    ("Wusong port handled more cruise ships.", ["Baoshan"]),
    ("A robot maker settled in Jiangqiao Town.", ["Jiading"]),
    ("Trains to Nanxiang run every ten minutes.", ["Jiading"]),
    ("The G60 corridor keeps growing.", ["Songjiang"]),
    ("The Oriental Beauty Valley hosts 3,000 brands.", ["Fengxian"]),
    ("Lujiazui towers lit up.", ["Pudong"]),
    ("Flights at Hongqiao were delayed.", ["Minhang"]),
    ("The expo centre in West Hongqiao reopened.", ["Qingpu"]),
])
def test_aliases_and_sub_areas_map_to_their_district(gazetteer: Gazetteer, text: str,
                                                     expected: list[str]) -> None:
    assert find_districts(text, gazetteer) == expected


def test_districts_come_in_order_of_first_mention_without_repeats(gazetteer: Gazetteer) -> None:
    text = "Qingpu and Jiading signed a deal; Qingpu will host the first meeting in Minhang."
    assert find_districts(text, gazetteer) == ["Qingpu", "Jiading", "Minhang"]


@pytest.mark.parametrize("text", ["Jing'an Temple", "Jing’an Temple", "JING'AN district",
                                  "Jingan Sculpture Park"])
def test_apostrophes_and_capitals_are_alike(gazetteer: Gazetteer, text: str) -> None:
    assert find_districts(text, gazetteer) == ["Jing'an"]


@pytest.mark.parametrize("text", ["Pudongese cooking", "XPudong Ltd", "baoshanite ore",
                                  "the qingpu-style noodles of a village"])
def test_mentions_need_word_boundaries_and_a_capital(gazetteer: Gazetteer, text: str) -> None:
    assert find_districts(text, gazetteer) == []


def test_hyphenated_and_possessive_forms_are_mentions(gazetteer: Gazetteer) -> None:
    assert find_districts("A Pudong-based firm and Songjiang's new park", gazetteer) == [
        "Pudong", "Songjiang"]


@pytest.mark.parametrize("text", ["A cruise on the Huangpu River at night.",
                                  "Shanghai Lingang Group opened an office.",
                                  "Lingang Songjiang Sci-tech City"])
def test_names_of_other_things_are_not_district_mentions(gazetteer: Gazetteer, text: str) -> None:
    assert "Huangpu" not in find_districts(text, gazetteer)
    assert "Lingang" not in find_districts(text, gazetteer)


def test_baoshan_in_yunnan_is_a_false_friend(gazetteer: Gazetteer) -> None:
    text = ("A university in Yunnan Province and the Baoshan municipal government signed an "
            "agreement in Baoshan, a city near the border.")
    assert find_districts(text, gazetteer) == []


def test_shanghai_baoshan_stays_when_confirmed(gazetteer: Gazetteer) -> None:
    text = "Baoshan District sent a delegation to Yunnan to buy coffee beans."
    assert find_districts(text, gazetteer) == ["Baoshan"]


def test_mentions_keep_offsets_and_text_as_written(gazetteer: Gazetteer) -> None:
    text = "Deals in Jing’an District and Lin-gang"
    mentions = find_mentions(text, gazetteer)
    assert [(m.text, text[m.start : m.end]) for m in mentions] == [
        ("Jing’an District", "Jing’an District"), ("Lin-gang", "Lin-gang")]


# ---- the data file -----------------------------------------------------------------------------


def write(tmp_path: Path, old: str, new: str) -> Path:
    text = GAZETTEER.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "districts.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, key", [
    ('districts = ["Pudong"]\nemit = true', 'districts = ["Pudung"]\nemit = true',
     "place.16.districts"),
    ('district = "Baoshan"', 'district = "Baoshang"', "false_friend.0.district"),
    ('aliases = ["Huangpu District", "Huangpu"]', 'aliases = ["huangpu"]', "place.0.aliases"),
    ("version = 1", 'version = "one"', "version"),
    ('context = ["Yunnan"', 'context = ["(Yunnan"', "false_friend.0.context"),
])
def test_bad_gazetteer_names_file_and_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    path = write(tmp_path, old, new)
    with pytest.raises(ConfigError) as caught:
        load_gazetteer(path)
    assert caught.value.key == key and str(path) in str(caught.value)


def test_missing_gazetteer_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read gazetteer"):
        load_gazetteer(tmp_path / "none.toml")


def test_two_gazetteers_do_not_share_state(tmp_path: Path, gazetteer: Gazetteer) -> None:
    other = load_gazetteer(write(tmp_path, '"Zhangjiang Hi-Tech Park", "Zhangjiang"',
                                 '"Zhangjiang Hi-Tech Park"'))
    assert find_districts("Zhangjiang", other) == []
    assert find_districts("Zhangjiang", gazetteer) == ["Pudong"]


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_labelled_districts_are_among_the_mentions(gazetteer: Gazetteer) -> None:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    found = sum(set(row["district"]) <= set(find_districts(row["text"], gazetteer))
                for row in rows)
    assert found / len(rows) >= 0.95


@pytest.mark.parametrize("text", [
    "Qingpu and Jiading signed a deal; Qingpu will host the first meeting in Minhang.",
    "The Lin-gang Special Area and Caohejing Hi-Tech Park in Xuhui signed ten deals.",
    "A university in Yunnan Province and the Baoshan municipal government signed an agreement.",
    "Baoshan District sent a delegation to Yunnan; Mount Putuo hosted a Putuo District tour.",
    "A cruise on the Huangpu River passed the Huangpu District office and JING'AN district.",
])
def test_districts_are_the_labels_of_the_mentions(gazetteer: Gazetteer, text: str) -> None:
    """find_districts reads the labels without building mentions: the same labels."""
    labels: dict[str, None] = {}
    for mention in find_mentions(text, gazetteer):
        labels.update(dict.fromkeys(mention.districts))
        if mention.emit:
            labels.setdefault(mention.label)
    assert find_districts(text, gazetteer) == list(labels)


# ---- aliases compiled word by word ---------------------------------------------------------------

def _one_alternation() -> re.Pattern[str]:
    """Every alias in one pattern, as the gazetteer compiled them before it went word by word."""
    data = tomllib.loads(GAZETTEER.read_text(encoding="utf-8"))
    aliases = [alias for place in data["place"] for alias in place["aliases"]]
    return re.compile(_trie(_first_word_tails(aliases)))


TRICKY = [
    "XPudong Ltd and Pudong-based firms in PUDONG NEW AREA",
    "Jing'an, Jing’an, JING'AN, Jingan, Jing-an and Jinganese food",
    "The Lin-gang Special Area, LIN-GANG, Lingang Group and Lingangxyz",
    "West Hongqiao, West Bund, West  Hongqiao, Westwood and WEST BUND",
    "G60 corridor, G600 road, G60S and the Caohejing Hi-Tech Park",
    "Huangpu River, HuangpuRiver, Huangpu District\nand Zhangjiang Hi-Tech Park",
    "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_word_by_word_matching_finds_what_one_alternation_finds(gazetteer: Gazetteer, text: str) -> None:
    expected = [(m.start(), m.end()) for m in _one_alternation().finditer(text)]
    assert _matches(text, gazetteer) == expected


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_word_by_word_matching_agrees_on_every_labelled_text(gazetteer: Gazetteer) -> None:
    pattern = _one_alternation()
    texts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    assert [_matches(t, gazetteer) for t in texts] == [
        [(m.start(), m.end()) for m in pattern.finditer(t)] for t in texts]


def test_loading_compiles_no_word_until_a_text_holds_it() -> None:
    fresh = load_gazetteer(GAZETTEER)
    find_districts("A park opened in Qingpu.", fresh)
    assert set(fresh._compiled_tails) == {"Qingpu"}

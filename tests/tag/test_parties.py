"""Reading and resolving party names (monitor.tag.parties), and the pattern helpers it holds.

The organisations here are invented; the district names come from the gazetteer. Name tests use
the lexicon of the real rules file, so they check the [parties] word lists as they ship.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from monitor.tag.classify import Rules, load_rules
from monitor.tag.parties import (
    Anchored,
    Phrases,
    Reader,
    alternation,
    around,
    at_start,
    cue_lists,
    final_parties,
    indirect,
    is_generic,
    last_words,
    leading_names,
    lower,
    merge,
    same_party,
    subject_before,
    words_of,
)

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "config" / "rules" / "partnership.toml"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


@pytest.fixture()
def reader(rules: Rules) -> Reader:
    return Reader(rules.lexicon)


def names_in(reader: Reader, sentence: str) -> list[str]:
    return [part for name in reader.read(sentence).names for part in name.parts]


def verb_at(sentence: str, verb: str) -> tuple[int, int]:
    start = sentence.index(verb)
    return start, start + len(verb)


def resolved(rules: Rules, reader: Reader, named: list[str], *sentences: str) -> list[str]:
    """final_parties over a principal part of one block per sentence."""
    blocks = list(sentences)
    return final_parties(named, blocks, lambda index: [blocks[index]], "\n".join(blocks),
                         reader, rules.gazetteer)


# ---- names as written ----------------------------------------------------------------------------


def test_names_are_read_as_written(reader: Reader) -> None:
    sentence = ("On Monday, Eastlake University signed an agreement with the Harbor Robotics "
                "Group and Jinshan District Government.")
    assert names_in(reader, sentence) == ["Eastlake University", "Harbor Robotics Group",
                                          "Jinshan District Government"]


@pytest.mark.parametrize("sentence, expected", [
    ("The Ministry of Science and Technology signed it.", ["Ministry of Science and Technology"]),
    ("Northfield Normal University and Lakeside College signed it.",
     ["Northfield Normal University", "Lakeside College"]),
    ("Harbor Paint Co. The factory opens in May.", ["Harbor Paint Co"]),
    ("Fengxian district government signed it.", ["Fengxian district government"]),
    ("Jiangsu's Lakeview city signed it.", ["Lakeview"]),
    ("It was signed with Harbor Paint Co.", ["Harbor Paint Co"]),
])
def test_names_are_trimmed_and_split(reader: Reader, sentence: str, expected: list[str]) -> None:
    assert names_in(reader, sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Li Ming signed the agreement.",
    "Mayor Chen Hua attended.",
    "The Harbor Robotics Forum opened.",
    "China and Shanghai welcomed it.",
    "On-site visits followed.",
    "Twelve projects were signed.",
    "Sixty firms joined.",
    "Twenty-Three companies signed up.",
    "TWELVE projects were signed.",
])
def test_people_events_places_and_numbers_are_not_names(reader: Reader, sentence: str) -> None:
    assert names_in(reader, sentence) == []


def test_asides_are_blanked_but_offsets_kept(reader: Reader) -> None:
    sentence = "Harbor Robotics Group, a unit of Meridian Holdings, signed with Eastlake University."
    read = reader.read(sentence)
    assert len(read.masked) == len(sentence)
    assert names_in(reader, sentence) == ["Harbor Robotics Group", "Eastlake University"]


def test_a_reader_reads_each_sentence_once(reader: Reader) -> None:
    sentence = "Eastlake University signed it."
    assert reader.read(sentence) is reader.read(sentence)


# ---- lists around a verb -------------------------------------------------------------------------


def test_coordinated_subject_is_split(reader: Reader) -> None:
    sentence = ("Baoshan District, Northfield University and Harbor Robotics Group signed a "
                "cooperation agreement.")
    start, _ = verb_at(sentence, "signed")
    assert subject_before(reader.read(sentence), start, reader) == (
        ["Baoshan District", "Northfield University", "Harbor Robotics Group"], True)


def test_a_comma_alone_joins_nothing(reader: Reader) -> None:
    sentence = "In Jiading District, Harbor Robotics Group signed an agreement."
    start, _ = verb_at(sentence, "signed")
    assert subject_before(reader.read(sentence), start, reader) == (["Harbor Robotics Group"], False)


def test_subject_then_the_list_after_with(reader: Reader) -> None:
    sentence = ("Putuo District signed cooperation agreements on Monday with Northfield Normal "
                "University and Lakeside College.")
    parties, joined = around(reader.read(sentence), *verb_at(sentence, "signed"), reader)
    assert parties == ["Putuo District", "Northfield Normal University", "Lakeside College"]
    assert not joined


def test_between_and_by_lists(reader: Reader) -> None:
    between = "The agreement between Eastlake University and Harbor Robotics Group was signed."
    assert cue_lists(reader.read(between), 0) == ["Eastlake University", "Harbor Robotics Group"]
    by = "A joint lab was set up by Lakeside University and Meridian Instruments Co on Monday."
    assert cue_lists(reader.read(by), 0) == ["Lakeside University", "Meridian Instruments Co"]


def test_with_after_a_comma_is_an_aside(reader: Reader) -> None:
    sentence = "Harbor Robotics Group signed the deal, with Eastlake University as a witness."
    start, end = verb_at(sentence, "signed")
    assert around(reader.read(sentence), start, end, reader)[0] == ["Harbor Robotics Group"]


def test_headline_verb_is_cut_from_the_name(reader: Reader) -> None:
    sentence = "Jinshan District Government Signs Agreement with Eastlake University"
    parties, _ = around(reader.read(sentence), *verb_at(sentence, "Signs"), reader)
    assert parties == ["Jinshan District Government", "Eastlake University"]


def test_pronoun_stands_for_the_latest_parties(reader: Reader) -> None:
    earlier = reader.read("Jinshan District and Northfield University met on Monday.")
    sentence = reader.read("They signed an agreement on a new campus.")
    assert leading_names(earlier, reader) == ["Jinshan District", "Northfield University"]
    assert indirect([], sentence, None, [earlier], reader, pronoun=True, needs=True) == [
        "Jinshan District", "Northfield University"]
    assert indirect([], sentence, ["Harbor Robotics Group", "Eastlake University"], [earlier],
                    reader, pronoun=True, needs=True) == ["Harbor Robotics Group",
                                                          "Eastlake University"]


ARTICLE = ("Northfield University signed a pact with Harbor Robotics Group on Monday to deepen "
           "cooperation in research.Marine science and robotics are the key areas under the pact. "
           "Lakeview expects the first projects in May. Engineers from Lakeview will visit.")


@pytest.mark.parametrize("sentence, expected", [
    ("Marine science and robotics are the key areas under the pact.", []),
    ("Lakeview expects the first projects in May.", ["Lakeview"]),
])
def test_a_sentence_initial_word_leads_only_when_the_article_names_it_elsewhere(
        rules: Rules, sentence: str, expected: list[str]) -> None:
    reader = Reader(rules.lexicon, ARTICLE)
    assert leading_names(reader.read(sentence), reader) == expected


# ---- one entry per organisation, short forms resolved --------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("Eastlake", "Eastlake University"),
    ("Minhang Government", "Minhang District Government"),
    ("ECU", "Eastlake Coastal University"),
    ("the Harbor Robotics Group", "Harbor Robotics Group"),
])
def test_same_party(reader: Reader, a: str, b: str) -> None:
    assert same_party(a, b, reader) and same_party(b, a, reader)


def test_different_parties(reader: Reader) -> None:
    assert not same_party("Eastlake University", "Eastlake Hospital", reader)
    assert merge(["Eastlake", "Harbor Robotics Group", "Eastlake University"], reader) == [
        "Eastlake University", "Harbor Robotics Group"]


def test_generic_references(reader: Reader) -> None:
    assert is_generic("the District Government", reader)
    assert is_generic("the university", reader)
    assert not is_generic("Eastlake University", reader)


def test_short_form_resolves_to_the_full_name_used_earlier(rules: Rules, reader: Reader) -> None:
    assert resolved(rules, reader, ["Eastlake", "Harbor Robotics Group"],
                    "Eastlake University and Harbor Robotics Group signed an agreement.") == [
        "Eastlake University", "Harbor Robotics Group"]


def test_the_university_resolves_to_the_university_named(rules: Rules, reader: Reader) -> None:
    assert resolved(rules, reader, ["the university", "Harbor Robotics Group"],
                    "A new campus for Northfield University will open in May.",
                    "The university signed an agreement with Harbor Robotics Group.") == [
        "Northfield University", "Harbor Robotics Group"]


def test_the_district_resolves_to_the_district_named(rules: Rules, reader: Reader) -> None:
    assert resolved(rules, reader, ["the District Government", "Eastlake University"],
                    "The District Government signed an agreement with Eastlake University.",
                    "The campus will open in Songjiang District next year.") == [
        "Songjiang District", "Eastlake University"]


def test_unresolved_generic_reference_is_dropped(rules: Rules, reader: Reader) -> None:
    assert resolved(rules, reader, ["the university", "Harbor Robotics Group"],
                    "The university signed an agreement with Harbor Robotics Group.") == [
        "Harbor Robotics Group"]


def test_district_and_lower_case_town_describe_the_town_named(rules: Rules,
                                                              reader: Reader) -> None:
    text = "Jinshan town signs deal with paint maker"
    named = ["Jinshan town", "Lakeview Town government", "Harbor Paint Co"]
    assert resolved(rules, reader, named, text) == ["Lakeview Town government", "Harbor Paint Co"]
    alone = ["Jinshan town", "Harbor Paint Co"]
    assert resolved(rules, reader, alone, text) == alone  # no town named: it stays
    capital = ["Jinshan District", "Lakeview Town government"]
    assert resolved(rules, reader, capital, text) == capital  # the district itself


# ---- pattern helpers -----------------------------------------------------------------------------


def test_alternation_is_a_trie_of_the_phrases() -> None:
    pattern = re.compile(alternation(["sign", "signed", "sign up", "ink"]) + "$")
    assert all(pattern.match(p) for p in ["sign", "signed", "sign  up", "ink"])
    assert not pattern.match("sig")


def test_words_of_are_the_lower_case_letter_and_digit_runs() -> None:
    text = "Signed:  the MoU (co-built, 5G) “agreement” in Zürich"
    assert words_of(text) == [w.encode() for w in re.findall(r"[a-z0-9]+", text.lower())]


def test_lower_refuses_letters_whose_case_differs_in_the_engine() -> None:
    assert lower("Signed") == "signed"
    assert lower("ſigned") is None and lower("SIGNED Kelvin \u212a") is None


def test_last_words() -> None:
    assert last_words("the two sides will  also ", 3) == len("the two ")
    assert last_words("will ", 3) == 0


def test_at_start() -> None:
    assert at_start(re.compile(r"^By\s"))
    assert not at_start(re.compile(r"^a|b"))
    assert not at_start(re.compile(r"(?m)^By"))
    assert not at_start(re.compile(r"photo"))


def test_phrases_are_found_on_word_boundaries_and_capitals_kept() -> None:
    phrases = Phrases.build({"ai": ["artificial intelligence", "AI"], "culture": ["art"]})
    assert phrases.find("Artificial  Intelligence and AI") == ["ai"]
    assert phrases.find("said the smart chain") == []
    assert phrases.find("the art of AI") == ["ai", "culture"]
    assert phrases.find("the art of Ai-driven design") == ["culture"]


@pytest.mark.parametrize("text, expected", [
    ("a new energy vehicles plant", ["vehicles"]),
    ("new energy and new energy vehicles", ["energy", "vehicles"]),
    ("new-energy vehicles", ["vehicles"]),
    ("new energy\nvehicles", ["vehicles"]),
])
def test_a_phrase_counts_only_where_no_longer_one_stands(text: str, expected: list[str]) -> None:
    phrases = Phrases.build({"energy": ["new energy"], "vehicles": ["new energy vehicles"]})
    assert phrases.find(text) == expected


def test_anchored_reads_the_beginnings_of_a_pattern() -> None:
    anchored = Anchored(re.compile(r"\b(?:sign(?:ed)?|ink)\s+(?:a|the)\s+deal", re.I))
    assert anchored.anchor is not None and anchored.word_start
    assert Anchored(re.compile(r"\s+sign")).anchor is None  # starts with a class: run as usual


ALPHABET = [
    *"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ,.;-'’()0123456789",
    "\u0130", "\u0131", "\u017f", "\u212a", "é", "ß", " sign ", " signed ", "agreement",
    " with ", " by ", "will ", "not ", "jointly ", "set up ", "lab", "MoU", " projects ",
    "twelve", "a total of ", "action plan ", "co-built ", "  ", "\n"]


def random_texts(count: int, seed: int) -> list[str]:
    chooser = random.Random(seed)
    return ["".join(chooser.choice(ALPHABET) for _ in range(chooser.randint(0, 30)))
            for _ in range(count)]


def test_anchored_matches_are_the_engines_matches(rules: Rules) -> None:
    patterns = [rule.find for rule in rules.rules] + [rules.hedge, rules.negation,
                                                     rules.background, rules.pronoun]
    for text in random_texts(3000, seed=7):
        low = lower(text)
        for pattern in patterns:
            expected = [(m.span(), m.groups()) for m in pattern.regex.finditer(text)]
            assert [(m.span(), m.groups()) for m in pattern.finditer(text, low)] == expected
            first = pattern.regex.search(text)
            found = pattern.search(text, low)
            assert (first and first.span()) == (found and found.span())


def test_cue_ending_the_text_lies_in_its_last_words(rules: Rules) -> None:
    for text in random_texts(3000, seed=11):
        low = lower(text)
        for cue in (rules.hedge, rules.negation):
            expected = cue.regex.search(text)
            found = cue.search(text, low, last_words(text, rules.cue_words))
            assert (expected and expected.span()) == (found and found.span())


@pytest.mark.parametrize("sentence, parts", [
    ("Eastlake University President Li Ming attended.", ("Eastlake University",)),
    ("Zhejiang's Lakeside City signed.", ("Lakeside City",)),
    ("The Consulate General of Eastland in Shanghai signed.", ("Consulate General of Eastland",)),
    ("Du Ming addressed the meeting.", ()),
])
def test_owners_office_holders_and_people_are_trimmed_from_names(reader: Reader, sentence: str,
                                                                 parts: tuple[str, ...]) -> None:
    found = tuple(part for name in reader.read(sentence).names for part in name.parts)
    assert found == parts

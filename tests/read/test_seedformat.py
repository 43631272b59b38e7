from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import SHARED, needs_shared, seed_path
from monitor.errors import ParseError
from monitor.models import Article
from monitor.read.seedformat import detect_variant, looks_like_seed_text, read_text, write_seed


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


def test_breadcrumb_head_line_is_the_raw_variant() -> None:
    article = read_text(" date 2020-12-03 News / Metro\n\nHub marks first year\n\n"
                        "The hub celebrates today.\nThe hub opened a year ago in Putuo.\n\nMore text here.")
    assert (article.section, article.title) == ("News / Metro", "Hub marks first year")
    assert article.lede == "The hub celebrates today."
    assert article.body == ["The hub opened a year ago in Putuo.", "More text here."]


def test_repeated_paragraph_is_kept_once() -> None:
    article = read_text(" date 2023-08-31 A lede.\n\nThe summit was held.\n\nThe summit was held.\n\nDeals followed.")
    assert article.body == ["The summit was held.", "Deals followed."]


def test_plain_text_drops_page_furniture_and_joins_wrapped_words() -> None:
    article = read_text("Chongming signs framework agreement with a newspaper\nPrint Mail Large Medium Small 0\n"
                        "( )\nThe Government of Chong-\nming County signed it.\nphoto1.JPG\n")
    assert article.body == ["The Government of Chongming County signed it."]


@pytest.mark.parametrize(("line", "day"), [("Baoshan cruising to world status - 2019年08月08日", "2019-08-08"),
                                           ("Updated: 2020-03-13", "2020-03-13")])
def test_plain_text_dates(line: str, day: str) -> None:
    article = read_text(f"{line}\nA headline about Baoshan cruise port\n\nBody text of the story.")
    assert str(article.date) == day


def test_date_stuck_to_a_long_title_is_cut_off() -> None:
    article = read_text("An official press conference announces a cosmetics conference to open in Fengxian "
                        "next month Time:2023-10-26\nThe conference opens on November 8.")
    assert article.title.endswith("next month") and str(article.date) == "2023-10-26"


@pytest.mark.parametrize(("text", "sentences"), [
    ("It signed with Xinya Technology Co. The factory opens in May.",
     ["It signed with Xinya Technology Co.", "The factory opens in May."]),
    ("Jiushi Group Co. Ltd. signed a deal. It is big.", ["Jiushi Group Co. Ltd. signed a deal.", "It is big."]),
    ("to deepen innovation.Life science is key.", ["to deepen innovation.", "Life science is key."]),
    ("Dr. Wang spoke. No. 3 Road opened.", ["Dr. Wang spoke.", "No. 3 Road opened."]),
    ('They signed the "Harbor Co., Ltd. Strategic Cooperation Agreement" on Monday. It runs to 2030.',
     ['They signed the "Harbor Co., Ltd. Strategic Cooperation Agreement" on Monday.', "It runs to 2030."]),
])
def test_split_sentences(text: str, sentences: list[str]) -> None:
    from monitor.text import split_sentences

    assert split_sentences(text) == sentences


STORY = ("Eastlake University and Harbor Robotics Group signed a cooperation agreement on Monday "
         "to build a joint laboratory in the district.")


@pytest.mark.parametrize("before", [
    "Photo: the signing ceremony in the district hall",
    "By Wang Lei and Chen Hua",
    "Global Edition 中文 Français English",
    "Eastlake Daily / 2024-05-06 / Page A3",
    "Jun 8, 2024 | 10:20",
    "Related: Lakeside Bank opens a branch in the old town",
    "Read more: Harbor Group posts record profits",
    "Get more with myNEWS\nA personalised news feed of stories that matter to you\nLearn more",
])
def test_plain_text_title_is_not_a_caption_byline_menu_or_dateline(before: str) -> None:
    article = read_text(f"{before}\nEastlake and Harbor sign lab deal\n{STORY}")
    assert article.title == "Eastlake and Harbor sign lab deal"


def test_plain_text_site_name_above_a_location_bar_is_not_the_title() -> None:
    article = read_text("Eastlake District Government Portal\nYou are here: Home > News\n"
                        f"Eastlake and Harbor sign lab deal\n{STORY}")
    assert article.title == "Eastlake and Harbor sign lab deal" and article.body == [STORY]


def test_plain_text_title_repeated_under_the_date_is_not_a_paragraph() -> None:
    article = read_text(f"Eastlake and Harbor sign lab deal\n2024-05-06\n"
                        f"Eastlake and Harbor sign lab deal\n{STORY}")
    assert article.body == [STORY]


def test_plain_text_site_name_above_a_menu_is_not_the_title() -> None:
    article = read_text("Eastlake District People's Government\n中文 | English\n"
                        "Home | About Eastlake | News | Government | Investment | Services\n"
                        f"Home > News > District News\n\nEastlake and Harbor sign lab deal\n\n{STORY}")
    assert article.title == "Eastlake and Harbor sign lab deal" and article.body == [STORY]


def test_plain_text_current_location_bar_is_not_the_title() -> None:
    article = read_text("Eastlake University News\nHOME | NEWS | RESEARCH\n"
                        f"Current location: Home > News\nEastlake and Harbor sign lab deal\n{STORY}")
    assert article.title == "Eastlake and Harbor sign lab deal"


def test_plain_text_dateline_with_a_bar_under_the_title_keeps_the_title() -> None:
    article = read_text(f"Eastlake and Harbor sign lab deal\nJun 8, 2024 | 10:20\n{STORY}")
    assert article.title == "Eastlake and Harbor sign lab deal" and article.body == [STORY]


def test_plain_text_long_page_facts_line_dates_the_page_and_is_not_a_paragraph() -> None:
    facts = ("Date: 2024-06-03  Source: Eastlake District News and Information Office  "
             "Font size: L M S")
    article = read_text(f"Eastlake and Harbor sign lab deal\n\n{facts}\n\n{STORY}")
    assert str(article.date) == "2024-06-03" and article.body == [STORY]


def test_plain_text_sentence_starting_with_a_label_word_stays_a_paragraph() -> None:
    sentence = ("Source code of the new platform, the district said on 2024-05-06, will be shared "
                "with every company in the park.")
    article = read_text(f"Eastlake and Harbor sign lab deal\n\n{STORY}\n\n{sentence}")
    assert article.body == [STORY, sentence]


def test_raw_variant_credit_line_stuck_to_a_paragraph_is_a_credit() -> None:
    article = read_text(" date 2025-04-18 |\nFeature / District\n\nEastlake and Harbor sign lab deal\n\n"
                        f"    16:32 UTC+8, 2025-04-18             0\n{STORY}\nTi Gong\n"
                        "The signing took place in the district hall on Friday.\n")
    assert article.photo_credits == ["Ti Gong"]
    assert article.body == ["The signing took place in the district hall on Friday."]


def test_plain_text_menu_and_button_bars_after_the_title_are_not_paragraphs() -> None:
    article = read_text(f"Eastlake and Harbor sign lab deal\nHome > News > District News\n{STORY}\n"
                        "Print | Close\n")
    assert article.body == [STORY]


def test_plain_text_paragraph_with_a_bar_in_a_sentence_stays() -> None:
    sentence = "The lab's two floors | offices and clean rooms | open to both partners next year."
    article = read_text(f"Eastlake and Harbor sign lab deal\n{STORY}\n{sentence}\n")
    assert article.body == [STORY, sentence]


# Paragraphs one a line: the same article with its blank lines lost reads the same.
PARAGRAPHS = [STORY, "The lab will open next spring with 40 researchers from both sides.",
              "“It is a milestone,” the university's president said."]


@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_seed_paragraphs_one_a_line_read_as_with_blank_lines(separator: str) -> None:
    article = read_text(" date 2024-05-06 A lede.\n\n" + separator.join(PARAGRAPHS))
    assert article.body == PARAGRAPHS


def test_seed_heading_among_paragraphs_one_a_line_is_its_own_paragraph() -> None:
    article = read_text(" date 2024-05-06 A lede.\n\n" + "\n".join([PARAGRAPHS[0], "Key projects",
                                                                      *PARAGRAPHS[1:]]))
    assert article.body == [PARAGRAPHS[0], "Key projects", *PARAGRAPHS[1:]]


def test_seed_photo_credit_over_paragraphs_one_a_line_is_a_credit() -> None:
    article = read_text(" date 2024-05-06 A lede.\nTi Gong\n" + "\n".join(PARAGRAPHS))
    assert article.photo_credits == ["Ti Gong"] and article.body == PARAGRAPHS


@pytest.mark.parametrize("wrapped", [
    "Eastlake University and Harbor Robotics Group signed a cooperation agreement\n"
    "on Monday to build a joint laboratory in the district. The lab will open next\n"
    "spring with 40 researchers.",
    "The two sides signed the agreement.\nIt was witnessed by district officials and\n"
    "the university's president.",
])
def test_seed_prose_wrapped_at_a_width_is_still_one_paragraph(wrapped: str) -> None:
    article = read_text(f" date 2024-05-06 A lede.\n\n{wrapped}")
    assert article.body == [" ".join(wrapped.split("\n"))]


def test_raw_variant_paragraphs_one_a_line_keep_lede_credit_and_body() -> None:
    article = read_text(" date 2025-04-18 |\nFeature / District\nEastlake and Harbor sign lab deal\n"
                        "16:32 UTC+8, 2025-04-18 0\nThe two sides signed on Friday.\nTi Gong\n"
                        + "\n".join(PARAGRAPHS) + "\nSource: SHINE Editor: Wang Lei\nEastlake")
    assert (article.lede, article.photo_credits) == ("The two sides signed on Friday.", ["Ti Gong"])
    assert (article.body, article.tags) == (PARAGRAPHS, ["Eastlake"])


def test_page_text_with_a_no_break_space_in_its_time_line_is_the_raw_variant() -> None:
    article = read_text("|\nFeature / District\n\nEastlake and Harbor sign lab deal\n\n"
                        f"16:32 UTC+8,\u00a02025-04-18 0\n{STORY}\n")
    assert article.published == datetime(2025, 4, 18, 16, 32, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert (article.title, article.lede) == ("Eastlake and Harbor sign lab deal", STORY)


def test_seed_head_written_in_capitals_is_still_the_head() -> None:
    article = read_text(" DATE 2024-05-06 EASTLAKE AND HARBOR SIGN LAB DEAL\n\n" + STORY)
    assert (str(article.date), article.lede, article.body) == (
        "2024-05-06", "EASTLAKE AND HARBOR SIGN LAB DEAL", [STORY])


def test_seed_head_word_must_stand_alone() -> None:
    assert detect_variant(" dated 2024-05-06 A lede.\n\nBody.") == "plain"


@pytest.mark.parametrize("credit", ["Ti Gong", "Imaginechina", "Dong Jun / SHINE"])
def test_plain_text_photo_credit_under_the_title_is_a_credit(credit: str) -> None:
    article = read_text(f"Eastlake and Harbor sign lab deal\n\n{credit}\n\n{STORY}")
    assert (article.photo_credits, article.body) == ([credit], [STORY])


def test_plain_text_short_line_under_the_title_that_is_no_credit_stays() -> None:
    article = read_text(f"Eastlake and Harbor sign lab deal\n\nHu Min\n\n{STORY}")
    assert (article.photo_credits, article.body) == ([], ["Hu Min", STORY])


RAW_PAGE = ("|\nFeature / District\n\nEastlake and Harbor sign lab deal\n\n"
            f"16:32 UTC+8, 2025-04-18 0\n{STORY}\n\nThe lab opens next spring in the district.")


@pytest.mark.parametrize("furniture", ["Home > News > Districts\nShare\nPrint | Email | Font size: A A A",
                                       "Ti Gong", "Feature / District"])
def test_raw_page_furniture_above_the_breadcrumb_is_not_the_title(furniture: str) -> None:
    article = read_text(f"{furniture}\n\n{RAW_PAGE}")
    assert (article.section, article.title, article.lede) == (
        "Feature / District", "Eastlake and Harbor sign lab deal", STORY)


def test_seed_head_under_page_furniture_is_still_the_head() -> None:
    article = read_text("Home > News > Districts\nShare\n\n date 2025-04-18 |\n\n" + RAW_PAGE[2:])
    assert (str(article.date), article.title) == ("2025-04-18", "Eastlake and Harbor sign lab deal")


def test_seed_head_printed_again_is_not_the_title() -> None:
    article = read_text(" date 2025-04-18 |\n\ndate 2025-04-18 |\n" + RAW_PAGE[2:])
    assert article.title == "Eastlake and Harbor sign lab deal"


def test_seed_head_below_a_paragraph_is_not_looked_for() -> None:
    article = read_text(f"Eastlake and Harbor sign lab deal\n{STORY}\n date 2025-04-18 A lede.")
    assert (article.title, article.extractor) == ("Eastlake and Harbor sign lab deal", "text:plain")


WRAPPED = ("Eastlake University and Harbor Robotics Group signed a cooperation agreement\n"
           "on Monday to build a joint laboratory in the district, the two sides said in a\n"
           "statement.")


def test_plain_text_prose_wrapped_at_a_width_is_one_paragraph() -> None:
    article = read_text(f"Eastlake and Harbor sign lab deal\n\n{WRAPPED}\n\nThe lab opens next spring.")
    assert article.body == [" ".join(WRAPPED.split("\n")), "The lab opens next spring."]


@pytest.mark.parametrize("block", [
    f"Eastlake and Harbor sign lab deal\n{STORY}",
    "eastlake and harbor sign lab deal on monday in the district\n" + STORY.lower(),
    "eastlake and harbor sign a lab deal in the district on monday\n" * 2 + STORY.lower(),
])
def test_plain_text_lines_that_are_no_wrapping_stay_apart(block: str) -> None:
    assert len(read_text(f"{block}\n\nThe lab opens next spring.").body) >= 2


def test_raw_variant_lede_wrapped_at_a_width_is_the_whole_lede() -> None:
    article = read_text("|\nFeature / District\n\nEastlake and Harbor sign lab deal\n\n"
                        f"16:32 UTC+8, 2025-04-18 0\n{WRAPPED}\n\n{STORY}")
    assert (article.lede, article.body) == (" ".join(WRAPPED.split("\n")), [STORY])


def test_plain_text_prose_wrapped_before_names_is_one_paragraph() -> None:
    wrapped = ("The Eastlake Hydrogen Research Institute was unveiled on\n"
               "Tuesday, jointly set up by the Eastlake District government and the\n"
               "Harbor Institute of Advanced Research of the Chinese Academy of\n"
               "Sciences.")
    article = read_text(f"Hydrogen institute unveiled in Eastlake\n\n{wrapped}")
    assert article.body == [" ".join(wrapped.split("\n"))]


def test_raw_page_whose_header_is_only_furniture_takes_it_for_the_title() -> None:
    article = read_text(f"|\nFeature / District\n\nHome | Business | Economy\n\n16:32 UTC+8, 2025-04-18 0\n{STORY}")
    assert (article.title, article.lede) == ("Home | Business | Economy", STORY)


@pytest.mark.parametrize("byline", ["By Wang Ming", "BY LI QIAN AND HU MIN", "By: Lu Wen | Zhang Liu"])
def test_raw_page_byline_above_the_section_is_not_the_title(byline: str) -> None:
    article = read_text(f" date 2025-04-18 |\n\n{byline}\n{RAW_PAGE[2:]}")
    assert (article.title, article.lede) == ("Eastlake and Harbor sign lab deal", STORY)


def test_raw_page_byline_under_the_time_line_is_not_the_lede() -> None:
    page = RAW_PAGE.replace("0\n", "0\nBy Wang Ming\n", 1)
    assert read_text(page).lede == STORY


def test_plain_text_byline_under_the_title_is_no_paragraph() -> None:
    article = read_text(f"Eastlake and Harbor sign lab deal\n\nBy Wang Ming\n\nHu Min\n{STORY}\nHu Min\n\nMore.")
    assert article.body[:3] == ["Hu Min", STORY, "Hu Min"]


def test_a_sentence_opening_with_by_is_no_byline() -> None:
    article = read_text(f"Eastlake and Harbor sign lab deal\n\nBy 2030 Eastlake will host 40 labs.\n\n{STORY}")
    assert article.body == ["By 2030 Eastlake will host 40 labs.", STORY]


def test_raw_page_share_bar_under_the_time_line_is_not_the_lede() -> None:
    page = RAW_PAGE.replace("0\n", "0\nShare: WeChat Weibo LinkedIn\n", 1)
    assert read_text(page).lede == STORY


@pytest.mark.parametrize("byline", ["by chen xi", "by chen xi (china daily shanghai bureau)"])
def test_plain_text_byline_in_lower_case_is_no_paragraph(byline: str) -> None:
    article = read_text(f"eastlake and harbor sign lab deal\n\n{byline}\n\n{STORY.lower()}")
    assert article.body == [STORY.lower()]


def test_a_lower_case_phrase_opening_with_by_is_no_byline() -> None:
    article = read_text(f"eastlake and harbor sign lab deal\n\nby the end of june\n\n{STORY.lower()}")
    assert article.body[0] == "by the end of june"


def test_a_date_in_lower_case_dates_the_page() -> None:
    article = read_text(f"eastlake and harbor sign lab deal\n\njun 8, 2018\n\n{STORY.lower()}")
    assert (str(article.date), article.body) == ("2018-06-08", [STORY.lower()])



def test_plain_text_headings_above_paragraphs_one_a_line_stay_apart() -> None:
    long = STORY + " The two sides will share equipment, data and staff over the next five years."
    article = read_text(f"News in brief\nLab deal\n{long}\nBook house opens\n{long.replace('lab', 'shop')}")
    assert article.body == ["Lab deal", long, "Book house opens", long.replace("lab", "shop")]


def test_plain_text_date_written_day_first_is_no_title() -> None:
    article = read_text(f"Published on 4 September 2017\n\nEastlake and Harbor sign lab deal\n\n{STORY}")
    assert (article.title, str(article.date)) == ("Eastlake and Harbor sign lab deal", "2017-09-04")


def test_seed_banner_lines_of_a_stored_copy_are_no_paragraph() -> None:
    article = read_text(" date 2022-11-11 HARBOR NEWS AGENCY\n  • TRUSTED\n  • ACCURATE\n"
                        f"DONATE SUBSCRIBE\n\n{STORY}")
    assert article.body == [STORY]


def test_a_press_release_title_ending_with_photos_is_the_title() -> None:
    text = ("Harbor Bureau and Lakeside Commission sign framework agreement (with photos)\n"
            "*****************************************************\n\n"
            "The Harbor Bureau and the Lakeside Commission signed a framework agreement on "
            "medical collaboration today, covering hospital services and the training of staff.\n")
    assert read_text(text).title == ("Harbor Bureau and Lakeside Commission sign framework "
                                     "agreement (with photos)")

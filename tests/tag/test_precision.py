"""Precision guards: ordinary news sentences that look like deals but announce none.

Each case is a headline and a lede written for these tests (the organisations are invented or
generic); each names the class of sentence it stands for. The positive cases beside them show
the guard leaves the real announcement of the same shape alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.models import Article, Classification
from monitor.tag.classify import Rules, classify, load_rules

RULES = Path(__file__).resolve().parents[2] / "config" / "rules" / "partnership.toml"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


def verdict(rules: Rules, title: str, *body: str) -> Classification:
    return classify(Article(title=title, body=list(body)), rules)


NOT_DEALS = {
    "a signing on a coming event's programme": ("Harbor District to host summit",
                                                "The opening of the summit will be followed by "
                                                "the release of an action plan, and a signing "
                                                "ceremony for key projects."),
    "a fair's running total of projects": ("Investment fair opens in Harbor City",
                                           "More than 30,000 projects have been signed at the "
                                           "fair since it began, and it has been held 23 times."),
    "a city's sister-city record": ("Mayor meets envoy",
                                    "Harbor City has established sister-city relations with "
                                    "several cities of Eastland, such as Lakeview and Marsh Town, "
                                    "the mayor told the visiting envoy."),
    "an amount reached": ("Foreign trade grows",
                          "The value of contracts reached 5 billion yuan in the first half, the "
                          "Minhang District Commerce Commission said."),
    "an event concluded": ("Innovation forum ends",
                           "The Eastlake innovation forum concluded on Sunday with the release of "
                           "an action plan drafted by the Harbor Zone Administration."),
    "urban renewal under a plan": ("Old neighbourhood renewed",
                                   "The renewal of the old town under the Huangpu District action "
                                   "plan has moved 2,000 households into new flats."),
    "companies joining a fair": ("Trade fair draws record crowds",
                                 "More than 300 enterprises from 20 countries have joined this "
                                 "year's Eastlake trade fair, which opened on Monday."),
    "firms signing up for a race": ("Relay race registration opens",
                                    "Over 2,000 companies and institutions have signed up for the "
                                    "Minhang corporate relay race, organisers said."),
    "volunteers teaming up for a day": ("River clean-up",
                                        "Volunteers of Eastlake University joined hands with "
                                        "Minhang District residents to clean the river banks."),
    "a treaty of an earlier century": ("A walk through the old port",
                                       "The signing of the treaty in 1842 opened the port, and "
                                       "the streets still carry traces of the settlements."),
    "a court case over a contract": ("Court rules on contract",
                                     "A Xuhui District court ruled that the contract signed "
                                     "between Harbor Estates Co and Eastlake Holdings was invalid."),
    "a fund set up by one body": ("New fund for start-ups",
                                  "A 1 billion yuan angel fund was launched by the Yangpu District "
                                  "government on Monday to support young entrepreneurs."),
    "a center opened by one body": ("Service center opens",
                                    "A new community health center was opened by the Changning "
                                    "District Health Commission on Friday."),
    "ties forged a decade ago": ("Ties that bind",
                                 "Jiading District forged cooperation with Eastlake County more "
                                 "than a decade ago, and the two now share bus lines."),
    "each opening its own": ("New malls",
                             "Harbor Retail Group and Eastlake Holdings opened new shopping "
                             "centers in Songjiang and Jiading this weekend."),
    "labs opened to the public": ("Open day",
                                  "Eastlake University and Harbor Hospital jointly opened their "
                                  "laboratories to the public on Saturday for a science day."),
    "a plan signed off": ("Plan approved",
                          "The Minhang District mayor signed off on the action plan for the new "
                          "metro station on Monday."),
    "a call renewed": ("Call renewed",
                       "The Eastlake Chamber of Commerce renewed its call for a trade deal between "
                       "the two regions on Monday."),
    "a balance struck": ("Balance struck",
                         "The Jing'an District government struck a balance between growth and "
                         "heritage under the new framework for the old town."),
    "a policy framework finalized": ("Policy finalized",
                                     "The Xuhui District Commerce Commission finalized the "
                                     "framework of its new subsidy policy for restaurants."),
    "a road sealed off": ("Road closed",
                          "Police sealed off the road near the river under the emergency action "
                          "plan on Sunday."),
    "staff contracts": ("New teachers",
                        "A contract-signing ceremony for 300 new teachers was held by the Pudong "
                        "New Area Education Bureau on Monday."),
    "a pledge charter": ("Safety charter",
                         "More than 200 restaurants in Huangpu District signed a food safety "
                         "charter on Monday, pledging to use fresh ingredients."),
    "firms teaming up for charity": ("Charity sale",
                                     "Lakeside Bank and Eastlake Group joined hands to raise "
                                     "money for children at a charity sale on Saturday."),
    "a purchase order": ("Airline orders jets",
                         "Lakeside Airlines finalized a deal to purchase 30 jets from Harbor "
                         "Aircraft Co, executives of both companies said on Wednesday."),
    "food paired with wine": ("Crab season",
                              "Lake crabs are best paired with warm yellow wine from Shaoxing, "
                              "chefs at the Eastlake Hotel say."),
    "a pupil paired with a mentor": ("Buddy program",
                                     "Each new student at Eastlake Middle School is paired with a "
                                     "senior mentor in the first term."),
    "a half-year total": ("Jiading economy grows",
                          "In the first half of the year, Jiading District signed 56 investment "
                          "projects worth 30 billion yuan, and output rose 8 percent."),
    "a running total this year": ("Investment rises",
                                  "So far this year, 120 projects have been signed in Songjiang, "
                                  "the district's investment office said."),
    "a year's review": ("District reviews the year",
                        "During the year, Eastlake inked 18 cooperation deals with colleges such "
                        "as Harbor University and Lakeside University, the annual report showed."),
    "a five-year plan's total": ("Five-year review",
                                 "During the 14th Five-Year Plan period, Minhang signed more than "
                                 "300 major projects, the district's work report said."),
    "a running total to date": ("Investment rises",
                                "A total of 56 projects have been signed in Songjiang so far this "
                                "year, with investment of 30 billion yuan."),
    "a supplier count to date": ("Group expands",
                                 "Harbor Group has signed contracts with more than 200 suppliers in "
                                 "the district so far."),
    "buyers signed up for a fair": ("Expo to open next week",
                                    "About 160,000 buyers from more than 80,000 companies are "
                                    "signed up for the Harbor Import Expo."),
    "letters of responsibility inside a government": ("Country park begins construction",
                                                      "A signing ceremony was held where the "
                                                      "district government signed a letter of "
                                                      "responsibility with its towns on July 16."),
    "a tally of sister cities": ("Mayor meets US delegation",
                                 "The mayor said the city has established friendly relations with "
                                 "cities such as Harborview, Lakeside and Riverton."),
    "many agreements in a speech": ("Leaders meet",
                                    "Welcoming the delegation, Chen said that the two cities have "
                                    "strengthened ties and Harborview and Lakeside have signed "
                                    "many cooperative agreements."),
    "a sister-city partnership described": ("Sister city network",
                                            "Among these partnerships, the one between Harborview "
                                            "and the city has become a beacon of successful sister "
                                            "city collaboration."),
}


@pytest.mark.parametrize("title, lede", NOT_DEALS.values(), ids=NOT_DEALS.keys())
def test_ordinary_sentence_is_no_partnership(rules: Rules, title: str, lede: str) -> None:
    assert not verdict(rules, title, lede).partnership


@pytest.mark.parametrize("sentence", [
    "Eastlake University and Harbor Robotics Group reached a strategic cooperation agreement on "
    "Tuesday.",
    "A cooperation agreement was reached between Eastlake University and Harbor Robotics Group.",
    "Eastlake University concluded an investment agreement with Harbor Robotics Group.",
])
def test_deal_reached_or_concluded_is_an_agreement(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "Campus deal", sentence)
    assert result.partnership and result.kind in ("agreement", "investment_deal")
    assert {p.lower() for p in result.parties} == {"eastlake university", "harbor robotics group"}


@pytest.mark.parametrize("sentence", [
    "Eastlake University signed investment and cooperation agreements with Harbor Robotics Group.",
    "Eastlake University signed a series of cooperation agreements with Harbor Robotics Group.",
    "Eastlake University signed a cooperation framework with Harbor Robotics Group.",
    "Eastlake University and Harbor Robotics Group signed on Monday a cooperation agreement.",
])
def test_documents_signed_with_words_between_still_count(rules: Rules, sentence: str) -> None:
    assert verdict(rules, "Campus deal", sentence).partnership


@pytest.mark.parametrize("sentence", [
    "Thirty companies signed up to the Eastlake Robotics Alliance on Monday.",
    "Thirty companies signed up at the forum to the Eastlake Robotics Alliance.",
])
def test_members_signing_up_to_an_alliance_still_count(rules: Rules, sentence: str) -> None:
    result = verdict(rules, "Robotics alliance grows", sentence)
    assert result.partnership and result.kind == "alliance"


def test_teaming_up_to_develop_still_counts(rules: Rules) -> None:
    result = verdict(rules, "Chips",
                     "Eastlake University joined hands with Harbor Robotics Group to develop "
                     "industrial chips.")
    assert result.partnership


def test_two_parties_opening_one_center_still_count(rules: Rules) -> None:
    result = verdict(rules, "Care center",
                     "Eastlake University and Harbor Hospital opened a rehabilitation center in "
                     "Minhang on Friday.")
    assert result.partnership and result.kind == "joint_entity"


def test_word_only_a_headline_capitalises_is_no_party(rules: Rules) -> None:
    result = verdict(rules, "Service deal",
                     "Eastlake Hospital signed a service agreement with the district on Monday, "
                     "and the service starts in May.")
    assert "Service" not in result.parties


def test_places_paired_up_are_a_pairing(rules: Rules) -> None:
    result = verdict(rules, "Paired assistance",
                     "Minhang District paired up with Eastlake County on Monday to help its "
                     "farmers sell fruit.")
    assert result.partnership and result.kind == "pairing"


def test_event_batch_with_a_running_total_still_counts(rules: Rules) -> None:
    result = verdict(rules, "Projects signed at fair",
                     "Thirty projects were signed at the Songjiang investment fair on Monday, "
                     "bringing the total so far this year to 120.")
    assert result.partnership and result.kind == "project_batch"


def test_link_to_another_story_is_not_read(rules: Rules) -> None:
    result = verdict(rules, "Spring tea harvest begins",
                     "Related: Eastlake University signs agreement with Harbor Group",
                     "Farmers in the hills began picking the first spring tea leaves on Monday, "
                     "a week earlier than last year.")
    assert not result.partnership


PEOPLE_SIGNING_FOR_THEMSELVES = {
    "households deep in the subject": (
        "Old lane to be renewed",
        "Nearly all of the 800 households living along the old canal in Eastlake Town signed "
        "relocation agreements by Sunday, when the signing window closed."),
    "a document named before its signing": (
        "Renewal moves on",
        "Compensation agreements for the riverside blocks of Eastlake Town were signed by 410 "
        "families in two weeks, officials said."),
    "residents with family doctors": (
        "Family doctors",
        "Two thirds of the pensioners in Eastlake's Lakeview community have now signed service "
        "contracts with family doctors, the health bureau said."),
}


@pytest.mark.parametrize("title, lede", PEOPLE_SIGNING_FOR_THEMSELVES.values(),
                         ids=PEOPLE_SIGNING_FOR_THEMSELVES.keys())
def test_people_signing_for_themselves_is_no_partnership(rules: Rules, title: str,
                                                         lede: str) -> None:
    assert not verdict(rules, title, lede).partnership


@pytest.mark.parametrize("sentence", [
    "Eastlake District, home to 300,000 residents, signed a cooperation agreement with Harbor "
    "University on Monday.",
    "Eastlake Hospital signed a cooperation agreement with Harbor University to train family "
    "doctors for the district's towns.",
])
def test_residents_or_doctors_beside_a_real_deal_leave_it_a_partnership(rules: Rules,
                                                                       sentence: str) -> None:
    assert verdict(rules, "Health deal", sentence).partnership


TRADE_AND_TIME = {
    "an acquisition": ("Robot maker sold",
                       "Harbor Group signed an agreement to acquire a 51 percent stake in Eastlake "
                       "Robotics Co for 2 billion yuan."),
    "a sponsorship": ("Marathon sponsor",
                      "Harbor Bank signed a three-year sponsorship agreement with the Eastlake "
                      "Marathon organizers on Monday."),
    "an acquisition agreement": ("Robot maker sold",
                                 "Harbor Group and Eastlake Robotics Co signed an acquisition "
                                 "agreement worth 2 billion yuan on Monday."),
    "a player's contract": ("New striker",
                            "Harbor FC signed a three-year contract with striker Wang Lei on "
                            "Monday."),
    "an anniversary": ("Twenty years of friendship",
                       "The gala celebrated 20 years since Eastlake and Harbor became sister "
                       "cities."),
}


@pytest.mark.parametrize("title, lede", TRADE_AND_TIME.values(), ids=TRADE_AND_TIME.keys())
def test_a_takeover_a_transfer_or_an_anniversary_is_no_partnership(rules: Rules, title: str,
                                                                   lede: str) -> None:
    assert not verdict(rules, title, lede).partnership


@pytest.mark.parametrize("sentence", [
    "Harbor Group signed an agreement with Eastlake Robotics Co to develop industrial robots.",
    "Harbor FC signed a cooperation agreement with Eastlake University to train young players.",
    "Harbor Bank signed a strategic cooperation agreement with Eastlake District to support "
    "mergers of local firms.",
    "Eastlake and Harbor became sister cities on Monday, 20 years after their first exchange.",
])
def test_a_deal_beside_a_takeover_a_transfer_or_a_date_still_counts(rules: Rules,
                                                                   sentence: str) -> None:
    assert verdict(rules, "Deal", sentence).partnership


def test_a_deal_signed_during_an_event_still_counts(rules: Rules) -> None:
    result = verdict(rules, "Deal at the expo",
                     "During the expo, Eastlake University signed a cooperation agreement with "
                     "Harbor Robotics Group on Monday.")
    assert result.partnership


RECORDS_AND_AFTERMATHS = {
    "a shopping festival launched together": (
        "Summer sales", "Eastlake District teamed up with Harbor Mall to launch a summer shopping "
                        "festival on Friday."),
    "a club teaming up for a match": (
        "Charity game", "Harbor Basketball Club teamed up with the Eastlake Youth League on Sunday "
                        "for a charity game at the district gym."),
    "a record of agreements": (
        "A global campus", "Eastlake University has signed cooperation agreements with more than "
                           "300 universities in 50 countries."),
    "members of a platform so far": (
        "Trade platform grows", "So far, 15 companies have joined the Eastlake digital trade "
                                "platform."),
    "what followed a deal": (
        "Five years on", "Since the two sides signed the agreement, more than 50 projects have "
                         "been carried out."),
    "an exhibition on a treaty": (
        "History on show", "An exhibition on the signing of the treaty opened at the Eastlake "
                           "Museum on Monday."),
}


@pytest.mark.parametrize("title, lede", RECORDS_AND_AFTERMATHS.values(),
                         ids=RECORDS_AND_AFTERMATHS.keys())
def test_an_event_a_record_or_an_aftermath_is_no_partnership(rules: Rules, title: str,
                                                             lede: str) -> None:
    assert not verdict(rules, title, lede).partnership


@pytest.mark.parametrize("sentence", [
    "Eastlake District teamed up with Harbor University to develop a training platform for "
    "nurses.",
    "Eastlake University signed cooperation agreements with 12 universities at the forum on "
    "Monday.",
    "Fifteen companies joined the Eastlake Hydrogen Alliance on Monday.",
    "Harbor Football Club teamed up with Eastlake University on Saturday for a joint sports "
    "science lab.",
])
def test_a_deal_beside_an_event_or_a_count_still_counts(rules: Rules, sentence: str) -> None:
    assert verdict(rules, "Deal", sentence).partnership


@pytest.mark.parametrize("sentence", [
    "The conference will see 20 projects signed, with a total investment of 10 billion yuan.",
    "The conference will feature the signing of 20 major projects.",
    "If the agreement is signed, Harbor Group would build a plant in Eastlake District.",
    "Will Eastlake University and Harbor Group sign a cooperation agreement?",
])
def test_a_deal_in_a_clause_about_the_future_or_a_question_does_not_count(rules: Rules,
                                                                          sentence: str) -> None:
    assert not verdict(rules, "Investment week", sentence).partnership


@pytest.mark.parametrize("sentence", [
    "More than 50 deals were signed during the expo, which will close on Friday.",
    "Eastlake University and Harbor Group signed a cooperation agreement, and they will see "
    "the first lab open next year.",
    "Once a fishing town, Eastlake signed a cooperation agreement with Harbor University on "
    "Monday.",
])
def test_a_future_word_outside_the_deals_clause_leaves_it_counted(rules: Rules,
                                                                 sentence: str) -> None:
    assert verdict(rules, "Investment week", sentence).partnership


ACTIVITIES_AND_SUPPLIES = {
    "a supply contract": ("Electric buses",
                          "Harbor Motors signed a contract with Eastlake Bus Co to supply 100 "
                          "electric buses."),
    "a summer program run together": ("Summer at the museum",
                                      "Eastlake Museum and Harbor Museum launched a summer "
                                      "program for children on Monday."),
    "an initiative to plant trees": ("Green spring",
                                     "Eastlake District and Harbor City launched an initiative "
                                     "to plant 10,000 trees this spring."),
}


@pytest.mark.parametrize("title, lede", ACTIVITIES_AND_SUPPLIES.values(),
                         ids=ACTIVITIES_AND_SUPPLIES.keys())
def test_a_supply_contract_or_an_activity_run_together_is_no_partnership(rules: Rules, title: str,
                                                                          lede: str) -> None:
    assert not verdict(rules, title, lede).partnership


@pytest.mark.parametrize("sentence", [
    "Harbor Group signed a contract with Eastlake District to build a 2-billion-yuan plant.",
    "Eastlake District and Harbor City launched a cooperation mechanism on Monday for "
    "cross-border traffic.",
    "Eastlake District and Harbor City mapped out a three-year action plan on joint development.",
])
def test_a_building_contract_or_a_plan_of_cooperation_still_counts(rules: Rules,
                                                                   sentence: str) -> None:
    assert verdict(rules, "Cross-border ties", sentence).partnership


@pytest.mark.parametrize("sentence", [
    "The Eastlake District People's Court and Harbor University of Political Science and Law "
    "signed a cooperation agreement on Monday.",
    "Eastlake District and Harbor City signed an agreement on Monday to settle water disputes "
    "through a joint committee.",
    "The Eastlake Arbitration Commission and Harbor Law School signed a cooperation agreement on "
    "training arbitrators.",
])
def test_a_court_or_a_dispute_word_beside_a_deal_leaves_it_counted(rules: Rules,
                                                                  sentence: str) -> None:
    assert verdict(rules, "Legal cooperation", sentence).partnership


@pytest.mark.parametrize("sentence", [
    "The court ordered Harbor Co to pay damages after it breached a cooperation agreement with "
    "Eastlake Co.",
    "Harbor Co sued Eastlake Co over a cooperation agreement the two signed in March.",
])
def test_a_court_case_or_a_lawsuit_over_a_deal_is_no_partnership(rules: Rules,
                                                                sentence: str) -> None:
    assert not verdict(rules, "Court news", sentence).partnership


def test_a_party_described_by_its_past_still_signs_news(rules: Rules) -> None:
    result = verdict(rules, "Deal", "Harbor Group, previously a state-owned trading firm, signed a "
                                    "cooperation agreement with Eastlake District.")
    assert result.partnership


@pytest.mark.parametrize("sentence", [
    "Harbor Group had previously signed a cooperation agreement with Eastlake District.",
    "In the past, Harbor Group signed cooperation agreements with Eastlake District.",
])
def test_a_deal_told_as_the_past_is_background(rules: Rules, sentence: str) -> None:
    assert not verdict(rules, "Deal", sentence).partnership


POLICIES_AND_PURCHASES = {
    "a policy's condition": ("Subsidies for labs",
                             "Firms that set up joint research centers with local colleges may "
                             "apply for a one-off grant, the new rules say."),
    "job seekers and employers": ("Job fair",
                                  "Some 350 young jobseekers reached initial agreements with "
                                  "employers at the Eastlake talent market on Saturday."),
    "targets handed down": ("Carbon goals",
                            "The Eastlake District government signed carbon reduction target "
                            "agreements with 50 companies on Monday."),
    "a procurement contract": ("Defibrillators for parks",
                               "The Eastlake Water Bureau signed a procurement contract with "
                               "Harbor Pumps Co for 40 flood pumps."),
}


@pytest.mark.parametrize("title, lede", POLICIES_AND_PURCHASES.values(),
                         ids=POLICIES_AND_PURCHASES.keys())
def test_a_policy_condition_a_job_offer_or_a_purchase_is_no_partnership(rules: Rules, title: str,
                                                                         lede: str) -> None:
    assert not verdict(rules, title, lede).partnership


@pytest.mark.parametrize("sentence", [
    "More than 500 people attended the ceremony where Eastlake University and Harbor Group "
    "signed a cooperation agreement.",
    "Eastlake University, which trains 3,000 students a year, signed a cooperation agreement with "
    "Harbor Group.",
    "Harbor Group, a company that builds robots, signed a cooperation agreement with Eastlake "
    "University.",
])
def test_people_or_a_company_clause_beside_a_real_deal_leave_it_counted(rules: Rules,
                                                                       sentence: str) -> None:
    assert verdict(rules, "Deal", sentence).partnership


@pytest.mark.parametrize("sentence", [
    "A joint command center was set up on Monday to coordinate the typhoon response.",
    "The Eastlake District government set up a joint command center with the Harbor Water "
    "Bureau to handle the typhoon.",
    "A joint law enforcement center was established in the market to crack down on fake goods.",
])
def test_a_joint_operation_of_government_is_no_joint_entity(rules: Rules, sentence: str) -> None:
    assert not verdict(rules, "Typhoon", sentence).partnership


def test_a_joint_research_center_is_still_a_joint_entity(rules: Rules) -> None:
    result = verdict(rules, "Marine lab", "A joint research center for marine biology was set up "
                                          "on Monday in Eastlake District.")
    assert result.partnership and result.kind == "joint_entity"


@pytest.mark.parametrize("sentence", [
    "Eastlake Park has partnered with Harbor Tea House to offer tea tastings to visitors this "
    "weekend.",
    "Harbor Travel teamed up with the Eastlake Museum to offer night tours during the holiday.",
])
def test_teaming_up_to_offer_visitors_something_is_no_partnership(rules: Rules,
                                                                 sentence: str) -> None:
    assert not verdict(rules, "Holiday fun", sentence).partnership


def test_teaming_up_to_train_doctors_still_counts(rules: Rules) -> None:
    assert verdict(rules, "Training doctors",
                   "Eastlake Hospital partnered with Harbor University to train 200 general "
                   "practitioners a year.").partnership


@pytest.mark.parametrize("sentence", [
    "Companies that signed agreements at the fair include Harbor Group and Eastlake Tech Co.",
    "Eastlake University and Harbor Group once again signed a cooperation agreement on Monday.",
    "Among those who signed the agreement on Monday were Eastlake University and Harbor Group.",
])
def test_descriptions_of_signers_and_repeat_deals_still_count(rules: Rules, sentence: str) -> None:
    assert verdict(rules, "Deals at the fair", sentence).partnership


def test_a_deal_once_it_is_signed_is_still_to_come(rules: Rules) -> None:
    assert not verdict(rules, "Deal", "Once signed, the agreement between Eastlake University and "
                                      "Harbor Group will fund ten labs.").partnership


@pytest.mark.parametrize("sentence", [
    "Harbor Insurance signed a strategic cooperation agreement with Eastlake Hospital on Monday.",
    "Eastlake Sales Group and Harbor University signed a cooperation agreement on Monday.",
])
def test_a_signer_whose_name_holds_a_trade_word_still_signs_a_deal(rules: Rules,
                                                                  sentence: str) -> None:
    assert verdict(rules, "Health deal", sentence).partnership


def test_deals_an_event_sealed_in_an_aside_are_its_news(rules: Rules) -> None:
    result = verdict(rules, "Harbor City eyes integration",
                     "Harbor City has kicked off Harbor Week in Shanghai with investment "
                     "activities.",
                     "An action plan was released during the event, which also sealed 20 "
                     "cooperation projects between Shanghai and Harbor City.")
    assert result.partnership and result.kind == "project_batch"


@pytest.mark.parametrize("title, lede", [
    ("Expat alliance members nominated", "One year after the Harbor Friendship Alliance was "
     "established in Lakeview District, 12 members of the alliance were nominated as officers."),
    ("Harbor Tech welcomes first students", "Jointly established by the municipal government and "
     "the Eastland Academy of Sciences, the school seeks innovative solutions in energy."),
])
def test_how_a_body_was_founded_long_ago_is_background(rules: Rules, title: str, lede: str) -> None:
    assert not verdict(rules, title, lede).partnership


@pytest.mark.parametrize("title, lede", [
    ("Zone attracts projects", "The Harbor Zone has penned 23 agreements for projects, the zone "
     "bureau said at a press conference today."),
    ("Great news for expats", "Today marks the launch of the Harbor Community Services Alliance, "
     "introduced by the Harbor Information Office in collaboration with Lakeside News Service."),
])
def test_deals_penned_or_a_launch_marked_today_are_news(rules: Rules, title: str, lede: str) -> None:
    assert verdict(rules, title, lede).partnership


def test_hundreds_of_projects_signed_over_years_are_a_tally(rules: Rules) -> None:
    assert not verdict(rules, "Five years of the Harbor Special Area",
                       "Agreements of more than 570 key projects in cutting-edge industries have "
                       "been signed, involving an investment of more than 620 billion yuan.").partnership


def test_deals_counted_in_the_same_period_are_a_tally(rules: Rules) -> None:
    assert not verdict(rules, "Investment in the zone grows",
                       "In the same period, firms based there have signed almost 600 investment "
                       "deals with a total value of $30 billion, he said.").partnership

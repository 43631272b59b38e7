"""When a deal sentence tells of a deal: this year's news, or an old tie told as background.

A year or a "last year" in a deal sentence dates the deal only when it stands in the deal's own
clauses: an aside that describes a party ("B, a company set up in 2021, ...", "(founded in
2015)", ", which opened last year,") dates that party, not the signing. Pure functions of the
text; monitor.tag.classify applies them to its hits.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["dated_before", "in_aside", "latest_mentioned", "own_clauses", "told_ahead",
           "told_this_week"]

_YEAR = re.compile(r"(?<![\d-])(?:19|20)\d\d(?![\d-])")
_RENEWED = re.compile(r"\brenew", re.IGNORECASE)
# Asides about a party: a parenthesis, a relative clause after a comma, or an appositive that
# tells when the party was founded.
_ASIDE_CLAUSE = re.compile(
    r"\([^()]*\)"
    r"|,\s*(?:which|who|whose)\b[^,;]*"
    r"|,\s*(?:(?:a|an|the)\s+)?(?:[\w'-]+\s+){0,6}?(?:founded|established|set\s+up|built|opened"
    r"|launched|created|started|registered|incorporated)\s+(?:in|last|since)\b[^,;]*",
    re.IGNORECASE)


def own_clauses(text: str, at: int) -> str:
    """The sentence without the asides that describe one of its parties; when the verb at
    ``at`` stands in an aside, that aside alone ("B, which signed a deal in 2019, opened a
    plant in 2024" tells of a 2019 deal)."""
    if "," not in text and "(" not in text:
        return text
    asides = list(_ASIDE_CLAUSE.finditer(text))
    holding = next((m.group() for m in asides if m.start() <= at < m.end()), None)
    return holding if holding is not None else _ASIDE_CLAUSE.sub(" ", text)


# An aside about the deal itself ("The agreement, which was signed by A and B, covers ...") or
# the event it was signed at ("during the expo, which also sealed 20 projects") tells the deal,
# not a party's past.
_DEAL_BEFORE = re.compile(r"\b(?:agreements?|deals?|contracts?|pacts?|mous?|memorandums?|memoranda"
                          r"|partnerships?|projects?|cooperation|event|forum|conference|expo|fair"
                          r"|summit|ceremony|week|session)\s*$", re.IGNORECASE)


def in_aside(text: str, at: int) -> bool:
    """Whether the verb at ``at`` stands in an aside that describes a party ("Harbor Co, which
    signed an agreement with the district, began production on Monday"): what the party did
    before, not the news of the sentence. An aside about the deal itself is not one."""
    if "," not in text and "(" not in text:
        return False
    return any(m.start() <= at < m.end() and not _DEAL_BEFORE.search(text, 0, m.start())
               for m in _ASIDE_CLAUSE.finditer(text))


# A day of this week ("on Monday", "this week", "recently") said of the deal: it is news,
# whatever older time the sentence also names ("signed a new agreement on Monday, building on the
# one of 2015", "their first since 2019").
_THIS_WEEK = re.compile(r"\b(?:on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                        r"|this\s+(?:week|month)|recently|today|yesterday)\b", re.IGNORECASE)
# Where the verb's own phrase ends: a comma or a word that opens another clause.
_PHRASE_END = re.compile(r"[,;:()]|\s(?:and|but|while|which|who|after|before|when|as)\s",
                         re.IGNORECASE)


# Where the verb's own clause starts, looking back from it; and the words that open another.
_CLAUSE_START = re.compile(r"[,;:()]|\s(?:and|but|while|which|who|whom|whose|that|after|before"
                           r"|when|as|since|because|until|where|if|than|marking|to)\s", re.IGNORECASE)
_SUBORDINATE = re.compile(r"\b(?:that|which|who|whose|when|after|before|since|because)\b",
                          re.IGNORECASE)
_OPENING_WEEK = re.compile(r"\W*(?:on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday"
                           r"|sunday)|this\s+week|recently|today|yesterday)\b", re.IGNORECASE)


def told_this_week(text: str, at: int) -> bool:
    """Whether the phrase of the verb at ``at`` dates it this week ("signed the agreement on
    Monday", "and on Monday it signed", "On Monday, A and B signed"); a weekday elsewhere in the
    sentence ("the court ruled on Monday that the contract signed ...", "signed a deal last year
    and on Monday opened ...") does not."""
    end = _PHRASE_END.search(text, at)
    if _THIS_WEEK.search(text, at, end.start() if end else len(text)) is not None:
        return True
    starts = [match.end() for match in _CLAUSE_START.finditer(text, 0, at)]
    day = _THIS_WEEK.search(text, starts[-1] if starts else 0, at)
    if day is not None and _near(text, day.end(), at):
        return True
    opening = _OPENING_WEEK.match(text)
    return (opening is not None and _near(text, opening.end(), at)
            and _SUBORDINATE.search(text, opening.end(), at) is None)


def _near(text: str, start: int, at: int, words: int = 8) -> bool:
    """Whether at most ``words`` words stand between ``start`` and ``at``: a day said further
    back belongs to another verb ("On Monday, officials visited the lab set up under an
    agreement signed in 2019")."""
    return len(text[start:at].split()) <= words


# A time still to come ("next month", "later this year"): the deal is not concluded yet.
_AHEAD = re.compile(r"\b(?:next\s+(?:week|month|year|spring|summer|autumn|fall|winter|monday|tuesday"
                    r"|wednesday|thursday|friday|saturday|sunday)|later\s+this\s+(?:week|month|year)"
                    r"|in\s+the\s+coming\s+(?:days|weeks|months)|tomorrow)\b", re.IGNORECASE)


# What a deal is for, which may lie ahead: "signed an agreement to open a campus next year".
_PURPOSE = re.compile(r"\s(?:to|that|so)\s", re.IGNORECASE)


def told_ahead(text: str, at: int) -> bool:
    """Whether the phrase of the verb at ``at`` dates it in the future ("a signing ceremony of
    their agreement next month"); a future time in another clause ("signed a deal on Monday, and
    the lab opens next year") or in what the deal is for ("to open a campus next year") does
    not."""
    end = _PHRASE_END.search(text, at)
    purpose = _PURPOSE.search(text, at, end.start() if end else len(text))
    stop = purpose.start() if purpose else end.start() if end else len(text)
    return _AHEAD.search(text, at, stop) is not None


def dated_before(text: str, at: int, day: date) -> bool:
    """Whether the deal whose verb stands at ``at`` is dated only in a year before the article's
    ``day`` ("In 2019, A and B signed ..."): background. The year before counts as this one in
    January and February, when last December's deals are still news; a renewal of an old deal,
    or a deal of this week, is news."""
    own = own_clauses(text, at)
    years = [int(year) for year in _YEAR.findall(own)]
    latest = day.year - 1 if day.month <= 2 else day.year
    return (bool(years) and max(years) < latest and not _RENEWED.search(own)
            and not told_this_week(text, at))


# A year the story looks forward to ("by 2027", "until 2030", "2025-2027") is no date of it.
_TARGET = re.compile(r"(?:\b(?:by|until|till|to|through|before|toward|towards)\s+(?:the\s+end\s+of\s+)?"
                     r"|[-\u2013]\s*)$", re.IGNORECASE)


def latest_mentioned(text: str) -> date | None:
    """For an article without a date: the latest year its text tells of, as that year's last
    day, so that a deal dated years before the rest of the story still reads as background.
    Years it looks forward to ("by 2027") are not counted."""
    years = [int(match.group()) for match in _YEAR.finditer(text)
             if not _TARGET.search(text, max(0, match.start() - 30), match.start())]
    return date(max(years), 12, 31) if years else None

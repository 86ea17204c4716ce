"""Who made a statement: the article sentence that makes it, and the sentence that names who made it.

"Who said that <claim>?" is answered in two steps. :func:`find_statement` ranks the sentences of the retrieved
articles by how much of the claim they hold (content lemmas weighted by rarity, and the sentence vectors for
meaning when an embedding model is loaded). :func:`find_speaker` then looks for who made it, as a reader does:
the sentence's own speaker ("…,” Walton said"), else the nearest attribution before it in the article ("In a
tweet, the Republican National Committee blamed …", "Sen. Ben Sasse released a statement …"), else one shortly
after it ("Cotton’s claim focuses on …"). A speaker is a name written outside the quotation marks, not a
name the claim itself is about ("Donald Trump said he was excited …" is not Trump's claim).

Pure functions over documents and their :class:`~assistant.attribution.Claim` lists; no store, no model.

Example:
    >>> from assistant.attribution import analyze
    >>> text = ("In a tweet, Sen. Jane Roe blamed the budget for the closures.\\n\\n"
    ...         "\\"The pools were closed this summer because of the cuts.\\"\\n\\nExperts disagree.")
    >>> claims = analyze(text, ((0, len(text)),))
    >>> statement = find_statement([(text, claims)], "the pools were closed this summer because of cuts")
    >>> text[statement.start : statement.end]
    '"The pools were closed this summer because of the cuts."'
    >>> found = find_speaker(text, claims, statement.index, "the pools were closed this summer because of cuts")
    >>> text[found.start : found.end], found.name
    ('In a tweet, Sen. Jane Roe blamed the budget for the closures.', 'Jane Roe')
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .. import lexicon
from ..attribution import Claim
from ..text import content_lemmas, normalize
from ..verify import mentions
from . import described, owners, quoting, statements

LOOK_BACK = 8  # sentences before the statement searched for its attribution
LOOK_AHEAD = 6  # and after it ("Cotton’s claim focuses on …")
CUE_GAP = 12  # characters between a speaker cue and a name it introduces ("said Sen. Jane Roe")
LEAD = 3  # the article's first sentences, where a news story names who made the claim it is about

def _name_pattern() -> re.Pattern[str]:
    """A capitalised name, its connectors and particles included ("Club for Growth", "Ursula von der Leyen")."""
    return lexicon.derived("speaker.name", lambda _: re.compile(
        rf"[A-Z][\w’'.-]*(?:\s+(?:(?:{lexicon.alternation(lexicon.name_connectors())})\s+)*[A-Z][\w’'.-]*)*"))  # fmt: skip


@dataclass(frozen=True)
class Statement:
    """The sentence of an article that best holds a claim: which article (``entry``), which sentence, how well
    (``score``: its share of the claim's words times ``weight``, how likely it makes the claim rather than answers
    it, see :func:`.statements.statement_weight`)."""

    entry: int  # index into the (text, claims) entries searched
    index: int  # the sentence's index in :func:`sentences`
    start: int
    end: int
    score: float
    weight: float = 1.0


@dataclass(frozen=True)
class Speaker:
    """Who made the statement and the sentence naming them (``claim`` when attribution found the act there)."""

    name: str
    start: int  # the sentence naming them
    end: int
    claim: Claim | None  # the attributed act of that sentence, when its actor is the speaker
    described: tuple[int, int] | None = None  # the sentence calling them "the group" when ``start:end`` names them


def sentences(claims: Sequence[Claim]) -> list[tuple[int, int]]:
    """The sentence spans of a document, in order, from its claims (one or more claims per sentence)."""
    return sorted({(c.start, c.end) for c in claims})


def outside_quotes(sentence: str) -> str:
    """The sentence with quoted words blanked out (same length), including a quotation the sentence opens or
    closes without the other mark (quotations running over several sentences; see
    :func:`.statements.unquoted`).

    >>> outside_quotes('“We cut 95% of it,” Bloomberg said.')
    '                    Bloomberg said.'
    >>> outside_quotes('It was out of control," he said.')
    '                        he said.'
    """
    return statements.unquoted(sentence)


def rank_statements(entries: Sequence[tuple[str, Sequence[Claim]]], claim: str, k: int = 8) -> list[Statement]:
    """The ``k`` sentences that best hold ``claim``, best first: the share of the claim's content lemmas each
    has, every stem weighted by how rare it is among the candidate sentences, discounted for a sentence that
    answers the claim instead of making it (a denial, an assessment: :func:`.statements.statement_weight`).
    Empty when nothing matches."""
    target = list(dict.fromkeys(content_lemmas(claim)))
    if not target:
        return []
    spans = [sentences(claims) for _, claims in entries]
    texts = [[text[s:e] for s, e in doc_spans] for (text, _), doc_spans in zip(entries, spans)]
    lemmas = [[set(content_lemmas(t)) for t in doc_texts] for doc_texts in texts]
    n = sum(len(s) for s in lemmas) or 1
    df = {t: sum(1 for doc in lemmas for ss in doc if t in ss) for t in target}
    idf = {t: math.log(1 + n / (1 + df[t])) for t in target}
    total, wanted = sum(idf.values()), set(target)
    ranked = []
    for d, doc_lemmas in enumerate(lemmas):
        runs = statements.quotation_runs(texts[d])  # a quotation carried on over the sentences after it
        for i, ss in enumerate(doc_lemmas):
            own, rest = ss & wanted, set().union(*doc_lemmas[i + 1 : i + 1 + runs[i]]) & wanted
            held = own | rest if own - rest else own  # the claim starts here and goes on in the quotation after
            share = sum(idf[t] for t in held) / total
            sentence = texts[d][i]
            if share > 0 and not article_question(sentence):
                weight = statements.statement_weight(sentence, claim) * statements.position_weight(i, len(doc_lemmas))
                ranked.append(Statement(d, i, *spans[d][i], share * weight, weight))
    ranked.sort(key=lambda st: -st.score)
    return ranked[:k]


def article_question(sentence: str) -> bool:
    """True for a question the article itself asks ("So, has a U.S. ally “paid to export” …?", "Did police really place
    an ad …?"): it restates a claim to check it and is never the statement someone made. A quotation asking a
    question is someone's words and stays.

    >>> article_question("So, has a U.S. ally “paid to export” it?"), article_question("Did he say “911 is not an option?”")
    (True, True)
    >>> article_question("“Why did the US give $3.7m?” Giuliani tweeted."), article_question("Is it over? No.")
    (False, False)
    """
    s = sentence.strip()
    if not re.search(r"\?[”\"’']*$", s) or s[:1] in "“\"‘'":
        return False
    words = re.findall(r"[^\W\d_][\w’'-]*", re.sub(r"^(?:[A-Z][a-z]+,\s*)+", "", s))
    return bool(words) and words[0].lower() in lexicon.question_openers()


def find_statement(entries: Sequence[tuple[str, Sequence[Claim]]], claim: str) -> Statement | None:
    """The sentence that best holds ``claim`` by its words (see :func:`rank_statements`), or None."""
    ranked = rank_statements(entries, claim, k=1)
    return ranked[0] if ranked else None


def _clean_name(name: str) -> str:
    return re.sub(r"(?:’s|'s|’|')$", "", name.strip(" ,.;:")).strip()


def _common_word(word: str, text: str) -> bool:
    """A capitalised word the article also writes in lower case ("Now", "Results") is not a name."""
    low = word.lower().strip("’'.")
    return low in lexicon.stopwords() or re.search(rf"(?<![\w’'-]){re.escape(low)}(?![\w’'-])", text) is not None


def name_in(
    name: str | None, outside: str, text: str, claim: str, kinds: dict[str, str] | None = None
) -> str | None:
    """``name`` as a speaker written in ``outside`` (a sentence with its quotations blanked), trimmed of
    possessives and of leading common words; None when it is no name or a name the claim is about."""
    if not name:
        return None
    words = _clean_name(name).split()
    not_names, titles = lexicon.not_names(), _title_words()
    while words and (words[0] in not_names or words[0].lower().rstrip(".") in titles or _common_word(words[0], text)
                     or _not_a_name(words[0], text)):  # fmt: skip
        words = words[1:]
    while words and _not_a_name(words[-1], text):
        words = words[:-1]
    if not words or not words[0][:1].isupper():
        return None
    cleaned = " ".join(words)
    about = mentions(cleaned, claim) or mentions(words[-1], claim)  # "Septemberadlambastes Barr": still Barr
    if not mentions(cleaned, outside) or about or _description(cleaned, outside, kinds):
        return None
    return cleaned


def _not_a_name(word: str, text: str) -> bool:
    """A date or number word ("May", "Three"), or a word the article capitalises only where a sentence starts
    ("Significantly", "Unlike")."""
    if lexicon.time_pattern().fullmatch(word) or word.lower() in lexicon.number_words():
        return True
    if len(word) <= 3 or not word[1:].islower():
        return False
    abbreviations = {a.lower() for a in lexicon.abbreviations()}
    for m in re.finditer(rf"(?<![\w’'-]){re.escape(word)}(?![\w-])(?![’'](?!s\b))", text):  # "Ruiz’s" is Ruiz
        before = text[max(0, m.start() - 40) : m.start()]
        end = re.search(r"(?:^|(?P<w>[\w’']+)?[.!?][”\"’]?)\s*$|\n\s*$", before)
        if end is None or (end.group("w") or "").lower() in abbreviations and not before.rstrip().endswith(("!", "?")):
            return False  # written inside a sentence ("… told Jane", "Sen. Jane Roe"): a name
    return True


def _title_words() -> frozenset[str]:
    """Titles and their abbreviations, lower case ("sen", "rep", "senator")."""
    return lexicon.derived("speaker.titles", lambda _: frozenset(
        [t.lower() for t in lexicon.titles()] + [a.lower() for a in lexicon.abbreviations()]))  # fmt: skip


def _description(name: str, outside: str, kinds: dict[str, str] | None = None) -> bool:
    """"the Republican", "the Wisconsin Democrat": a short capitalised phrase after "the" with no organisation word
    describes someone named elsewhere (resolved like a pronoun), or is a place or an outlet ("the United States");
    the parser's PERSON label, or without a parse a second word ("the Civic Fund"), makes it a name."""
    if len(name.split()) > 2 or lexicon.org_word_pattern().search(name) or lexicon.actor_group(name):
        return False
    if not re.search(rf"\bthe\s+{re.escape(name)}\b", outside, re.I):
        return False
    if kinds is not None:
        return _kind(name, kinds) != "PERSON"
    return len(name.split()) == 1


def _cue_pattern() -> re.Pattern[str]:
    """A speaker cue ("said", "wrote"), also run into the next word's capital where links were stripped from scraped
    text ("Camp saidApril 17")."""
    return lexicon.derived("speaker.cues", lambda _: re.compile(
        rf"\b(?:{lexicon.alternation(lexicon.speaker_cues())})(?:\b|(?-i:(?=[A-Z])))", re.I))  # fmt: skip


def _names(
    outside: str, text: str, claim: str, kinds: dict[str, str] | None = None, cued: bool = False
) -> list[str]:
    """The names written outside the quotations of a sentence (first first), not those the claim is about.
    ``cued``: only names placed as a speaker is, before the sentence's last speaker cue or right after one ("…,
    said X"), not the objects of its verbs ("… blamed rising crime on Democrats", "an ad in English and Spanish")."""
    verbs = [c for c in _cue_pattern().finditer(outside) if c.group(0).lower() not in lexicon.speaker_cue_nouns()]
    ranked = []
    for m in _name_pattern().finditer(outside):
        if cued and (_after_preposition(outside, m.start()) or _owns_other(outside, m) or verbs
                     and m.start() >= verbs[-1].start() and not any(0 <= m.start() - c.end() <= CUE_GAP
                                                                    and _inverted(outside, c) for c in verbs)):
            continue
        name = name_in(m.group(0), outside, text, claim, kinds)
        if name and name not in [n for _, n in ranked]:
            ahead = [c.start() - m.end() for c in verbs if c.start() >= m.end()]  # the subject is nearest its verb
            ranked.append((min(ahead) if cued and ahead else 0, name))
    return [n for _, n in sorted(ranked, key=lambda r: r[0])]


def _inverted(outside: str, cue: re.Match[str]) -> bool:
    """True when a speaker cue stands where a verb comes before its subject: right after a quotation, a comma or a
    dash ("“…,” said Sen. Jane Roe", "…, stated a July 24 news release"), not "who accused Rep. Lee of …".

    >>> outside = "                said Sen. Jane Roe, who accused Rep. Lee of lying."
    >>> [_inverted(outside, c) for c in _cue_pattern().finditer(outside)]
    [True, False]
    """
    return re.search(r"(?:^|\s{2}|[,—–])\s*$", outside[: cue.start()]) is not None


def _owns_other(outside: str, m: re.Match[str]) -> bool:
    """True for a possessive name whose next words are no vehicle or proxy of a speaker ("as part of Facebook’s
    efforts", "a jab to Trump’s campaign slogan"), unlike "Baldwin’s ad", "Cruz’s campaign" or "Barrett’s claim"."""
    if not re.search(r"[’']s?$", m.group(0)) and not outside.startswith(("’", "'"), m.end()):
        return False
    words = re.findall(r"[\w-]+", outside[m.end() :])[:4]
    nouns = lexicon.speaker_cue_nouns() | lexicon.proxy_nouns()
    return not any(w.lower() in nouns for w in words)


def _after_preposition(outside: str, at: int) -> bool:
    """True when a place preposition comes up to four words before offset ``at`` with no punctuation between
    ("in an interview with NBC News anchor Lester Holt", "an ad in English and Spanish"), not "according to"."""
    before = re.split(r"[,;:.!?—–()]", outside[max(0, at - 60) : at])[-1].lower()
    words = re.findall(r"[\w’'-]+", before)[-4:]
    for k, w in enumerate(words):
        if w in lexicon.place_prepositions() and not (w == "to" and k > 0 and words[k - 1] == "according"):
            return True
    return False


def find_speaker(
    text: str, claims: Sequence[Claim], index: int, claim: str, entities: Sequence[EntityLike] | None = None,
    copy: bool = True,
) -> Speaker | None:
    """Who made the statement in sentence ``index`` (of :func:`sentences`), and the sentence naming them.

    ``entities``: the document's named entities from the parser, when it read the document; a speaker must then
    be one of them with a "who" label (a person, an organisation, a country, a group), people and organisations
    first."""
    spans = sentences(claims)
    by_span: dict[tuple[int, int], list[Claim]] = {}
    for c in claims:
        by_span.setdefault((c.start, c.end), []).append(c)
    kinds = _entity_words(text, entities) if entities is not None else None
    s, e = spans[index]
    about = quoting.without_quoted(claim, text[s:e])  # what the claim is about besides the words quoted here
    own = _attributed(text, by_span[(s, e)], about, kinds, own=True)
    if own is not None:
        return own
    cue = _cue_pattern()
    statement, plain = text[s:e], outside_quotes(text[s:e])
    outside = quoting.unglued(plain, text)
    intro = index - 1 if index > 0 and text[spans[index - 1][0] : spans[index - 1][1]].rstrip().endswith(":") else None
    said_in, phrase = index, owners.vehicle_phrase(outside)  # "“…,” the ad says": whose ad it is
    if phrase is None and intro is not None:  # "In Baldwin’s ad, …, the narrator asserts:" and the words after it
        said_in, phrase = intro, owners.vehicle_phrase(outside_quotes(text[spans[intro][0] : spans[intro][1]]))
    if phrase is not None:  # its owner, else (nobody is said to own it) the post itself said it
        return _owner(text, spans, index, intro, phrase[1], claim, kinds) or Speaker(phrase[0], *spans[said_in], None)
    if intro is not None and plain == statement and not cue.search(outside):  # "X said:" and the words after it
        a, b = spans[intro]
        found = _attributed(text, by_span[(a, b)], claim, kinds)
        intro_outside = quoting.unglued(outside_quotes(text[a:b]), text)
        if found is None and cue.search(intro_outside):
            names = [n for n in _names(intro_outside, text, claim, kinds, cued=True) if _kind(n, kinds) in ("PERSON", "ORG", "")]
            found = Speaker(names[0], a, b, None) if names else None
        if found is not None:
            return found
    if plain == statement and not cue.search(outside) and not any(c.act for c in by_span[(s, e)]):
        if copy:  # an embedded tweet or post: the same words quoted with their speaker elsewhere in the article
            for j in quoting.quoted_copies(text, spans, index):
                found = find_speaker(text, claims, j, claim, entities, copy=False)
                if found is not None:
                    return found
        return None  # the article's own words (no quotation, nobody said to say it): its speaker is the article
    if cue.search(outside):  # '“…,” Rosendale, Montana’s state auditor, said': a name the attribution missed
        named = [n for n in _names(outside, text, about, kinds, cued=True) if _kind(n, kinds) in ("PERSON", "")]
        if named:
            return Speaker(named[0], s, e, None)
    found = _described(text, spans, index, outside, claim, kinds)  # "The group quoted LaPierre as saying …"
    if found is not None:
        return found
    scored: list[tuple[float, Speaker]] = []
    made_in = quoting.vehicles(outside)  # the statement "tweeted": a sentence about a tweet names who tweeted it
    para_start = text.rfind("\n", 0, s) + 1
    window = list(range(max(0, index - LOOK_BACK), index)) + list(range(LEAD)) + list(
        range(index + 1, min(len(spans), index + 1 + LOOK_AHEAD)))  # fmt: skip
    for j in dict.fromkeys(window):
        if j == index or j >= len(spans):
            continue
        a, b = spans[j]
        about = quoting.without_quoted(claim, text[a:b])  # "“… Trump and Russia …,” Trump said": the quote is the claim
        found = _attributed(text, by_span[(a, b)], about, kinds)
        sentence_outside = quoting.unglued(outside_quotes(text[a:b]), text)
        cued = cue.search(sentence_outside) is not None
        if found is None and cued:  # a name in a relative clause is not who spoke ("…, which has ties to X, released")
            bare = owners.without_relatives(sentence_outside)
            names = [n for n in _names(bare, text, about, kinds, cued=True) if _kind(n, kinds) is not None]
            found = _described(text, spans, j, bare, claim, kinds) or (Speaker(names[0], a, b, None) if names else None)
        if found is None and (phrase := owners.vehicle_subject(sentence_outside)):  # "The post was flagged …"
            found = _owner(text, spans, j, None, phrase.split()[-1].lower(), claim, kinds) or Speaker(phrase, a, b, None)
        if found is None:
            continue
        if j < index:
            score = 3.0 - 0.1 * (index - j) if a >= para_start else 2.0 - 0.05 * (index - j)
        else:
            score = 1.0 - 0.1 * (j - index)
        if j < LEAD:
            score += 1.0
        score += 0.5 * (found.claim is not None) + 0.5 * cued + 0.15 * min(8, _mentions_count(found.name, text))
        score += 0.5 * (_kind(found.name, kinds) in ("PERSON", "ORG"))
        score += 0.5 * len(set(content_lemmas(text[a:b])) & set(content_lemmas(claim))) / max(1, len(content_lemmas(claim)))
        score += 1.0 * bool(made_in & quoting.vehicles(sentence_outside))  # "In a recent tweet, the RNC blamed …" / "…, tweeted"
        scored.append((score, found))
    if not scored:
        return None
    return max(scored, key=lambda t: t[0])[1]


def _described(
    text: str, spans: list[tuple[int, int]], index: int, outside: str, claim: str, kinds: dict[str, str] | None
) -> Speaker | None:
    """Whom sentence ``index`` speaks for when it opens with a description (see :mod:`.described`): the nearest name
    an earlier sentence (or this one) introduced with the same noun ("The group quoted …" → "the advocacy group
    Everytown"; "The senator went on" → "Sen. Ron Johnson", a person only), else, for an organisation, the nearest
    one named outside a prepositional phrase (that needs the parse's labels). The speaker's sentence is the naming
    one; ``described`` is this one."""
    noun = described.description(outside)
    if noun is None:
        return None
    person = described.is_title(noun)  # "the senator": only a person introduced with the title
    for by_noun in (True,) if person else (True, False):  # this sentence may name it too ("The group Everytown said")
        for j in range(index - (not by_noun), max(-1, index - 1 - LOOK_BACK), -1):
            a, b = spans[j]
            o = outside_quotes(text[a:b])
            if by_noun:
                found = [n for c in described.introduced(o, noun) if (n := name_in(c, o, text, claim, kinds))]
            else:
                found = [n for m in _name_pattern().finditer(o) if not _after_preposition(o, m.start())
                         and (n := name_in(m.group(0), o, text, claim, kinds)) and _kind(n, kinds) == "ORG"]  # fmt: skip
            found = [n for n in found if n.lower() not in lexicon.platforms()
                     and (not person or _kind(n, kinds) in ("PERSON", ""))]  # fmt: skip
            if found:
                return Speaker(found[-1] if by_noun else found[0], a, b, None, described=spans[index])
    return None


def _owner(
    text: str, spans: list[tuple[int, int]], index: int, intro: int | None, vehicle: str, claim: str,
    kinds: dict[str, str] | None,
) -> Speaker | None:
    """Who made the ``vehicle`` the statement in sentence ``index`` was made in (see :mod:`.owners`): the owner the
    statement's own sentence or its introduction names, else the nearest sentence before naming one, else after."""
    order = [index] + ([intro] if intro is not None else []) + list(range(index - 1, -1, -1)) + list(
        range(index + 1, len(spans)))  # fmt: skip
    for j in dict.fromkeys(order):
        a, b = spans[j]
        outside = outside_quotes(text[a:b])
        names = [n for c in owners.owner_candidates(outside, vehicle) if (n := name_in(c, outside, text, claim, kinds))]
        names = [n for n in names if _kind(n, kinds) in ("PERSON", "ORG", "NORP", "") and n.lower() not in lexicon.platforms()]
        if names:  # an organisation or a person before a group adjective ("Two Democratic groups, Priorities USA …")
            return Speaker(min(names, key=lambda n: _kind(n, kinds) == "NORP"), a, b, None)
    return None


def _mentions_count(name: str, text: str) -> int:
    """How often the article names someone (by the last word of the name): who a story is about recurs."""
    last = name.split()[-1]
    return len(re.findall(rf"(?<![\w-]){re.escape(last)}(?![\w-])", text))


def _attributed(
    text: str, sentence_claims: Sequence[Claim], claim: str, kinds: dict[str, str] | None = None, own: bool = False
) -> Speaker | None:
    """The speaker attribution found for a sentence, when it is a name written outside its quotations.

    ``own``: the sentence is the statement itself. Then a claim quoted with its attribution ("Russia continues to
    demand …", a follow-up's quote) may name its actor, and "he said" whose actor was not kept as a name is the
    person first named in the sentence before."""
    for c in sentence_claims:
        if not c.act or not c.actor:
            continue
        a, b = c.antecedent or (c.start, c.end)  # "he said" / a quotation going on: the name is in the sentence before
        said = outside_quotes(text[c.start : c.end]) + " " + outside_quotes(text[a:b])
        if c.verb and not re.search(rf"(?<!\w){re.escape(c.verb)}(?!\w)", said):
            continue  # the act is inside the quotation ("… where she said she was under attack …")
        quoted_whole = own and normalize(claim).startswith(normalize(c.actor)) and normalize(c.verb) in normalize(claim)
        about = "" if quoted_whole else claim
        outside = outside_quotes(text[a:b])
        name = name_in(c.actor, outside, text, about, kinds)
        if name is None and own and c.antecedent and kinds is not None:
            name = next((n for n in _names(outside, text, about, kinds) if _kind(n, kinds) == "PERSON"), None)
        if name and _kind(name, kinds) is not None:
            return Speaker(name, c.start, c.end, c)
    return None


class EntityLike(Protocol):
    """A named entity as the document's analysis stores it: ``text[start:end]`` and its label."""

    start: int
    end: int
    label: str


_KIND_ORDER = ("PERSON", "ORG", "GPE", "NORP")


def _entity_words(text: str, entities: Sequence[EntityLike]) -> dict[str, str]:
    """Each word of the document's "who" entities (lower case) and its label, people first."""
    labels = lexicon.answer_labels("who")
    out: dict[str, str] = {}
    for ent in entities:
        if ent.label not in labels:
            continue
        for w in re.findall(r"[\w-]+", text[ent.start : ent.end]):
            w = w.lower()
            rank = _KIND_ORDER.index(ent.label) if ent.label in _KIND_ORDER else len(_KIND_ORDER)
            if w not in out or rank < (_KIND_ORDER.index(out[w]) if out[w] in _KIND_ORDER else len(_KIND_ORDER)):
                out[w] = ent.label
    return out


def _kind(name: str, kinds: dict[str, str] | None) -> str | None:
    """The entity label of a name (its last word's), "" without a parse (any name goes), None when its first or
    last capitalised word (titles aside) is in no "who" entity the parser found; a name with an organisation word
    is an organisation."""
    if kinds is None:
        return ""
    if lexicon.org_word_pattern().search(name):
        return "ORG"  # "the West Virginia Republican Party": an organisation the small model did not tag
    titles = _title_words()
    words = [w.lower() for w in re.findall(r"[\w-]+", name) if w[:1].isupper() and w.lower() not in titles]
    if not words or words[0] not in kinds or words[-1] not in kinds:
        return None  # a word the parser never saw in a "who" entity ("Unlike Ebola", a glued "Septemberadlambastes")
    return kinds[words[-1]]  # the head: "U.S. House of Representatives" is an organisation, not a person

"""Who said, demanded, proposed or rejected what: rule-based attribution over article sentences.

Each sentence of a document gets its subject actor (a named subject, "he"/"it"
resolved to the nearest fitting named actor before it, the speaker after a quote,
or the source of "according to X"), the kind of act (demand, propose, reject, say)
and the content of the act, all as exact spans of the original text.

Example:
    >>> text = "Zelenskyy called for a ceasefire. “Free the prisoners,” he said."
    >>> [(c.actor, c.act, c.content) for c in analyze(text, ((0, len(text)),))]
    [('Zelenskyy', 'demand', 'a ceasefire'), ('Zelenskyy', 'demand', 'Free the prisoners')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .text import sentence_spans

# Metonyms and demonyms that name the same actor in news copy ("Moscow", "the Kremlin" -> Russia).
ACTOR_GROUPS: dict[str, tuple[str, ...]] = {
    "Russia": ("russia", "russian", "russians", "moscow", "kremlin", "russian federation"),
    "Ukraine": ("ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"),
    "United States": ("united states", "us", "u.s.", "usa", "washington", "white house", "american", "americans"),
    "China": ("china", "chinese", "beijing"),
    "Turkiye": ("turkiye", "turkey", "turkish", "ankara"),
    "NATO": ("nato",),
    "European Union": ("european union", "eu", "brussels"),
    "United Kingdom": ("united kingdom", "uk", "britain", "british", "london", "downing street"),
    "Germany": ("germany", "german", "berlin"),
    "France": ("france", "french", "paris", "elysee"),
    "Italy": ("italy", "italian", "rome"),
    "Israel": ("israel", "israeli", "israelis"),
    "Iran": ("iran", "iranian", "tehran"),
    "Belarus": ("belarus", "belarusian", "minsk"),
    "Lithuania": ("lithuania", "lithuanian", "vilnius"),
    "Poland": ("poland", "polish", "warsaw"),
    "United Nations": ("united nations", "un"),
    "India": ("india", "indian", "new delhi"),
}
_ALIAS_TO_GROUP = {alias: group for group, aliases in ACTOR_GROUPS.items() for alias in aliases}

ACT_PATTERNS: list[tuple[str, str]] = [
    ("demand", r"(?:reiterated |renewed |repeated )?calls? for|called for|calling for|demand(?:s|ed|ing)?|want(?:s|ed)?"
               r"|insist(?:s|ed)?(?: on| upon| that)?|urg(?:es|ed|ing)|press(?:es|ed)? for|seek(?:s|ing)?|sought"
               r"|requir(?:es|ed)|ask(?:s|ed)? for|wish(?:es|ed)? for"),
    ("propose", r"propos(?:es|ed|ing)|offer(?:s|ed)?|suggest(?:s|ed)?|present(?:s|ed)?|put forward"),
    ("reject", r"reject(?:s|ed)?|refus(?:es|ed)|dismiss(?:es|ed)|resist(?:s|ed)|ruled out|rules out|oppos(?:es|ed)"),
    ("say", r"said|says|say|saying|told|tells|stated|wrote|writes|added|adds|announced|reported|warned|complain(?:s|ed|ing)"
            r"|claim(?:s|ed)|referred to|refers to|accused|denied|confirmed|noted|argued"),
]  # fmt: skip
_ACT_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{a}>{p})" for a, p in ACT_PATTERNS) + r")\b")
_AUX = r"(?:(?:also|has|have|had|previously|persistently|repeatedly|again|reportedly|continues to|continue to"
_AUX += r"|continued to|will|would|had been|is|was|were|are|already|then|now|once more|not)\s+)*"
_TITLES = (
    "president|prime minister|minister|adviser|advisor|governor|spokesman|spokeswoman|spokesperson|chancellor"
    "|secretary|general|leader|negotiator|envoy|ambassador|mayor|senator|official|commander|chief|king|queen"
    "|premier|foreign minister|head|director|mr|mrs|ms|dr"
)
_SINGLE_TITLES = frozenset(t for t in _TITLES.split("|") if " " not in t)
_TITLE_BEFORE = re.compile(rf"(?:{_TITLES})\.?\s*$", re.I)
_DISCOURSE = frozenset(
    "The A An However Meanwhile But And Also Around In On At As After Before During While Despite Still Yet So "
    "Then Earlier Later Last This That These Those Since Until When If Although Though Both Such".split()
)
_SUBORDINATE = re.compile(
    r"^\s*(?:As|When|While|After|Before|Since|If|Although|Though|Despite|In|Around|During|Amid|On|At|By|For|With)\b"
)
_ORG_WORDS = re.compile(
    r"\b(ministry|council|agency|union|organi[sz]ation|kremlin|nato|government|army|forces|"
    r"office|committee|parliament|party|news|delegation|department|service|court)\b",
    re.I,
)
_PRONOUN = re.compile(r"^(?:(?:However|Meanwhile|But|And|Also),?\s+)?(?P<p>He|She|It|They)\b")
_QUOTE_SPEAKER = re.compile(
    r"^[“\"](?P<quote>.+?)[,.!?]?[”\"],?\s+(?P<who>he|she|they|it|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+"
    r"(?P<verb>said|says|added|adds|wrote|writes|told|stated|warned)\b",
    re.S,
)
_ACCORDING = re.compile(r",?\s*according to (?P<src>(?:the )?[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,4}?)(?=,|\.|$)")
# Acts reported inside a sentence about something else:
# "…, something Moscow has called “unacceptable”" / "…, conditions that Moscow has sought to insist upon"
_EMBEDDED = re.compile(
    r",\s+(?:something|which|an? (?:demand|proposal|idea|move|step|condition)|conditions?)\s+(?:that\s+)?"
    r"(?P<actor>(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+(?:has\s+|had\s+|have\s+)?"
    r"(?:(?P<reject>(?:called|described as|branded|deemed|dismissed as|rejected as)\s+[“\"]?"
    r"(?:unacceptable|unrealistic|unworkable|a non-starter|illegitimate)[”\"]?)"
    r"|(?P<demand>(?:sought to |long )?(?:insist(?:ed)? (?:up)?on|demanded|called for|wanted)))"
)
_TRIM = re.compile(r",\s+(?:something|which|conditions? that|a move|a step|a demand|an idea)\b")


@dataclass(frozen=True)
class Claim:
    """One sentence with who it is attributed to and what act it reports (spans are document offsets)."""

    start: int  # the sentence
    end: int
    actor: str | None  # as written (or resolved from a pronoun), e.g. "Zelenskyy"
    act: str | None  # demand / propose / reject / say, or None when no act is reported
    verb: str  # the act as written, e.g. "had reiterated calls for"
    content: str  # what was demanded/said, as written
    content_start: int
    antecedent: tuple[int, int] | None = None  # the sentence naming the actor, when resolved from a pronoun
    source: str | None = None  # "according to X"

    @property
    def group(self) -> str | None:
        return actor_group(self.actor)


def actor_group(name: str | None) -> str | None:
    """The canonical actor for a name ("the Kremlin" -> "Russia"), or the name itself."""
    if not name:
        return None
    low = name.lower().replace("’", "'")
    low = re.sub(r"^the\s+", "", low)
    if low in _ALIAS_TO_GROUP:
        return _ALIAS_TO_GROUP[low]
    if is_person_name(name):
        return name.split()[-1]  # "Volodymyr Zelenskyy" and "Zelenskyy" are the same person
    for word in re.findall(r"[a-z.]+(?:'s)?", low):
        word = word.removesuffix("'s")
        if word in _ALIAS_TO_GROUP:
            return _ALIAS_TO_GROUP[word]
    return name


def actor_groups(name: str | None) -> set[str]:
    """Canonical actors of a possibly compound name ("Kyiv and Moscow" -> {"Ukraine", "Russia"})."""
    if not name:
        return set()
    return {g for part in re.split(r"\s+and\s+", name) if (g := actor_group(part.strip()))}


def same_actor(a: str | None, b: str | None) -> bool:
    """True when two names refer to the same actor (aliases, surnames and compounds included)."""
    return bool(actor_groups(a) & actor_groups(b))


def is_person_name(name: str) -> bool:
    """A rough test: two or more capitalised words that are not a place or an organisation."""
    if _ORG_WORDS.search(name) or "’s" in name or "'s" in name:
        return False
    parts = name.split()
    low = name.lower()
    if low in _ALIAS_TO_GROUP or any(p.lower() in _ALIAS_TO_GROUP for p in parts):
        return False
    return len(parts) >= 2 and all(p[:1].isupper() for p in parts)


def _candidates(region: str) -> list[tuple[int, str]]:
    """(offset, phrase) of capitalised phrases that could be a subject, in order."""
    out = []
    for m in re.finditer(r"[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*", region):
        phrase, pos = m.group(0), m.start()
        words = phrase.split()
        while words and (words[0] in _DISCOURSE or words[0].lower() in _SINGLE_TITLES):
            pos += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        # "Ukraine’s President Volodymyr Zelenskyy": the possessor, then the titled person
        phrase = " ".join(words)
        split = re.match(rf"^(?P<owner>\S+[’']s)\s+(?:{_TITLES})\s+(?P<name>[A-Z].*)$", phrase, re.I)
        if split:
            out.append((pos, split.group("owner")))
            out.append((pos + split.start("name"), split.group("name")))
        else:
            out.append((pos, phrase))
    return out


def _subject(region: str) -> str | None:
    """The subject actor named in the text before the verb."""
    region = _ACCORDING.sub("", region)
    region = re.sub(
        r"\b(?:by|with|from|to|of|in|at|on|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3}\s+"
        r"(?:news agency|agency|newspaper|television|channel)\b",
        "",
        region,
    )
    # "Around the same time, X ..." / "In advance of the meeting, X ...": drop a leading phrase that names no one
    head, sep, rest = region.partition(",")
    if sep and (_SUBORDINATE.match(head) or not _candidates(head)):
        region = rest
    cands = _candidates(region)
    if not cands:
        return None
    if re.search(r"\bwho\s*$", region):  # "… European allies, who are seeking …"
        return cands[-1][1]
    both = re.match(r"^\s*(?:the\s+)?([A-Z][\w’'-]*)\s+and\s+([A-Z][\w’'-]*)\b", region)
    if both:  # "Kyiv and Moscow will present …"
        return f"{both.group(1)} and {both.group(2)}"
    for pos, phrase in cands:  # a title names the person: "Ukraine’s President Volodymyr Zelenskyy"
        if _TITLE_BEFORE.search(region[:pos]) or re.search(rf"(?:{_TITLES})\s+of\s+[\w\s]+,\s*$", region[:pos], re.I):
            return phrase
    pos, phrase = cands[0]
    # "Russia’s Ministry of Defence": keep the possessive whole, it names the organisation
    return phrase


def analyze(text: str, segments: tuple[tuple[int, int], ...]) -> list[Claim]:
    """Claims for every sentence of the given segments of ``text``, pronouns resolved."""
    claims: list[Claim] = []
    last_person: tuple[str, tuple[int, int]] | None = None
    last_thing: tuple[str, tuple[int, int]] | None = None
    prev: Claim | None = None
    for seg_start, seg_end in segments:
        for s, e in sentence_spans(text, seg_start, seg_end):
            sent = text[s:e]
            claim = _claim(sent, s, e, last_person, last_thing)
            # A sentence that goes on with the previous actor's demand inherits it
            # ("It has persistently referred to …" after "Russia continues to demand …").
            if (
                claim.actor
                and prev is not None
                and prev.act in ("demand", "propose")
                and claim.antecedent is not None
                and same_actor(claim.actor, prev.actor)
                and claim.act in (None, "say")
            ):
                claim = Claim(claim.start, claim.end, claim.actor, prev.act, claim.verb, claim.content,
                              claim.content_start, claim.antecedent, claim.source)  # fmt: skip
            claims.append(claim)
            for m in _EMBEDDED.finditer(sent):
                act = "reject" if m.group("reject") else "demand"
                verb = m.group("reject") or m.group("demand")
                # what is rejected is what the sentence was about; a demanded "condition" is best read whole
                content = claim.content if act == "reject" and claim.act else ""
                claims.append(Claim(s, e, m.group("actor"), act, verb, content, claim.content_start, None, None))
            if claim.actor and claim.antecedent is None:
                if is_person_name(claim.actor) or _known_person(text, claim.actor):
                    last_person = (claim.actor, (s, e))
                else:
                    last_thing = (claim.actor, (s, e))
            for _, phrase in _candidates(sent):  # people named anywhere become "he"/"she" candidates
                if phrase != claim.actor and (
                    is_person_name(phrase) and _TITLE_BEFORE.search(sent[: sent.find(phrase)])
                ):
                    if claim.actor is None or claim.antecedent is not None:
                        last_person = (phrase, (s, e))
            prev = claim
    return claims


@functools.lru_cache(maxsize=256)
def _named_words(text: str) -> frozenset[str]:
    """Capitalised words that follow another capitalised word or a title somewhere in the text (one scan)."""
    return frozenset(
        m.group(1)  # a lookahead, so overlapping runs ("Ukraine’s President Volodymyr Zelenskyy") are all seen
        for m in re.finditer(rf"(?=(?:\b[A-Z][\w’'-]+\s+|(?i:\b(?:{_TITLES}))\s+)([A-Z][\w’'-]+)\b)", text)
    )


def _known_person(text: str, name: str) -> bool:
    """True when the document names this actor with a first name or a title somewhere."""
    if len(name.split()) != 1 or name.lower() in _ALIAS_TO_GROUP:
        return False
    return name in _named_words(text)


def _claim(sent: str, s: int, e: int, last_person, last_thing) -> Claim:
    q = _QUOTE_SPEAKER.match(sent)
    if q:
        who = q.group("who")
        actor, antecedent = _resolve(who, last_person, last_thing)
        verb = q.group("verb")
        quote = q.group("quote")
        return Claim(s, e, actor, "say", verb, quote, s + q.start("quote"), antecedent)
    according = _ACCORDING.search(sent)
    source = according.group("src") if according else None
    m = _ACT_RE.search(sent)
    if not m:
        subject = _pronoun_or_subject(sent, last_person, last_thing)
        actor, antecedent = subject
        if actor is None and source:
            return Claim(s, e, source, "say", "according to", sent, s, None, source)
        return Claim(s, e, actor, None, "", sent, s, antecedent, source)
    act = next(a for a, v in m.groupdict().items() if v)
    region = sent[: m.start()]
    aux = re.search(_AUX + r"$", region)
    verb_start = aux.start() if aux and aux.group(0).strip() else m.start()
    pron = _PRONOUN.match(sent)
    trailing = re.search(r"(?:^|,\s*|\s)(?P<p>he|she|it|they)\s*$", sent[:verb_start], re.I)
    if pron and pron.end() <= verb_start + 1:
        actor, antecedent = _resolve(pron.group("p"), last_person, last_thing)
    elif trailing and sent[m.end() :].strip(" .!?") in ("", "on Monday", "on Sunday", "last week"):
        # "…, he added." — the content is what came before
        actor, antecedent = _resolve(trailing.group("p"), last_person, last_thing)
        content = sent[: trailing.start()].rstrip(" ,")
        return Claim(
            s, e, actor, act, sent[trailing.end() : m.end()].strip() or m.group(0), content, s, antecedent, source
        )
    elif trailing:
        actor, antecedent = _resolve(trailing.group("p"), last_person, last_thing)
    else:
        actor, antecedent = _subject(region[:verb_start] if verb_start else region), None
        if actor is None and source:
            actor = source
    content_start = m.end()
    while content_start < len(sent) and sent[content_start] in " \u00a0":
        content_start += 1
    content = sent[content_start:].rstrip(".!? ")
    trim = _TRIM.search(content)
    if trim:
        content = content[: trim.start()]
    verb = sent[verb_start : m.end()].strip()
    return Claim(s, e, actor, act, verb, content, s + content_start, antecedent, source)


def _pronoun_or_subject(sent: str, last_person, last_thing):
    pron = _PRONOUN.match(sent)
    if pron:
        return _resolve(pron.group("p"), last_person, last_thing)
    return _subject(sent[:120]), None


def _resolve(word: str, last_person, last_thing) -> tuple[str | None, tuple[int, int] | None]:
    w = word.lower()
    if w in ("he", "she"):
        return (last_person[0], last_person[1]) if last_person else (None, None)
    if w in ("it", "they"):
        return (last_thing[0], last_thing[1]) if last_thing else (None, None)
    return word, None

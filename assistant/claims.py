"""Claim checks: supported, contradicted, mixed (sources disagree), claimed but not confirmed, or not in the corpus.

The offline checker compares the claim with the retrieved article sentences: a sentence
supports it when the support checker passes and the actor agrees; it contradicts it when
it is about the same thing but gives another number, day, month or sex, the opposite polarity,
another actor for the same act, or a narrower scope ("just a prisoner swap"). A sentence that
would support it but only reports that someone said it ("…, officials said", "according to X")
reports it: reported speech is not confirmation, unless the claim is itself about what was said.

Example:
    >>> looks_like_claim_request("Is it true that Russia demanded a ceasefire?")
    'Russia demanded a ceasefire'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import attribution, lexicon
from .attribution import Claim, analyze, same_actor
from .lemmas import lemma
from .text import content_lemmas, negated, numbers, words
from .types import Passage, Span
from .verify import check_support, mentions

VERDICTS = ("supported", "contradicted", "mixed", "claimed, not confirmed", "not in the corpus")
_REQUEST = [
    re.compile(r"^(?:fact[- ]?check|check|verify|claim)\s*[:,-]\s*(?P<c>.+)$", re.I | re.S),
    re.compile(r"^is it (?:true|correct|accurate) that\s+(?P<c>.+?)\s*\??$", re.I | re.S),
    re.compile(r"^true or false\s*[:,-]?\s*(?P<c>.+?)\s*\??$", re.I | re.S),
    # "Did Russia demand …?" — a yes/no question about a named actor is a claim to check
    re.compile(r"^(?i:did|does|has|have)\s+(?P<c>(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*\s+\w.+?)\s*\?$", re.S),
]
_LEAD = re.compile(r"^(?:(?:the\s+)?articles?\s+says?\s+(?:that\s+)?)", re.I)


def looks_like_claim_request(text: str) -> str | None:
    """The claim inside "check: …" / "is it true that …?", or None for an ordinary question."""
    t = text.strip()
    for pattern in _REQUEST:
        m = pattern.match(t)
        if m:
            return m.group("c").strip().rstrip("?").strip()
    return None


def is_statement(text: str) -> bool:
    """True for a claim ("Russia demanded …") rather than a question ("What did …?")."""
    t = text.strip()
    first = t.split(" ", 1)[0].capitalize() if t else ""
    return bool(t) and not t.endswith("?") and first not in lexicon.question_start_words()


_FINITE = ("VBD", "VBZ", "VBP", "MD")  # Penn tags of a finite verb (a command's verb is a bare VB)


def is_assertion(text: str) -> bool:
    """True for a statement someone could assert and a fact-checker would check: a subject and a finite verb, not a
    question, a command or the user speaking of themself — read from the parse (False without the parser).

    >>> is_assertion("Russia said it intercepted 126 drones"), is_assertion("The talks ended with a prisoner swap.")
    (True, True)
    >>> is_assertion("Summarise the talks"), is_assertion("I want to know what Kyiv proposed"), is_assertion("Thanks!")
    (False, False, False)
    """
    if not is_statement(text) or not attribution.PARSE:
        return False
    from .names import parsed

    sentences = parsed(text.strip())
    if not sentences:
        return False
    s = sentences[0]
    root = s.tokens[s.root]
    kids = s.children(s.root)
    subjects = [t for t in kids if t.dep in ("nsubj", "nsubjpass", "expl", "csubj")]
    if root.pos not in ("VERB", "AUX") or not subjects:
        return False  # no verb ("Thanks!"), or a command ("Summarise the talks")
    if any(t.text.lower() in lexicon.word_set("conversation_pronouns") for t in subjects):
        return False  # the user speaking of themself or to the assistant ("I want to know …", "You said …")
    return root.tag in _FINITE or any(t.dep in ("aux", "auxpass") and t.tag in _FINITE for t in kids)


@dataclass
class Finding:
    """One sentence's relation to the claim."""

    spans: list[Span]  # the sentence (and the sentence naming its actor, when resolved)
    text: str
    relation: str  # "supports" / "contradicts" / "reports" (only reports that someone said it)
    reason: str
    doc_id: str


def _parse(claim: str) -> Claim | None:
    claims = analyze(claim, ((0, len(claim)),))
    return claims[0] if claims else None


def check(
    claim: str,
    passages: list[Passage],
    entries: list[tuple],
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> tuple[str, list[Finding]]:
    """The verdict on ``claim`` and the sentences for and against it (``entries``: (document, claims))."""
    claim = _LEAD.sub("", claim.strip()).rstrip(".?! ")
    parsed = _parse(claim)
    actor = parsed.actor if parsed and parsed.actor else None
    actor_lemmas = {lemma(w) for w in (actor or "").replace("’s", "").split()}
    claim_lemmas = set(content_lemmas(claim))
    claim_nums = numbers(claim)
    particles = lexicon.negations("particles")
    core = {s for s in claim_lemmas - actor_lemmas if not s[:1].isdigit() and s not in particles}
    content_core = set(content_lemmas(parsed.content)) - actor_lemmas if parsed and parsed.act else set()
    claim_neg = negated(claim)
    by_doc = {doc.doc_id: (doc, claims) for doc, claims in entries}
    # an actor the articles never mention cannot be contradicted by another actor's act: it is not in the corpus
    actor_known = actor is not None and any(mentions(actor, doc.text) for doc, _ in entries)
    exclusive = lexicon.alternation(lexicon.scope_words("exclusive"))
    seen: set[tuple[str, int, str, str]] = set()
    findings: list[Finding] = []
    for p in passages:
        if p.chunk.doc_id not in by_doc:
            continue
        doc, claims = by_doc[p.chunk.doc_id]
        for c in claims:
            key = (doc.doc_id, c.start, c.actor or "", c.act or "")  # a sentence can report several actors' acts
            if not (p.chunk.start <= c.start < p.chunk.end) or key in seen:
                continue
            seen.add(key)
            sent = doc.text[c.start : c.end]
            lemmas = set(content_lemmas(sent))
            overlap = len(core & lemmas) / len(core) if core else 0.0
            if overlap < 0.5:
                continue
            spans = [Span(doc.doc_id, c.start, c.end)]
            quotes = [sent]
            if c.antecedent:
                spans.append(Span(doc.doc_id, *c.antecedent))
                quotes.append(doc.text[c.antecedent[0] : c.antecedent[1]])
            # the claimed actor must be the sentence's actor (or, when it has none, be named in it)
            actor_ok = actor is None or same_actor(c.actor, actor)
            actor_ok = actor_ok or (not c.actor and mentions(actor, " ".join(quotes)))
            sent_nums = numbers(sent)
            reason = None
            sent_negates = not claim_neg and _negates_core(sent, core)
            if claim_nums and not claim_nums <= sent_nums and sent_nums and overlap >= 0.6:
                given, claimed = ", ".join(sorted(sent_nums - claim_nums)), ", ".join(sorted(claim_nums - sent_nums))
                reason = f"the article gives {given}, not {claimed}"
            elif overlap >= 0.6 and (slot := slot_conflict(claim, sent)):
                reason = slot
            elif claim_neg and not negated(sent) and overlap >= 0.7 and actor_ok:
                reason = "the article reports it without the negation"
            elif sent_negates and overlap >= 0.6 and actor_ok:
                reason = "the article says the opposite"
            elif (
                actor_known
                and c.actor
                and not actor_ok
                and parsed
                and parsed.act
                and c.act in ("demand", "propose", "reject")
                and (_share(content_core, set(content_lemmas(c.content))) if content_core else overlap) >= 0.6
            ):
                reason = f"the article attributes this to {c.actor}, not {actor}"
            elif (scope := re.search(rf"\b(?:{exclusive})\b", sent, re.I)) and overlap < 1.0 and actor_ok:
                m = re.search(rf"\b(?:{exclusive})\b(?:\s+[\w’'-]+){{1,3}}", sent, re.I)
                reason = f"the article says “{m.group(0) if m else scope.group(0)}”"
            if reason:
                findings.append(Finding(spans, sent, "contradicts", reason, doc.doc_id))
                continue
            # the same kind of act: a demand does not support "proposed" (say-claims accept any act)
            act_ok = not (parsed and parsed.act and c.act) or parsed.act == "say" or c.act == parsed.act
            if actor_ok and act_ok and not sent_negates and check_support(*_supported_in(claim, actor, quotes), embed).supported:
                # "X said Y" supports "X said Y", and only reports "Y": most of the claim is inside what was said
                speech = [r for r in claims if r.start == c.start and r.act == "say" and r.content]
                said = next((r for r in speech if _share(core, set(content_lemmas(r.content))) >= 0.5), None)
                # or the sentence quotes the claim's words, whoever wrote them ('an image reading "…"'), and the
                # claim is not about someone's act (that act's content may be quoted: 'called for a “…”')
                quoted = not (parsed and parsed.act) and _share(core, _quoted_lemmas(sent)) >= 0.5
                # (a demand, proposal or rejection the actor states is made by stating it: "X said it wants Y")
                own = said is not None and parsed is not None and parsed.act is not None and same_actor(said.actor, actor)
                reported = (said is not None or quoted) and not (parsed and parsed.act == "say") and not own
                reason = "" if not reported else f"{said.actor or 'someone'} said it" if said else "the article quotes it"
                findings.append(Finding(spans, sent, "reports" if reported else "supports", reason, doc.doc_id))
    supports = [f for f in findings if f.relation == "supports"]
    against = [f for f in findings if f.relation == "contradicts"]
    reports = [f for f in findings if f.relation == "reports"]
    if supports:  # another actor's similar act is no contradiction when the claimed actor did it too
        against = [f for f in against if not f.reason.startswith("the article attributes")]
    findings = supports + against + reports
    if supports and against:
        verdict = "mixed"
    elif supports:
        verdict = "supported"
    elif against:
        verdict = "contradicted"
    elif reports:
        verdict = "claimed, not confirmed"
    else:
        verdict = "not in the corpus"
    return verdict, findings


def _supported_in(claim: str, actor: str | None, quotes: list[str]) -> tuple[str, list[str]]:
    """What the support check compares: the claim and its quotes (the sentence, then the sentence naming its actor
    when the sentence has a pronoun). The sentence before supplies the actor alone, never the rest of the claim
    ("It has … agreed to territorial concessions" after "Russia … a ceasefire agreement" is no "Russia agreed to a
    ceasefire"): then the claim without its actor is checked against the sentence itself."""
    if len(quotes) < 2 or not actor:
        return claim, quotes
    body = re.sub(rf"^\s*(?:the\s+)?{re.escape(actor)}(?:[’']s)?\s+", "", claim, flags=re.I)
    return (body, quotes[:1]) if body != claim else (claim, quotes)


_QUOTATION = re.compile(r"“[^”]*”?|\"[^\"]*\"?")  # a quotation (one left open runs to the sentence's end)


def _quoted_lemmas(sentence: str) -> set[str]:
    """The content lemmas inside the sentence's quotations (someone's words, not the article's).

    >>> sorted(_quoted_lemmas('An image shows a screenshot reading, "Dealer kills himself."'))
    ['dealer', 'kill']
    """
    return {t for m in _QUOTATION.finditer(sentence) for t in content_lemmas(m.group(0))}


def _share(wanted: set[str], found: set[str]) -> float:
    return len(wanted & found) / len(wanted) if wanted else 0.0


def _negates_core(sentence: str, core: set[str]) -> bool:
    """True when a negator (the lexicon's, by lemma) stands just before one of the claim's words in the sentence
    ("has not yet been authorized" negates "authorized"; "hasn't returned" negates "returned"; "has resisted
    pressure to send" negates "send")."""
    if not core:
        return False
    negators = lexicon.preceding_negators()
    tokens = [w.lower().replace("’", "'") for w in words(sentence)]
    lemmas = [lemma(t) for t in tokens]
    for i, w in enumerate(tokens):
        ends = [i + len(p) for p in negators if tuple(lemmas[i : i + len(p)]) == p]
        if w.endswith("n't"):
            ends.append(i + 1)
        if any(core & set(lemmas[end : end + 3]) for end in ends):
            return True
    return False


def slot_conflict(claim: str, sentence: str) -> str | None:
    """Why the sentence gives another slot filler than the claim for what they share: another weekday or month
    ("the article says Saturday, not Friday"), or the other sex ("the article says boy, not girl"); None when they
    agree or one of them says nothing of it.

    >>> slot_conflict("He died on Friday evening.", "He died on Saturday night.")
    'the article says Saturday, not Friday'
    >>> slot_conflict("A girl was arrested.", "A boy, 17, was arrested."), slot_conflict("She spoke in May.", "A man spoke.")
    ('the article says boy, not girl', None)
    """
    c, s = lexicon.slots(claim), lexicon.slots(sentence)
    for kind in ("weekday", "month"):
        if c[kind] and s[kind] and not c[kind] & s[kind]:
            return f"the article says {', '.join(sorted(s[kind]))}, not {', '.join(sorted(c[kind]))}"
    for sex, other in (("female", "male"), ("male", "female")):
        if c[sex] and not c[other] and s[other] and not s[sex]:
            return f"the article says {', '.join(sorted(s[other]))}, not {', '.join(sorted(c[sex]))}"
    return None

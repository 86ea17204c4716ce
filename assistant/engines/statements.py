"""Which sentence makes a claim, and which only answers it: the role a sentence plays toward a claim.

A fact-check or news story repeats a claim's words several times: where the claimant makes it ("“…,” Lind said"),
and where the writer or an expert answers it — a rebuttal that puts the claim's words under a negation the claim
lacks ("“Nothing in the bill results in immigrants being ‘quickly registered,’” said an expert"), or an assessment
in the writer's voice ("… is also statistically accurate, according to the hospital association", "The data affirms
the 2007 statement that …"). Both echo the claim as closely as the claim's own sentence does, so a ranking by shared
words alone can pick them; :func:`statement_weight` discounts them so the sentence making the claim comes first.
Two more habits of news writing help: the claim is stated near the top and echoed later (:func:`position_weight`),
and a claim of several sentences is quoted over a run of sentences whose first names the speaker
(:func:`quotation_runs`).

Pure functions over strings; the words come from the lexicon (``negations.denials``, ``assessment_words``).

Example:
    >>> claim = "the bill would register millions of immigrants to vote"
    >>> statement_weight('"The bill would register millions of immigrants to vote," Pence wrote.', claim)
    1.0
    >>> statement_weight('"Nothing in the bill would register immigrants to vote," said an expert.', claim) < 1
    True
    >>> statement_weight("That the bill would register millions of immigrants to vote is false.", claim) < 1
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import lexicon
from ..text import content_lemmas

DENIAL_WEIGHT = 0.7  # a sentence putting the claim's words under a negation the claim lacks: a rebuttal
ASSESSMENT_WEIGHT = 0.7  # a sentence judging the claim in the writer's or a source's voice ("… is accurate")
MAX_RUN = 6  # sentences after a quotation's first that may carry it on (a list quoted over several lines)
POSITION_DISCOUNT = 0.15  # the last sentence of an article against its first (the claim is stated near the top)

# Where a clause ends inside a sentence: a full stop before a capital (not after an initial: "H.R. 1", "U.S. Rep.")
# or a quotation opening, a question or exclamation mark, a semicolon, a colon, a dash.
_CLAUSE_END = re.compile(r"(?<!\b[A-Z])[.!?]+[”\"’']?\s+(?=[A-Z“\"‘'])|[!?;:]+[”\"’']?\s+|\s*[—–]\s*|\s+-{2}\s+")
QUOTE_PAIR = re.compile(r"“[^“”]*”|\"[^\"]*\"")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def _denial_pattern() -> re.Pattern[str]:
    """A denial word ("not", "nothing", "never", "doesn’t") as a whole word or a contracted "n’t"."""
    return lexicon.derived("statements.denials", lambda _: re.compile(
        rf"(?<![\w-])(?:{lexicon.alternation(lexicon.negations('denials'))})(?![\w-])|n[’']t(?![\w-])", re.I))  # fmt: skip


def _assessment_pattern() -> re.Pattern[str]:
    """The words a writer judges a claim with ("accurate", "misleading", "according to", "no evidence")."""
    return lexicon.derived("statements.assessments", lambda _: re.compile(
        rf"(?<![\w-])(?:{lexicon.alternation(lexicon.word_set('assessment_words'))})(?![\w-])", re.I))  # fmt: skip


def _lemmas(text: str) -> set[str]:
    return set(content_lemmas(text))


def claim_clause(sentence: str, claim: str) -> str:
    """The clause of ``sentence`` holding most of the claim's content words (its first such clause on a tie):
    a long quotation says many things, and only the part echoing the claim tells how the sentence treats it.

    >>> claim_clause("“This is dumb. We have been down this road before,” he said.", "we have been down this road")
    'We have been down this road before,” he said.'
    """
    target = _lemmas(claim)
    clauses = [c for c in _CLAUSE_END.split(sentence) if c and c.strip()]
    if not clauses:
        return sentence
    return max(clauses, key=lambda c: len(_lemmas(c) & target))


def denies(sentence: str, claim: str) -> bool:
    """True when the clause of ``sentence`` holding the claim's words has a denial word ("not", "nothing", "never",
    "n’t") and the claim has none: the sentence says the claim's words are not so — a rebuttal, a correction —
    rather than making the claim.

    >>> denies("“Nothing in the bill results in voters being ‘quickly registered,’” said an expert.",
    ...        "the bill means voters are quickly registered")
    True
    >>> denies("“Voters are quickly registered. We can’t allow it,” she said.", "voters are quickly registered")
    False
    >>> denies("“It does not work,” she said.", "it does not work")
    False
    """
    pattern = _denial_pattern()
    return pattern.search(claim) is None and pattern.search(claim_clause(sentence, claim)) is not None


def unquoted(sentence: str) -> str:
    """``sentence`` with its quotations blanked (same length), also one it opens or closes without the other mark:
    a lone mark closes a quotation when it ends a word ("… 40 percent" — is accurate"), else opens one.

    >>> unquoted('In addition, premiums will rise" — is also accurate, the group said.').strip()
    '— is also accurate, the group said.'
    >>> unquoted('She said: "We will win').strip(), unquoted('“We cut it,” Lind said.').strip()
    ('She said:', 'Lind said.')
    """
    out = QUOTE_PAIR.sub(lambda m: " " * len(m.group(0)), sentence)
    marks = list(re.finditer(r"[“”\"]", out))
    if len(marks) == 1:
        m = marks[0]
        closing = m.group(0) == "”" or (m.group(0) == '"' and m.start() > 0 and not out[m.start() - 1].isspace())
        out = " " * m.end() + out[m.end() :] if closing else out[: m.start()] + " " * (len(out) - m.start())
    return out


def assesses(sentence: str, claim: str) -> bool:
    """True when the words of ``sentence`` outside its quotation marks judge a claim ("accurate", "false",
    "misleading", "affirms", "no evidence", "according to") in words the claim itself does not use: the writer
    or a source assessing the claim, not the claimant making it.

    >>> assesses("The figure — “97 counties” — is also accurate, according to the hospital association.",
    ...          "97 counties have one insurer")
    True
    >>> assesses("“97 counties have one insurer,” Blunt said in a press release.", "97 counties have one insurer")
    False
    >>> assesses("“The poll is accurate,” he said.", "the poll is accurate")
    False
    """
    claim_words = {w.lower() for w in _WORD.findall(claim)}
    for m in _assessment_pattern().finditer(unquoted(sentence)):
        if not set(m.group(0).lower().split()) <= claim_words:
            return True
    return False


def _open_after(sentence: str, open_before: bool) -> bool:
    """Whether a quotation is still open at the end of ``sentence`` (open or not at its start): an opening mark
    opens one, a closing mark closes it, a straight mark does what the state before it calls for."""
    is_open = open_before
    for mark in re.findall(r"[“”\"]", sentence):
        is_open = mark == "“" or (mark == '"' and not is_open)
    return is_open


def _whole_quotation(sentence: str) -> bool:
    """A sentence that is all quotation (its marks open it; no words outside them): '“It’s an excuse.”'."""
    s = sentence.strip()
    return s[:1] in "“\"" and not re.search(r"[^\W\d_]", unquoted(s))


def quotation_runs(texts: Sequence[str]) -> list[int]:
    """For each sentence of an article that quotes someone, how many of the sentences after it carry on the same
    quotation: those inside a quotation it leaves open, and whole quotations following it with no attribution
    of their own ('“…,” Trump said May 11. “It’s an excuse by the Democrats …”'). A claim of several sentences is
    made over such a run, and its first sentence is the one naming the speaker. 0 for the other sentences.

    >>> quotation_runs(['“We cut it,” Lind said.', '“It was needed.”', 'Critics disagree.'])
    [1, 0, 0]
    >>> quotation_runs(['“It has to be measured in the toll:', '* 1/3 are assaulted', '* 20k were smuggled.”', 'Next.'])
    [2, 0, 0, 0]
    """
    runs = [0] * len(texts)
    for i, text in enumerate(texts):
        if not re.search(r"[“”\"]", text):
            continue
        is_open = _open_after(text, False)
        for j in range(i + 1, min(len(texts), i + 1 + MAX_RUN)):
            if not (is_open or _whole_quotation(texts[j])):
                break
            runs[i] += 1
            is_open = _open_after(texts[j], is_open)
    return runs


def position_weight(index: int, count: int) -> float:
    """A small discount growing through an article: a news story or fact-check states the claim it is about near
    its top and echoes it later while answering it, so of two sentences holding the claim about as well the
    earlier is likelier the claim as made. 1.0 for the first sentence, ``1 - POSITION_DISCOUNT`` for the last.

    >>> position_weight(0, 40), round(position_weight(39, 40), 2)
    (1.0, 0.85)
    """
    return 1.0 - POSITION_DISCOUNT * index / max(1, count - 1)


def statement_weight(sentence: str, claim: str) -> float:
    """How likely ``sentence`` is where ``claim`` is made rather than answered, as a factor on its share of the
    claim's words: 1.0, discounted for a denial of the claim's words (:func:`denies`) and for an assessment of
    it (:func:`assesses`)."""
    weight = 1.0
    if denies(sentence, claim):
        weight *= DENIAL_WEIGHT
    if assesses(sentence, claim):
        weight *= ASSESSMENT_WEIGHT
    return weight

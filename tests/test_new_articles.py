"""Articles nobody here wrote (the issue's port strike and solar farm): actors are real entities, names are found.

The regressions of issue 11: on two small uploaded articles the positions map named "Energy", "Authority",
"Town", "Holm" and "Sorvik" as actors, and "What did Joan Ruiz demand?" / "What did Tom Mbeki say?" abstained.
These articles are read with the parser (no `unit` marker).
"""

from __future__ import annotations

import pytest

from assistant.corpus import Corpus
from assistant.engines.base import Query, final_draft
from assistant.engines.extractive import ExtractiveEngine
from assistant.types import Chunk, Document, Passage

PORT = (
    "Port strike halts shipping in Sorvik\n\n"
    "Dock workers at the port of Sorvik walked out on Monday after talks with the Sorvik Port Authority collapsed. "
    "Union leader Joan Ruiz demanded a 9% pay rise and an end to zero-hours contracts. "
    "“We will stay out until the Authority listens,” Ruiz told reporters outside the gates. "
    "Energy costs have pushed up prices in the town, she said.\n\n"
    "Tom Mbeki, a spokesman for the Port Authority, said the demands were unaffordable. "
    "The Authority has offered 4%, he added."
)
SOLAR = (
    "Council approves Holm solar farm\n\n"
    "Holm Town Council on Tuesday approved a 40-megawatt solar farm on farmland north of the town. "
    "Energy minister Karin Lund welcomed the decision, saying it would power 12,000 homes. "
    "“This land has been farmed for 300 years,” said Erik Sand, who chairs the residents' group."
)
COMMON_WORDS = {"Energy", "Authority", "The Authority", "Town", "Holm", "Sorvik", "Port", "Council"}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    docs = [Document(i, t.split("\n", 1)[0], t, ((0, len(t)),), "txt", f"/tmp/{i}.txt", published="2025-06-03")
            for i, t in (("port", PORT), ("solar", SOLAR))]  # fmt: skip
    return Corpus.in_memory(docs)


def ask(corpus: Corpus, question: str):
    docs = [corpus.document("port"), corpus.document("solar")]
    found = [Passage(Chunk(f"{d.doc_id}:0", d.doc_id, 0, 0, len(d.text), d.text, d.title), 1.0) for d in docs]
    return final_draft(ExtractiveEngine().draft(Query(question), found, corpus))


def test_no_capitalised_common_word_is_an_actor(corpus):
    actors = {p.actor for p in corpus.positions()}
    assert actors and not actors & COMMON_WORDS, actors
    assert {"Joan Ruiz", "Tom Mbeki", "Erik Sand"} <= actors | {"Ruiz", "Mbeki", "Sand"}


def test_the_pronoun_after_the_quote_is_the_speaker_not_the_organisation_he_names(corpus):
    said = [(p.actor, p.content) for p in corpus.positions() if p.content.startswith("The Authority has offered")]
    assert said and all(actor.endswith("Mbeki") for actor, _ in said), said


@pytest.mark.parametrize("question,expected", [
    ("What did Joan Ruiz demand?", "a 9% pay rise"),
    ("What did Tom Mbeki say?", "the demands were unaffordable"),
    ("what did tom mbeki say?", "the demands were unaffordable"),  # lower case, as people type
    ("What did Erik Sand say?", "farmed for 300 years"),
])  # fmt: skip
def test_what_did_x_say_or_demand_answers_with_the_cited_sentence(corpus, question, expected):
    draft = ask(corpus, question)
    assert not draft.abstained and any(expected in s.text for s in draft.sentences), draft
    assert all(s.spans for s in draft.sentences)

"""Which sentence makes a claim ("Who said that <claim>?"): the claim as made, not a rebuttal or an assessment
echoing its words, and the first sentence of a quotation carried on over several sentences.
Patterns of fact-check and news writing, made up for the tests (no article is copied here)."""

from __future__ import annotations

import pytest

from assistant.corpus import Corpus
from assistant.engines.speaker import find_speaker, find_statement, rank_statements
from assistant.engines.statements import (
    assesses,
    claim_clause,
    denies,
    position_weight,
    quotation_runs,
    statement_weight,
    unquoted,
)
from assistant.types import Document

pytestmark = pytest.mark.unit


def _read(text: str):
    doc = Document("d", text.split("\n", 1)[0], text, ((0, len(text)),), "txt", "/tmp/d.txt")
    _, claims = Corpus.in_memory([doc]).get("d")
    return claims


def test_a_denial_of_the_claims_words_is_a_rebuttal():
    claim = "the bill means millions of noncitizens are quickly registered to vote"
    assert denies("“Nothing in the bill results in noncitizens being ‘quickly registered to vote,’” said an expert.", claim)
    assert denies("The bill does not mean that noncitizens are quickly registered to vote.", claim)
    assert not denies("“The bill means millions of noncitizens are quickly registered to vote,” Dole wrote.", claim)


def test_a_denial_elsewhere_in_a_long_quotation_is_not_one():
    """Only the clause holding the claim's words counts: a quotation says other things too."""
    claim = "we have been down this road before with tariffs"
    sentence = "“This is dumb. Allies are not rivals. We have been down this road before with tariffs,” Vale said."
    assert claim_clause(sentence, claim).startswith("We have been down this road")
    assert not denies(sentence, claim)


def test_a_claim_that_denies_is_matched_by_its_own_denial():
    assert not denies("“The port will never close,” the mayor said.", "the port will never close")
    assert not denies("“We can’t afford the port,” she said.", "we can’t afford the port")


def test_initials_do_not_end_a_clause():
    claim = "H.R. 7 registers noncitizens to vote"
    assert denies("“Nothing in H.R. 7 registers noncitizens to vote,” said a professor.", claim)


def test_an_assessment_in_the_writers_voice():
    claim = "most residents will see their premiums rise by 40 percent"
    assert assesses("That claim — premiums rising by 40 percent — is accurate, according to the insurers.", claim)
    assert assesses("State data affirms Lind’s statement that premiums rise by 40 percent.", claim)
    assert not assesses("“Most residents will see their premiums rise by 40 percent,” Lind said.", claim)


def test_assessment_words_inside_quotation_marks_or_in_the_claim_do_not_count():
    assert not assesses("“The count was accurate,” the clerk said.", "the count was not accurate")
    assert not assesses("“This report is false,” Vale said.", "this report is false")


def test_a_quotation_closed_without_punctuation_leaves_the_writers_words_outside():
    assert unquoted('rise by 40 percent" — is also accurate.').strip() == "— is also accurate."


def test_statement_weight_discounts_rebuttals_and_assessments_only():
    claim = "the pools were closed all summer because of the cuts"
    made = "“The pools were closed all summer because of the cuts,” the party tweeted."
    rebuttal = "“The pools were not closed all summer because of the cuts,” said a city engineer."
    assessed = "That the pools were closed all summer because of the cuts is misleading."
    assert statement_weight(made, claim) == 1.0
    assert statement_weight(rebuttal, claim) < 1.0 and statement_weight(assessed, claim) < 1.0


def test_position_weight_prefers_the_top_of_an_article():
    assert position_weight(0, 30) == 1.0
    assert position_weight(5, 30) > position_weight(25, 30) >= position_weight(29, 30) > 0.8
    assert position_weight(0, 1) == 1.0


def test_quotation_runs_follow_an_open_quotation_and_whole_quotations():
    texts = [
        "Lind spoke on Monday.",
        "“The port is losing money,” Lind said.",
        "“It lost $3 million last year.”",
        "“And it will lose more:",
        "* more ships go to Dover",
        "* fees are down.”",
        "Port records show a smaller loss.",
        "“We disagree,” the port said.",
    ]
    assert quotation_runs(texts) == [0, 4, 3, 2, 0, 0, 0, 0]


def test_rank_prefers_the_claim_as_made_over_an_experts_rebuttal():
    text = (
        "Voting bill\n\n"
        "Former governor Ada Quist attacked the voting bill in an op-ed on Monday.\n\n"
        "\"The bill would register millions of noncitizens to vote,\" Quist wrote.\n\n"
        "Election experts dismissed her warning.\n\n"
        "\"Nothing in the bill would register millions of noncitizens to vote by mail,\" said Ivo Brant, a professor.\n\n"
        "The bill keeps the citizenship check."
    )
    claim = "the bill would register millions of noncitizens to vote by mail"
    claims = _read(text)
    ranked = rank_statements([(text, claims)], claim)
    assert "Quist wrote" in text[ranked[0].start : ranked[0].end]
    rebuttal = next(st for st in ranked if "Brant" in text[st.start : st.end])
    assert rebuttal.weight < 0.75 < ranked[0].weight  # the rebuttal holds more of the claim's words, but denies them
    found = find_speaker(text, claims, ranked[0].index, claim)
    assert found is not None and found.name == "Quist"


def test_a_claim_quoted_over_several_sentences_is_found_where_it_starts():
    """The claim's words are spread over a quotation's sentences; the first names who said them."""
    text = (
        "Budget\n\n"
        "\"The deficit doubled in two years,\" Councillor Mara Lind said on Tuesday.\n\n"
        "\"It is an excuse for cutting the libraries that the council should have kept open.\"\n\n"
        "Records show the deficit rose by a third."
    )
    claim = "The deficit doubled in two years. It is an excuse for cutting the libraries the council should have kept open"
    claims = _read(text)
    statement = find_statement([(text, claims)], claim)
    assert statement is not None and "Lind said" in text[statement.start : statement.end]
    found = find_speaker(text, claims, statement.index, claim)
    assert found is not None and found.name.endswith("Mara Lind")

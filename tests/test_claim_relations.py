"""Claim relations a fact-checker cannot get wrong: another day, month or sex for the same event, and a sentence that
negates the claim's own words, contradict it — and never support it."""

from __future__ import annotations

import pytest

from assistant.claims import _negates_core, check, slot_conflict
from assistant.corpus import Corpus
from assistant.types import Chunk, Document, Passage


@pytest.mark.unit
@pytest.mark.parametrize(
    "claim,sentence,reason",
    [
        ("Officers said he died on Friday evening.", "He died on Saturday night, officers said.",
         "the article says Saturday, not Friday"),
        ("They will compete in Finland in June.", "They will now compete in Finland in July.",
         "the article says July, not June"),
        ("The vote was held in Sep.", "The vote was held in September.", None),  # the same month, abbreviated
        ("Police said a 17-year-old girl had been arrested.", "A 17-year-old boy has been bailed, said police.",
         "the article says boy, not girl"),
        ("Ms Evans said she would stay.", "Mr Evans said he would stay.", "the article says mr, not ms"),
        ("The man and his wife were hurt.", "A man was hurt.", None),  # the claim names both sexes
        ("The talks were held on Monday.", "The talks were held in Istanbul.", None),  # the sentence gives no day
        ("The march may go ahead.", "The march will go ahead in May.", None),  # "may" and "march" as words
    ],
)  # fmt: skip
def test_another_day_month_or_sex_is_a_slot_conflict(claim, sentence, reason):
    assert slot_conflict(claim, sentence) == reason


@pytest.mark.unit
@pytest.mark.parametrize(
    "sentence,core,negates",
    [
        ("The vaccine has not yet been authorized for kids under 12.", {"vaccine", "authorize"}, True),
        ("Employment hasn't returned to its peak.", {"employment", "return", "peak"}, True),
        ("Russia refused to lift the sanctions.", {"lift", "sanction"}, True),
        ("Russia has resisted pressure to send its memorandum.", {"send", "memorandum"}, True),  # an implicative
        ("The minister declined to comment on the report.", {"comment", "report"}, True),
        ("No one has said the sanctions will be lifted.", {"lift", "sanction"}, False),  # the negation is elsewhere
        ("The sanctions were lifted.", {"lift", "sanction"}, False),
    ],
)  # fmt: skip
def test_a_negator_just_before_the_claims_words_negates_them(sentence, core, negates):
    assert _negates_core(sentence, core) is negates


def _verdict(claim: str, sentence: str) -> str:
    doc = Document("d", "t", sentence, ((0, len(sentence)),), "txt", "/tmp/d.txt")
    corpus = Corpus.in_memory([doc], parse=True)
    passages = [Passage(Chunk("d:0", "d", 0, 0, len(sentence), sentence, "t"), 1.0)]
    return check(claim, passages, corpus.entries(passages), None)[0]


@pytest.mark.parametrize(
    "claim,sentence",
    [
        ("COVID-19 vaccines have already been authorized for children under 12.",
         "The COVID-19 vaccine has not yet been authorized for children under 12 because the FDA is still collecting data."),
        ("Officers said Mr Fatchett died on Friday evening.",
         "Mr Fatchett died on Saturday night despite being treated at the scene by paramedics, officers said."),
        ("Russia sent its memorandum to Kyiv in advance.",
         "Russia has resisted pressure to send its memorandum to Kyiv in advance."),
        ("Police said a 17-year-old girl had been arrested on suspicion of murder.",
         "A 17-year-old boy arrested on suspicion of murder has been bailed, said police."),
    ],
)  # fmt: skip
def test_a_sentence_that_says_otherwise_contradicts_and_never_supports(claim, sentence):
    assert _verdict(claim, sentence) == "contradicted"


@pytest.mark.parametrize(
    "claim,sentence,verdict",
    [
        # reported speech is not confirmation: "X said Y" only reports "Y" …
        ("Russia intercepted 162 Ukrainian drones.",
         "Russia's Ministry of Defence said its air defence units had intercepted 162 Ukrainian drones.",
         "claimed, not confirmed"),
        # … and supports "X said Y"
        ("Russia's Ministry of Defence said its units intercepted 162 Ukrainian drones.",
         "Russia's Ministry of Defence said its air defence units had intercepted 162 Ukrainian drones.", "supported"),
        # a sentence quoting the claim's words, whoever wrote them, only reports them …
        ("The mayor resigned after the bribery scandal.",
         'A post shared widely on Facebook reads: "The mayor resigned after the bribery scandal."',
         "claimed, not confirmed"),
        # … unless the claim is about someone's act, whose content the sentence quotes
        ("Zelenskyy called for a full and unconditional ceasefire.",
         "Zelenskyy had reiterated calls for a “full and unconditional ceasefire” before the talks.", "supported"),
        # an act the actor states is made by stating it
        ("Zelenskyy wants security guarantees for Ukraine.",
         "Zelenskyy said he wants security guarantees for Ukraine.", "supported"),
        # what the claim asserts is outside what was said (the speaker's own description): no report
        ("Stephen Flynn is the leader of the opposition SNP group.",
         "Stephen Flynn, the leader of the opposition SNP group, said the departures were a sign of trouble.", "supported"),
    ],
)  # fmt: skip
def test_a_sentence_that_only_reports_the_claim_does_not_confirm_it(claim, sentence, verdict):
    assert _verdict(claim, sentence) == verdict


def test_a_claimed_verdict_is_shown_with_the_reporting_sentence_cited():
    from assistant.assemble import assemble
    from assistant.engines.base import Query, final_draft
    from assistant.engines.claimcheck import ClaimCheckEngine

    text = "Russia's Ministry of Defence said its air defence units had intercepted 162 Ukrainian drones."
    doc = Document("d", "Drones", text, ((0, len(text)),), "txt", "/tmp/d.txt")
    corpus = Corpus.in_memory([doc], parse=True)
    passages = [Passage(Chunk("d:0", "d", 0, 0, len(text), text, "Drones"), 1.0)]
    draft = final_draft(ClaimCheckEngine().draft(Query("Russia intercepted 162 Ukrainian drones"), passages, corpus))
    answer = assemble("Russia intercepted 162 Ukrainian drones", draft, corpus, "extractive")
    data = answer.to_json()
    assert data["verdict"] == "claimed, not confirmed" and data["reporting"] == [1] and data["supporting"] == []
    assert data["answer"].startswith("**Claimed, not confirmed**: the articles only report that someone said it.")
    assert "Reported, not confirmed:" in data["answer"] and text in data["answer"]


@pytest.mark.parametrize(
    "text,assertion",
    [
        ("Russia said it intercepted 126 drones", True),
        ("The first round of talks ended with a prisoner swap.", True),
        ("Zelenskyy has called for a ceasefire", True),
        ("What did Russia demand?", False),
        ("Tell me what Russia demanded", False),  # a command
        ("Summarise the talks", False),
        ("I want to know what Kyiv proposed", False),  # the user speaking of themself
        ("You said Russia rejected the roadmap", False),
        ("Thanks, that helps.", False),
        ("Thanks!", False),
    ],
)  # fmt: skip
def test_a_statement_is_a_claim_and_a_request_is_not(text, assertion):
    from assistant.claims import is_assertion

    assert is_assertion(text) is assertion


def test_a_statement_typed_in_the_chat_gets_a_verdict(seeded_store):
    from assistant.service import Assistant

    bot = Assistant(seeded_store, engine="extractive")
    for phrasing in ("Russia said it intercepted 126 drones", "check: Russia said it intercepted 126 drones",
                     "Is it true that Russia said it intercepted 126 drones?"):  # fmt: skip
        assert bot.ask(phrasing).verdict == "contradicted", phrasing
    assert bot.ask("Tell me what Russia demanded").verdict is None


def test_the_sentence_naming_a_pronouns_actor_supplies_the_actor_not_the_claim(seeded_store):
    """"It has … agreed to territorial concessions" after "Russia … a ceasefire agreement …": Russia agreed to
    concessions, not to a ceasefire (the ceasefire was only in the sentence naming "it")."""
    from assistant.service import Assistant

    bot = Assistant(seeded_store, engine="extractive")
    assert bot.ask("Is it true that Russia agreed to a ceasefire?").verdict != "supported"
    assert bot.ask("Is it true that Russia demanded that a ceasefire agreement address the root causes?").verdict == "supported"

"""The language rules on small inline sentences (no model, no Chroma): question analysis, follow-up rewriting and
claim requests. Who said what and claim relations need the parser: tests/test_language_parsed.py.

These pin today's behaviour. Cases marked ``xfail`` are answers that look wrong; they are documented here (and in
the issue 10 test report) rather than fixed, because this suite may not change product behaviour.
"""

from __future__ import annotations

import pytest

from assistant.attribution import actor_group, is_person_name, same_actor
from assistant.claims import is_statement, looks_like_claim_request
from assistant.errors import ConfigError
from assistant.followup import rewrite_followup
from assistant.question import analyze_question, question_entities

pytestmark = pytest.mark.unit


# -- question analysis ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question,kind,actor,act",
    [
        ("What did Zelenskyy call for?", "actor_act", "Zelenskyy", "demand"),
        ("What does russia want?", "actor_act", "Russia", "demand"),  # lower case: found through the alias table
        ("What are Russia's demands?", "actor_act", "Russia", "demand"),  # an act noun
        ("What did Kyiv propose at the talks?", "actor_act", "Kyiv", "propose"),
        ("Did Russia reject the proposal?", "actor_act", "Russia", "reject"),
        ("What has Moscow called unacceptable?", "actor_act", "Moscow", "reject"),  # "called X unacceptable"
        ("What did the Kremlin say about a meeting with Putin?", "actor_act", "Kremlin", "say"),
        ("Who demanded what?", "who_what", None, "demand"),
        ("Who proposed what?", "who_what", None, "propose"),
        ("Who called for a ceasefire?", "who_act", None, "demand"),
        ("Who said that the talks were a waste of time?", "speaker", None, "say"),
        ("Who said “the war will end soon”?", "speaker", None, "say"),
        ("How many drones did Russia launch?", "factual", "Russia", None),
        ("When will the third round of talks take place?", "factual", None, None),
        ("Who won the football match?", "factual", None, None),
    ],
)
def test_question_kind_actor_and_act(question, kind, actor, act):
    info = analyze_question(question)
    assert (info.kind, info.actor, info.act) == (kind, actor, act)


def test_question_topic_quote_and_required_words():
    assert analyze_question("Who called for a ceasefire?").topic == ["ceasefire"]
    assert analyze_question("Who called for a ceasefire?").act_word == "called"
    speaker = analyze_question("Who said “the war will end soon”?")
    assert speaker.quote == "the war will end soon" and speaker.topic == ["war", "end", "soon"]
    short = analyze_question("Who said the talks failed?")  # a quote needs four words or more: a "who said" question
    assert (short.kind, short.act, short.quote, short.topic) == ("who_act", "say", None, ["fail"])
    third = analyze_question("When will the third round of talks take place?")
    assert third.required == ["third"] and third.topic == ["third", "round", "talk"]  # "take place" is generic
    assert analyze_question("How many drones were launched on 2 June?").required == ["2"]
    kremlin = analyze_question("What did the Kremlin say about a meeting with Putin?")
    assert (kremlin.topic, kremlin.topic_text) == (["putin"], "Putin")  # "talks"/"meeting" set the scene only
    assert analyze_question("What did Zelenskyy call for?").topic == []


def test_question_entities():
    assert question_entities("What did Zelenskyy and the Kremlin say?") == ["Zelenskyy", "Kremlin"]
    assert question_entities("What is Russia's position?") == ["Russia"]
    assert question_entities("what happened?") == []


# -- follow-ups ----------------------------------------------------------------------------------------------------


def turn(question: str, answer: str = "…") -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


@pytest.mark.parametrize(
    "follow_up,history,standalone",
    [
        ("and what did Kyiv propose?", turn("What does Russia demand?"), "what did Kyiv propose?"),
        ("So, who called for a ceasefire?", turn("What did Zelenskyy call for?"), "who called for a ceasefire?"),
        ("What about Ukraine?", turn("What does Russia demand?"), "What does Ukraine demand?"),
        ("Ukraine?", turn("What does Russia demand?"), "What does Ukraine demand?"),
        ("and Kyiv?", turn("What does Russia demand?"), "What does Kyiv demand?"),
        ("the Kremlin?", turn("What did Zelenskyy call for?"), "What did Kremlin call for?"),
        ("what did he say about NATO?", turn("What did Zelenskyy call for?"), "what did Zelenskyy say about NATO?"),
        ("what are their demands?", turn("What does Russia want?"), "what are Russia’s demands?"),
        ("What about Kyiv?", turn("Who called for a ceasefire?"), "What about Kyiv?"),  # no actor to replace
        ("who said that?", turn("What does Russia demand?", ""), "who said that?"),  # nothing said yet
        ("hi", [], "hi"),
        ("hi", None, "hi"),
    ],
)
def test_follow_up_rewriting(follow_up, history, standalone):
    assert rewrite_followup(follow_up, history) == standalone


def test_who_said_that_quotes_the_first_sentence_of_the_last_answer():
    history = turn("What does Russia demand?", "Russia continues to demand talks on root causes. [1] It also wants more.")
    assert rewrite_followup("who said that?", history) == "Who said “Russia continues to demand talks on root causes.”?"


def test_earlier_follow_ups_are_resolved_first():
    history = turn("What does Russia demand?", "x") + turn("What about Ukraine?", "y")
    assert rewrite_followup("What about Kyiv?", history) == "What does Kyiv demand?"
    two_questions = [{"role": "user", "content": "What did Zelenskyy call for?"},
                     {"role": "user", "content": "and what about Putin?"}]  # fmt: skip
    assert rewrite_followup("what did he say?", two_questions) == "what did Putin say?"


def test_bad_history_names_the_item():
    with pytest.raises(ConfigError, match=r"history items must be \{'role': \.\.\., 'content': \.\.\.\} objects, got 'x'"):
        rewrite_followup("and Kyiv?", ["x"])


def test_who_said_that_after_a_grouped_answer():  # the first cited line, not the heading
    history = turn("Who demanded what?", "**Russia**\n- Russia continues to demand talks. [1]")
    assert "Russia continues to demand talks" in rewrite_followup("who said that?", history)


@pytest.mark.xfail(reason="'what about X' replaces the previous actor even when X is a topic, not an actor")
def test_what_about_a_topic_keeps_the_actor():
    assert "did the drones" not in rewrite_followup("OK what about the drones?", turn("How many drones did Russia launch?"))


def test_pronoun_resolved_to_a_name_with_particles():  # the subject between "did" and the act verb, whole
    history = turn("What did Ursula von der Leyen propose?")
    assert rewrite_followup("Did she reject it?", history) == "Did Ursula von der Leyen reject it?"


# -- attribution ---------------------------------------------------------------------------------------------------


def test_actor_groups_and_names():
    assert same_actor("the Kremlin", "Russia") and same_actor("Washington", "United States")
    assert same_actor("Beijing", "China") and same_actor("Brussels", "EU")
    assert not same_actor("Kyiv", "Moscow") and not same_actor(None, "Russia")
    assert (actor_group("Moscow"), actor_group("White House"), actor_group("Elysee")) == ("Russia", "United States", "France")
    assert actor_group("Keir Starmer") == "Starmer"  # a person: the surname
    assert is_person_name("Hakan Fidan") and not is_person_name("the Kremlin") and not is_person_name("Moscow")


@pytest.mark.parametrize(
    "text,claim",
    [
        ("Is it true that Russia demanded a ceasefire?", "Russia demanded a ceasefire"),
        ("check: Kyiv proposed a roadmap", "Kyiv proposed a roadmap"),
        ("Fact-check - the talks failed", "the talks failed"),
        ("True or false: Moscow wants NATO out?", "Moscow wants NATO out"),
        ("Did Russia demand a ceasefire?", "Russia demand a ceasefire"),  # a yes/no question about a named actor
        ("Did the talks fail?", None),
        ("What does Russia demand?", None),
    ],
)
def test_claim_requests(text, claim):
    assert looks_like_claim_request(text) == claim


def test_statements_and_questions():
    assert is_statement("Russia demanded a ceasefire") and is_statement("The talks failed.")
    assert not is_statement("Did Russia demand a ceasefire?") and not is_statement("Was it agreed")
    assert not is_statement("") and not is_statement("Russia demanded a ceasefire?")

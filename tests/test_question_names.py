"""The names in a question, read from its parse (issue 11: "the query path parses only the question", "lowercase
names in questions work", "names as people write them"). These load the parser; the unit tier reads names from
capitalisation instead (tests/test_unit_language.py, tests/test_names_and_questions.py)."""

from __future__ import annotations

import pytest

from assistant import attribution
from assistant.question import analyze_question, asked, question_entities, question_names
from assistant.service import Assistant


@pytest.fixture(autouse=True)
def _parser_on(monkeypatch):
    monkeypatch.setattr(attribution, "PARSE", True)  # the product: names from the parse


@pytest.mark.parametrize("question,names", [
    ("Overnight, how many drones did Russia launch?", ["Russia"]),  # a capitalised adverb opening the question
    ("Regarding prisoners, how many were exchanged?", []),  # a capitalised verb opening the question
    ("Tell me what Russia demanded.", ["Russia"]),  # an imperative opening the question
    ("According to Ukraine, how many drones did Russia launch overnight?", ["Ukraine", "Russia"]),
    ("What did Ursula von der Leyen say about sanctions?", ["Ursula von der Leyen"]),  # particles inside the name
    ("When did Charles de Gaulle visit Moscow?", ["Charles de Gaulle", "Moscow"]),
    ("Who did Bashar al-Assad meet in Moscow?", ["Bashar al-Assad", "Moscow"]),
    ("How many drones were launched on 2 June?", []),  # a date is a value, not a name to find
    ("how many drones did russia launch?", ["Russia"]),  # lower case: the parse and the lexicon
    ("what did zelensky and the white house say?", ["Zelensky", "White House"]),
    ("What did Zelenskyy and the Kremlin say?", ["Zelenskyy", "Kremlin"]),  # Zelenskyy: no entity, a known person
    ("What is Russia's position?", ["Russia"]),
    ("what happened?", []),
])  # fmt: skip
def test_names_in_the_question(question, names):
    assert question_names(question) == names
    assert question_entities(question) == names


@pytest.mark.parametrize("question,kind,actor", [
    ("Tell me what Russia demanded.", "actor_act", "Russia"),  # not "Tell"
    ("Please list what Kyiv proposed.", "actor_act", "Kyiv"),  # not "Please"
    ("When did Charles de Gaulle visit Moscow?", "factual", "Charles de Gaulle"),  # not "Charles"
    ("According to Ukraine, how many drones did Russia launch overnight?", "factual", "Ukraine"),  # not "According"
    ("Overnight, how many drones did Russia launch?", "factual", "Russia"),  # not "Overnight"
    ("when did joe biden visit kyiv?", "factual", "Joe Biden"),  # lower case, as typed
    # the subject between the auxiliary and the verb is syntax, as without the parser
    ("Besides a ceasefire, what else did Zelenskyy demand?", "actor_act", "Zelenskyy"),
    ("what did zelensky call for?", "actor_act", "Zelensky"),
    ("What does russia want?", "actor_act", "Russia"),
    ("What did the port authority reject?", "factual", None),  # a lower-case description is not a name
    ("What did it say?", "factual", None),
    ("Who won the football match?", "factual", None),
])  # fmt: skip
def test_question_actor_from_the_parse(question, kind, actor):
    info = analyze_question(question)
    assert (info.kind, info.actor) == (kind, actor)


@pytest.mark.parametrize("question,inner", [
    ("Tell me what Russia demanded.", "what Russia demanded"),
    ("Please list what Kyiv proposed.", "what Kyiv proposed"),
    ("Show me which countries attended the talks.", "which countries attended the talks"),
    ("What did Russia demand", "What did Russia demand"),  # a question word opens it: not parsed, unchanged
    ("List the demands of Russia.", "List the demands of Russia."),  # no question inside
    ("Says Donald Trump wants to cut Social Security.", "Says Donald Trump wants to cut Social Security."),
])  # fmt: skip
def test_the_question_inside_an_imperative(question, inner):
    assert asked(question) == inner
    act = analyze_question(question).act
    assert act != "say" or "say" in question.lower()  # "Tell me" is how it is asked, not what is asked about


@pytest.fixture(scope="module")
def bot(seeded_store):
    return Assistant(seeded_store, engine="extractive")


@pytest.mark.parametrize("question,same_as", [
    ("Please list what Kyiv proposed.", "What did Kyiv propose?"),  # not "Please" proposing anything "about list"
    ("Tell me what Russia demanded.", "What did Russia demand?"),  # not "Tell", nor "tell" read as the act "say"
])  # fmt: skip
def test_an_imperative_frames_the_question(bot, question, same_as):
    a = bot.ask(question)
    assert not a.abstained and a.answer == bot.ask(same_as).answer, a.answer


def test_a_lower_case_question_finds_its_answer(bot):
    a = bot.ask("according to ukraine, how many drones did russia launch overnight?")
    assert not a.abstained and "80 drones overnight" in a.sentences[0].text, a.answer

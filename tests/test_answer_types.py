"""Answer types come from the parser's entity labels: "who" wants a person or organisation, "when" a date, …"""

from __future__ import annotations

import pytest

from assistant import lexicon
from assistant.analysis import Analysis, Entity
from assistant.engines.extractive import _answer_type_ok

SENTENCE = "On Monday, Erdogan met 12 delegates in Ankara."
#           0123456789012345678901234567890123456789012345
ENTITIES = (Entity(3, 9, "DATE"), Entity(11, 18, "PERSON"), Entity(23, 25, "CARDINAL"), Entity(39, 45, "GPE"))
PARSED = Analysis((), ENTITIES, "positions-v5+parser")


@pytest.mark.unit
@pytest.mark.parametrize("wh,question,ok", [
    ("when", "When did Erdogan meet the delegates?", True),  # "Monday" is a DATE
    ("who", "Who met the delegates in Ankara?", True),  # Erdogan, a PERSON not in the question
    ("who", "Who did Erdogan meet in Ankara?", False),  # the only PERSON/GPE named are the question's own
    ("where", "Where did Erdogan meet 12 delegates?", True),
    ("where", "Where in Ankara did Erdogan meet them?", False),
    ("how many", "How many delegates did Erdogan meet?", True),
    ("how many", "How many of the 12 delegates came?", False),  # the number is the question's
    ("what", "What did Erdogan do?", True),  # no answer type for "what"
])  # fmt: skip
def test_the_answer_type_is_an_entity_label_outside_the_question(wh, question, ok):
    assert SENTENCE[3:9] == "Monday" and SENTENCE[39:45] == "Ankara"
    assert _answer_type_ok(wh, SENTENCE, question, PARSED, 0) is ok


@pytest.mark.unit
def test_offsets_are_document_offsets_and_labels_come_from_the_lexicon():
    shifted = Analysis((), tuple(Entity(e.start + 100, e.end + 100, e.label) for e in ENTITIES), "v+parser")
    assert _answer_type_ok("when", SENTENCE, "When did they meet?", shifted, 100)
    assert not _answer_type_ok("when", SENTENCE, "When did they meet?", shifted, 0)  # entities of another sentence
    assert lexicon.answer_labels("who") >= {"PERSON", "ORG", "GPE"} and not lexicon.answer_labels("why")


@pytest.mark.unit
def test_without_the_parser_the_patterns_decide():
    rules_only = Analysis((), (), "positions-v5+unparsed")
    assert not rules_only.parsed
    assert _answer_type_ok("when", SENTENCE, "When did they meet?", rules_only, 0)  # "Monday" by the time pattern
    assert not _answer_type_ok("when", "They met in Ankara.", "When did they meet?", rules_only, 0)

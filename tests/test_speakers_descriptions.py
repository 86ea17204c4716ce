"""A speaker written as a description of a person named earlier ("the Juneau Republican", "the Labour MP", "the
28-year-old", "the actress") is that person, found like "he"; a party or a plural is not a person, and nobody is
made up. The texts are invented patterns of news writing (no article is copied here); the parser is loaded."""

from __future__ import annotations

import pytest

from assistant import lexicon
from assistant.corpus import Corpus
from assistant.engines.base import Query, final_draft
from assistant.engines.extractive import ExtractiveEngine
from assistant.speakers import read
from assistant.types import Chunk, Document, Passage


def found_of(text: str) -> list[tuple[str, str, str]]:
    """(actor, act, content) the parse reads, the content cut from the original text."""
    _, found = read(text, ((0, len(text)),))
    return [(f.actor, f.act, text[f.content_start : f.content_end]) for f in found]


def ask(text: str, question: str):
    """The extractive engine's draft answer to ``question`` over ``text`` as one parsed document."""
    doc = Document("d", text.split("\n", 1)[0], text, ((0, len(text)),), "txt", "/tmp/d.txt")
    corpus = Corpus.in_memory([doc])
    passages = [Passage(Chunk("d:0", "d", 0, 0, len(text), text, doc.title), 1.0)]
    return final_draft(ExtractiveEngine().draft(Query(question), passages, corpus))


@pytest.mark.unit
def test_description_words_come_from_the_lexicon():
    assert {"republican", "democrat", "tory"} <= lexicon.description_words("party_members")
    assert {"labour", "gop"} <= lexicon.description_words("party_names")
    assert "year-old" in lexicon.description_words("age_nouns")
    assert {"actress", "mp", "striker"} <= lexicon.description_words("person_nouns")
    with pytest.raises(lexicon.LexiconError, match="speaker_descriptions.no_such_list"):
        lexicon.description_words("no_such_list")  # a misspelt list is an error, not an empty list


def test_party_member_after_the_quote_is_the_person_named_before():
    text = ("State Senator Maria Lund spoke on a radio show on Sunday. She said the plan was dead. "
            "“Nobody wants this tax,” said the Dayton Republican, who is running for governor.")  # fmt: skip
    got = found_of(text)
    assert ("Maria Lund", "say", "Nobody wants this tax") in got
    assert not any(actor in ("Republican", "Dayton Republican", "Dayton") for actor, _, _ in got)


def test_description_before_its_verb_takes_the_main_subject_not_an_object():
    text = ("Senator Ann Ward criticised Governor Tom Hale over the budget on Monday. "
            "“These cuts hurt families,” the Democrat said in a statement.")  # fmt: skip
    assert ("Ann Ward", "say", "These cuts hurt families") in found_of(text)


def test_party_and_constituency_modifiers_and_an_age():
    text = ("Labour MP Jane Roe and Tory minister Paul Kerr clashed in the Commons. "
            "“It is a disgrace,” the Labour MP said.")  # fmt: skip
    assert ("Jane Roe", "say", "It is a disgrace") in found_of(text)
    text = ("Anna Pike, 28, from Leeds, won the race in London. Her coach Tom Brown was delighted. "
            "“I am so happy,” said the 28-year-old.")  # fmt: skip
    assert ("Anna Pike", "say", "I am so happy") in found_of(text)  # her age, not the subject before (Brown)


def test_a_person_noun_stands_for_the_person_described_so():
    text = ("Actress Lena Holt met the director Karl Mott in Paris. Mott spoke first. "
            "“I loved every minute,” the actress said.")  # fmt: skip
    assert ("Lena Holt", "say", "I loved every minute") in found_of(text)


def test_a_party_or_a_description_with_no_one_named_is_no_person():
    text = "Senator Ann Ward voted for the bill on Tuesday. “It is bad law,” the Republicans said."
    _, found = read(text, ((0, len(text)),))
    said = [f for f in found if text[f.content_start : f.content_end] == "It is bad law"]
    assert [(f.actor, f.kind) for f in said] == [("Republicans", "thing")]  # the party (plural), not Ward
    got = found_of("The weather turned on Tuesday. “It was a great day,” the 45-year-old said.")
    assert got == []  # nobody is named before: no speaker rather than a made-up one


def test_who_said_names_the_person_a_description_stands_for():
    text = ("Gun bill\n\n"
            "Senate Majority Leader Carl Brandt was asked about the bill in a television interview on Sunday.\n\n"
            "“Registration is off the table,” said the Juneau Republican, who is running for Congress.\n\n"
            "The bill would require the registration of rifles.")  # fmt: skip
    draft = ask(text, "Who said that registration is off the table?")
    assert not draft.abstained
    assert "Brandt" in " ".join(s.text for s in draft.sentences)


def test_not_the_person_written_beside_the_description_given_to_someone_else():
    text = ("In a letter to the health secretary on Friday, Sir Alan Vosk said the hospitals were failing. "
            "The health secretary has now said she will act.")  # fmt: skip
    got = found_of(text)
    assert not any(actor.endswith("Vosk") and content == "she will act" for actor, _, content in got)


def test_a_possessive_is_not_the_person_a_title_describes():
    text = ("The museum holds letters from President Ida Marsh's son. Curator Ben Olsen opened the show. "
            "“It was a happy house,” the president said in an interview.")  # fmt: skip
    assert not any(actor.endswith("Marsh") for actor, _, _ in found_of(text))


def test_an_organisation_description_continues_the_subject_before():
    """"The nonprofit, which has ties to …, said": the organisation the sentence before is about, not one named in
    passing there ("in the race for the Lakeside City Council")."""
    text = ("The conservative Harbor Alliance is using the port plan as ammunition in the race for the Lakeside City "
            "Council. The nonprofit, which has ties to two shipping firms, said on Monday that the plan would cost 900 "
            "jobs.")  # fmt: skip
    got = found_of(text)
    assert ("Harbor Alliance", "say", "the plan would cost 900 jobs") in got
    assert not any("Council" in actor for actor, _, _ in got)


def test_they_for_a_group_quotes_the_sentence_naming_its_members():
    """"they wrote" standing for "a pair of Democrats": the answer shows the sentence naming the pair, not
    "Democrats wrote"."""
    text = ("Ballots\n\n"
            "A pair of Democrats -- Ana Ruiz of Dale County and Tom Bell of Lakeside -- have called the rules antiquated.\n\n"
            "\"Our state is one of few that require two witnesses for an absentee ballot,\" they wrote in an op-ed.\n\n"
            "The claim is accurate.")  # fmt: skip
    draft = ask(text, "Who said that our state is one of few that require two witnesses for an absentee ballot?")
    said = " ".join(s.text for s in draft.sentences)
    assert not draft.abstained and "Ana Ruiz" in said and "they wrote" in said
    assert "Democrats wrote" not in said


def test_a_place_before_a_person_noun_is_where_they_are_from_not_who_spoke():
    """"the Dayton businesswoman and former lawyer said": the person named before (coordinated roles too), never
    Dayton; with no one to stand for, no speaker at all."""
    text = ("Maria Lund spoke on a radio show on Sunday. She said the plan was dead. "
            "“Nobody wants this tax,” said the Dayton businesswoman and former lawyer.")  # fmt: skip
    got = found_of(text)
    assert ("Maria Lund", "say", "Nobody wants this tax") in got
    alone = found_of("The weather turned on Tuesday. “Nobody wants this tax,” the Dayton businesswoman said.")
    assert not any("Dayton" in actor for actor, _, _ in alone)
    from assistant.attribution import analyze  # the rules and the parse together, as ingest reads a document

    text = "The weather turned. “Nobody wants this tax,” the Dayton businesswoman said."
    claims = analyze(text, ((0, len(text)),), parse=True)
    assert not any(c.actor and "Dayton" in c.actor for c in claims)


def test_who_after_an_apposition_is_the_person_it_describes():
    """"Charlie Kirk, the founder and president of Turning Point USA, who demanded …": "who" is a person, the one the
    apposition describes, not the organisation closest to it."""
    got = found_of("The post quoted Charlie Kirk, the founder and president of Turning Point USA, who demanded a recount.")
    assert ("Charlie Kirk", "demand", "a recount") in got
    assert not any(actor == "Turning Point USA" for actor, _, _ in got)

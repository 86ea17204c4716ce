"""The lexicon data file and the rules that read it: actors far from the bundled article, ambiguous names, acts."""

from __future__ import annotations

import pytest

from assistant import lexicon
from assistant.attribution import actor_group, is_person_name, same_actor
from assistant.positions import ACT_ALIASES, DEMAND_ACTS, POSITION_ACTS, acts_for, normalise_actor
from assistant.verify import mentions

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "name,group",
    [
        ("Canberra", "Australia"),
        ("the Elysee", "France"),
        ("the Élysée", "France"),
        ("Brazilian", "Brazil"),
        ("Tokyo", "Japan"),
        ("Zhongnanhai", "China"),
        ("Downing Street", "United Kingdom"),
        ("the White House", "United States"),
        ("Kremlin", "Russia"),
        ("Türkiye", "Turkiye"),
        ("Ivory Coast", "Cote d'Ivoire"),
        ("Nato", "NATO"),
        ("WHO", "World Health Organization"),
        ("Hezbollah", "Hezbollah"),
        ("the Taliban", "Taliban"),
        ("Kosovar", "Kosovo"),
        ("Taipei", "Taiwan"),
    ],
)
def test_actor_aliases_cover_countries_and_organisations(name, group):
    assert lexicon.actor_group(name) == group
    assert actor_group(name) == group


def test_demonyms_and_capitals_inside_longer_names():
    assert actor_group("Brazilian officials") == "Brazil"
    assert actor_group("Australia’s foreign ministry") == "Australia"
    assert same_actor("Canberra", "Australian officials") and not same_actor("Canberra", "Tokyo")


def test_ambiguous_names_stay_people():
    assert is_person_name("Michael Jordan") and actor_group("Michael Jordan") == "Jordan"  # a surname, as today
    assert is_person_name("Victoria Beckham") and is_person_name("Chad Smith")
    assert actor_group("Jordan") == "Jordan"  # the whole name alone is the country
    assert lexicon.word_group("Jordan") is None and lexicon.word_group("Jordanian") == "Jordan"
    assert not is_person_name("Jordanian Foreign Minister")


def test_ordinary_words_count_only_as_written():
    assert lexicon.actor_group("US") == "United States" and lexicon.actor_group("us") is None
    assert lexicon.actor_group("Who") is None and lexicon.word_group("un") is None
    assert mentions("United States", "the US said") and not mentions("United States", "they told us")


def test_position_labels_and_filters():
    assert lexicon.position_label("had reiterated calls for", "demand") == "called for"
    assert lexicon.position_label("seeks", "demand") == "wants"
    assert lexicon.position_label("presented", "propose") == "proposed"
    assert lexicon.position_label("resisted", "reject") == "resisted"
    assert lexicon.position_label("said", "say") == "said" and lexicon.position_label("said", "say", fallback=False) is None
    assert DEMAND_ACTS == ("called for", "demanded", "wants", "urged") and POSITION_ACTS[:4] == DEMAND_ACTS
    assert lexicon.actor_group("North America") is None and actor_group("South Sudan’s army") == "South Sudan"
    assert ACT_ALIASES["reject"] == ("rejected", "resisted") and acts_for("propose") == ("proposed",)
    assert acts_for("warn") == ("warned",)


@pytest.mark.parametrize(
    "verb,act,label",
    [
        ("sought", "demand", "wants"),  # any form of the word: "sought" is "seek"
        ("Putting forward", "propose", "proposed"),  # a phrase in another form
        ("has ruled out", "reject", "rejected"),
        ("resisted pressure to", "reject", "resisted"),  # whole words: "pressure" is not "press"
        ("expressed hope for", "demand", None),  # ... nor is "expressed"
        ("represented", "propose", None),  # ... nor "represented" "present"
    ],
)
def test_position_labels_compare_whole_words_by_lemma(verb, act, label):
    assert lexicon.position_label(verb, act, fallback=False) == label


def test_question_vocabulary():
    assert lexicon.act_of("wants") == "demand" and lexicon.act_of("Proposed") == "propose"
    assert lexicon.act_of_noun("demands") == "demand" and lexicon.act_of("eats") is None
    assert {"What", "Did", "Could"} <= lexicon.question_start_words() <= lexicon.not_names()
    assert lexicon.time_pattern().search("on Monday") and not lexicon.time_pattern().search("Mayor")
    assert lexicon.ordinals()[:3] == ("first", "second", "third")
    assert lexicon.number_words()["dozen"] == "12" and "never" in lexicon.negations()
    assert lexicon.scope_words() == ("only", "just", "merely", "solely", "no more than")


@pytest.mark.parametrize(
    "name,canonical",
    [("Zelensky", "Zelenskyy"), ("Zelenskiy", "Zelenskyy"), ("Erdoğan", "Erdogan"), ("Qaddafi", "Gaddafi"), ("Putin", "Putin")],
)
def test_name_variants(name, canonical):
    assert lexicon.canonical_person(name) == canonical
    assert normalise_actor(name) == canonical


def test_no_module_but_the_lexicon_keeps_the_old_word_tables():
    import assistant.attribution
    import assistant.text

    for module, name in ((assistant.attribution, "_ALIAS_TO_GROUP"), (assistant.attribution, "ACTOR_GROUPS"),
                         (assistant.text, "STOPWORDS"), (assistant.text, "NEGATIONS")):  # fmt: skip
        assert not hasattr(module, name)
    assert lexicon.word_group("moscow") == "Russia" and lexicon.word_group("jordan") is None
    assert "Kremlin" in lexicon.aliases("Russia")


def test_a_broken_lexicon_names_the_entry(tmp_path):
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("acts: {demand: {}}\n", encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="acts must be exactly"):
        lexicon.Lexicon.load(bad)
    good = (lexicon.resources.files("assistant") / "data" / "lexicon.yaml").read_text(encoding="utf-8")
    bad.write_text(good.replace('"On", At, As', "On, At, As", 1), encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="booleans"):
        lexicon.Lexicon.load(bad).words("not_names", "words")
    bad.write_text(good.replace("capitals: [Kyiv, Kiev]", "capitals: [Kyiv, Kiev, Moscow]"), encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="'Moscow' names both Russia and Ukraine"):
        lexicon.Lexicon.load(bad)

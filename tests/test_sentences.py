"""Sentence boundaries (pysbd inside paragraphs) with exact offsets, and the post-rules for news text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import sentences
from assistant.sentences import sentence_spans

pytestmark = pytest.mark.unit  # pure: no model, no Chroma


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_abbreviations_months_titles_and_initials_do_not_end_a_sentence():
    text = (
        "Speaking to reporters after a speech in Chicago on Dec. 4, Gov. Bruce Rauner predicted a win. "
        "State Reps. Senfronia Thompson and J. K. Smith voted no. The U.S. economy grew 3.5 percent. Mr. Smith left."
    )
    assert split(text) == [
        "Speaking to reporters after a speech in Chicago on Dec. 4, Gov. Bruce Rauner predicted a win.",
        "State Reps. Senfronia Thompson and J. K. Smith voted no.",
        "The U.S. economy grew 3.5 percent.",
        "Mr. Smith left.",
    ]


def test_a_quotation_stays_whole_with_its_speaker():
    text = "“Second – the release of prisoners. Third – the return of children,” he said. Mr. Smith left."
    assert split(text) == ["“Second – the release of prisoners. Third – the return of children,” he said.", "Mr. Smith left."]


def test_a_quotation_ending_in_a_stop_then_its_named_speaker_is_one_sentence():
    text = '"Were these two incidents the same, were they different?" Roebuck said. "It’s not different!" McCain said.'
    assert split(text) == [
        '"Were these two incidents the same, were they different?" Roebuck said.',
        '"It’s not different!" McCain said.',
    ]


def test_a_quotation_ending_a_sentence_is_not_joined_to_the_next():
    text = 'The deal could lead to an "international gun registry." For this, Tester earned praise.'
    assert split(text) == ['The deal could lead to an "international gun registry."', "For this, Tester earned praise."]


def test_a_party_and_state_after_a_name_do_not_end_the_sentence():
    text = "Other claims involved Nancy Pelosi, D-Calif., and other lawmakers. Sen. Tom Cotton, R-Ark., bristled."
    assert split(text) == [
        "Other claims involved Nancy Pelosi, D-Calif., and other lawmakers.",
        "Sen. Tom Cotton, R-Ark., bristled.",
    ]


def test_closing_marks_are_never_a_sentence_of_their_own():
    text = "Critics said: ‘I love war in a certain way.’\n\nThey said “it was paid off to ruin him.”"
    assert split(text) == ["Critics said: ‘I love war in a certain way.’", "They said “it was paid off to ruin him.”"]


def test_paragraphs_and_headings_end_sentences_but_an_open_quotation_spans_a_line_break():
    text = "Talks resume\nThe talks began.\n“We will stay,\nwe will not leave,” he said\n\nIt rained"
    assert split(text) == ["Talks resume", "The talks began.", "“We will stay,\nwe will not leave,” he said", "It rained"]


def test_an_unclosed_quotation_does_not_merge_a_paragraph_or_the_next_one():
    text = "“We will stay. They cannot win. We know it.\n\n“More to come,” he said."
    assert split(text) == ["“We will stay.", "They cannot win.", "We know it.", "“More to come,” he said."]


def test_a_window_gives_offsets_into_the_whole_text():
    text = "Intro. Kyiv proposed a roadmap. Moscow refused it. Outro."
    start, end = text.index("Kyiv"), text.index(" Outro")
    assert [text[s:e] for s, e in sentence_spans(text, start, end)] == ["Kyiv proposed a roadmap.", "Moscow refused it."]
    with pytest.raises(ValueError, match="start=5, end=2"):
        sentence_spans(text, 5, 2)


def test_the_fast_path_agrees_with_pysbd_on_whole_paragraphs(monkeypatch):
    text = (
        "He left on Feb. 24. She stayed. The ‘plan,’ he said, was fine. (It was not. Really.) Sen. Amy Klobuchar, "
        'D-Minn., spoke -- briefly. And then? Nothing. "We won. They lost," Roy said. Rates rose 2.5 percent in '
        "the U.S. The end came at 5 p.m. Friday. It was over."
    )
    fast = sentences._passage_spans(text, cached=False)
    monkeypatch.setattr(sentences, "_pieces", lambda flat: [(0, len(flat))])
    monkeypatch.setattr(sentences, "_AMBIGUOUS", re.compile(""))
    assert sentences._passage_spans(text, cached=False) == fast
    assert len(fast) >= 8


_ALPHABET = st.sampled_from(list("ab AZ.,!?\n\n“”\"‘’'()-—") + ["Mr.", "Dec. 4", "U.S.", " he said", "3.5", "\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_spans_are_exact_ordered_trimmed_and_cover_every_word(text):
    spans = sentence_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert "".join("".join(text[s:e].split()) for s, e in spans) == "".join(text.split())
    for s, e in spans:  # a blank line always ends a sentence
        assert not re.search(r"\n[ \t]*\n", text[s:e])


def test_a_closing_mark_after_a_line_break_ends_the_sentence_before_it():
    # a quotation run over two paragraphs (opened on each, closed on the last): the closing mark is not the start
    # of the next sentence
    text = 'Police said: "We are investigating.\n"The allegation was made. It took place over years."\nIn May, he left.'
    assert split(text)[-2:] == ['It took place over years."', "In May, he left."]


def test_a_possessive_after_an_abbreviation_does_not_start_a_sentence():
    text = "An ad uses Sheriff David A. Clarke Jr.’s own words. It ran in May."
    assert split(text) == ["An ad uses Sheriff David A. Clarke Jr.’s own words.", "It ran in May."]


def test_a_title_after_a_hyphen_does_not_end_the_sentence():
    text = "In 2008, then-Sen. Hillary Clinton spoke in Minneapolis-St. Paul. Rep. Willis Hawley, R-Ore. — raised tariffs."
    assert split(text) == [
        "In 2008, then-Sen. Hillary Clinton spoke in Minneapolis-St. Paul.",
        "Rep. Willis Hawley, R-Ore. — raised tariffs.",
    ]

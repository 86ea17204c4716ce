"""English only, said plainly: questions, claims and articles in another language, and over-long questions."""

from __future__ import annotations

import json

import pytest

from assistant.errors import InputError
from assistant.ingest import ingest
from assistant.language import detect, is_english, require_english
from assistant.service import MAX_QUESTION_CHARS, Assistant

ENGLISH = [
    "What did Putin say?",  # the model alone says Indonesian
    "When did Russia invade Ukraine?",  # ... and Danish
    "Zelenskyy?", "and Kyiv?", "Erdogan?",  # too short to judge
    "Who said that the IMF warned of falling global growth?",
    "the leader of fianna fáil, micheál martin, is to step down as party leader.",  # English with Irish names
    "Is it true that Moscow rejected the roadmap?",
]  # fmt: skip
FOREIGN = {
    "Quelles sont les exigences de la Russie ?": "fr",
    "Welche Forderungen stellte Russland bei den Gesprächen in Istanbul?": "de",
    "¿Qué exigió Rusia en Estambul?": "es",
    "Что потребовала Россия?": "ru",
    "Chi ha chiesto un cessate il fuoco?": "it",
    "誰が停戦を要求しましたか？": "ja",
}


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_read_even_when_short_or_full_of_names(text):
    assert is_english(text)


@pytest.mark.parametrize("text,code", FOREIGN.items())
def test_other_languages_are_named(text, code):
    lang = detect(text)
    assert not lang.is_english and lang.code == code
    with pytest.raises(InputError, match=rf"^I can only read English: this question looks like {lang.name} \({code}\)"):
        require_english(text)


def test_a_foreign_question_gets_a_plain_one_line_answer(seeded_store, cli):
    bot = Assistant(seeded_store, engine="extractive")
    with pytest.raises(InputError, match="looks like French"):
        bot.ask("Qu'a demandé la Russie lors des pourparlers ?")
    with pytest.raises(InputError, match="this claim looks like German"):
        bot.check("Russland hat einen Waffenstillstand gefordert und die Ukraine hat das abgelehnt")
    out = cli("ask", "¿Qué exigió Rusia en las conversaciones de Estambul?", "--data-dir", seeded_store.settings.data_dir)
    assert out.returncode == 2 and out.stderr.startswith("error: I can only read English") and out.stderr.count("\n") == 1


def test_a_huge_question_is_trimmed_with_a_note_and_never_echoed(seeded_store):
    bot = Assistant(seeded_store, engine="extractive")
    question = "What did Zelenskyy call for? " + "blah " * 20_000  # 100 KB
    answer = bot.ask(question)
    assert len(answer.question) <= MAX_QUESTION_CHARS and answer.notes[0].startswith("The question was 100,028 characters")
    assert len(json.dumps(answer.to_json())) < 20_000


def test_a_non_english_article_is_skipped_at_ingest_and_the_rest_goes_on(store, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "cymraeg.txt").write_text(
        "Cyhoeddi cynlluniau newydd\n\nMae Llywodraeth Cymru wedi cyhoeddi cynlluniau newydd i wella gwasanaethau "
        "iechyd yng nghefn gwlad. Dywedodd y gweinidog fod y cynllun yn gam pwysig ymlaen i gleifion ledled y wlad.\n",
        encoding="utf-8",
    )
    (d / "english.txt").write_text("Port strike ends\n\nThe dockers' union said the strike would end on Friday.\n")
    report = ingest([d], store)
    assert report.documents == 1 and [s.path.rsplit("/", 1)[-1] for s in report.skipped] == ["cymraeg.txt"]
    assert report.skipped[0].error.startswith("not in English (it looks like Welsh, cy)")
    assert [doc.doc_id for doc in store.documents()] == ["english"]

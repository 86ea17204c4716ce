"""The language analysis is made once at ingest, stored with its version, and re-made without re-embedding."""

from __future__ import annotations

import pytest

from assistant import analysis as analysis_module
from assistant.analysis import Analysis, Entity, analysis_version, analyze_document
from assistant.attribution import Claim
from assistant.corpus import Corpus
from assistant.ingest import ingest
from conftest import SEED

SEED_ID = "istanbul-talks-2025-06-02"


def test_ingest_stores_the_analysis_with_its_version(store):
    ingest([SEED], store)
    stored = store.analysis(SEED_ID)
    doc = store.document(SEED_ID)
    assert stored is not None and doc is not None
    assert stored.version == analysis_version() == store.analysis_version(SEED_ID)
    fresh = analyze_document(doc)
    assert stored.claims == fresh.claims and stored.entities == fresh.entities
    labels = {e.label for e in stored.entities}
    assert {"PERSON", "GPE", "DATE", "CARDINAL"} <= labels
    for e in stored.entities:  # offsets index the original text
        assert doc.text[e.start : e.end].strip() == doc.text[e.start : e.end] != ""
    assert any(doc.text[e.start : e.end] == "Istanbul" and e.label == "GPE" for e in stored.entities)


def test_a_new_analyser_version_re_analyses_without_re_embedding(store, monkeypatch):
    ingest([SEED], store)
    chunks_before = [c.chunk_id for c in store.chunks(SEED_ID)]
    positions_before = store.positions(doc_id=SEED_ID)
    embedded: list[int] = []
    real_embed = store.embedder.embed
    monkeypatch.setattr(store.embedder, "embed", lambda texts: embedded.append(len(texts)) or real_embed(texts))
    monkeypatch.setattr(analysis_module, "analysis_version", lambda parse=None: "rules-next+parser-next")
    import assistant.ingest as ingest_module

    monkeypatch.setattr(ingest_module, "analysis_version", lambda parse=None: "rules-next+parser-next")
    report = ingest([SEED], store)
    assert report.skipped == [] and (report.documents, report.unchanged, report.reanalysed) == (0, 1, 1)
    assert embedded == []  # nothing was embedded again
    assert store.analysis_version(SEED_ID) == "rules-next+parser-next"
    assert [c.chunk_id for c in store.chunks(SEED_ID)] == chunks_before
    assert [(p.actor, p.act, p.start) for p in store.positions(doc_id=SEED_ID)] == [
        (p.actor, p.act, p.start) for p in positions_before
    ]
    again = ingest([SEED], store)  # idempotent: the analysis is now current
    assert (again.documents, again.unchanged, again.reanalysed) == (0, 1, 0)


def test_the_query_path_reads_the_stored_analysis_and_never_parses(store, monkeypatch):
    ingest([SEED], store)
    stored = store.analysis(SEED_ID)

    def no_parse(doc):
        raise AssertionError("the query path parsed an article")

    import assistant.corpus as corpus_module

    monkeypatch.setattr(corpus_module, "analyze_document", no_parse)
    corpus = Corpus(store)
    doc, claims = corpus.get(SEED_ID)
    assert claims == list(stored.claims)
    assert corpus.analysis(SEED_ID).entities == stored.entities


def test_a_stale_stored_analysis_is_made_again_at_query_time(store, monkeypatch):
    ingest([SEED], store)
    import assistant.corpus as corpus_module

    monkeypatch.setattr(corpus_module, "analysis_version", lambda parse=None: "something-newer")
    made: list[str] = []
    real = corpus_module.analyze_document
    monkeypatch.setattr(corpus_module, "analyze_document", lambda doc: made.append(doc.doc_id) or real(doc))
    corpus = Corpus(store)
    assert corpus.get(SEED_ID) is not None and corpus.get(SEED_ID) is not None
    assert made == [SEED_ID]  # once, then cached


@pytest.mark.unit
def test_the_stored_form_round_trips_and_refuses_another_layout():
    claim = Claim(0, 10, "Kyiv", "propose", "proposed", "a roadmap", 5, (0, 4), "Reuters")
    a = Analysis((claim,), (Entity(0, 4, "GPE"),), "v1", ((0, 10),), ((0, 10, ((0, 10),)),), ((0, 0),))
    back = Analysis.from_json(a.to_json())
    assert back == a and isinstance(back.claims[0].antecedent, tuple)
    assert back.chunk_sentences(0, 10) == [(0, 10)] and back.chunk_sentences(0, 9) is None
    assert back.context_start(0) == 0 and back.context_start(5) is None
    assert Analysis.from_json(a.to_json().replace(f'"format":{analysis_module.FORMAT}', '"format":1')) is None
    assert Analysis.from_json("not json") is None
    assert a.entities_in(0, 4, ("GPE",)) == [Entity(0, 4, "GPE")] and a.entities_in(1, 10) == []


@pytest.mark.unit
def test_without_the_parser_no_one_is_read_as_speaking():
    from assistant.types import Document

    text = "Kyiv proposed a roadmap for peace. Moscow rejected it."
    a = analyze_document(Document("d1", "Talks", text, ((0, len(text)),), "txt", "/tmp/d1.txt"))
    assert [(c.actor, c.act, text[c.start : c.end]) for c in a.claims] == [
        (None, None, "Kyiv proposed a roadmap for peace."), (None, None, "Moscow rejected it.")]  # fmt: skip
    assert a.entities == () and a.version.endswith("+unparsed") and not a.parsed


def test_an_in_memory_corpus_read_without_the_parser_stays_so(monkeypatch):
    from assistant.types import Document

    text = "Kyiv proposed a roadmap for peace. Moscow rejected it."
    corpus = Corpus.in_memory([Document("d1", "Talks", text, ((0, len(text)),), "txt", "/tmp/d1.txt")], parse=False)
    import assistant.corpus as corpus_module

    monkeypatch.setattr(corpus_module, "analyze_document", lambda doc: pytest.fail("analysed again, with the parser"))
    doc, claims = corpus.get("d1")
    assert [(c.actor, c.act) for c in claims] == [(None, None), (None, None)]
    assert not corpus.analysis("d1").parsed


def _forbid_splitting(monkeypatch, texts: list[str]) -> list[str]:
    """Make the sentence splitter fail on any passage of ``texts`` (the articles); the passages it split, returned,
    are the question's only."""
    from assistant import sentences

    real, split = sentences._passage_spans, []

    def guarded(text: str, cached: bool = True) -> list[tuple[int, int]]:
        if text.strip() and any(text in t for t in texts):
            raise AssertionError(f"the query path split an article into sentences: {text[:60]!r}")
        split.append(text)
        return real(text, cached)

    monkeypatch.setattr(sentences, "_passage_spans", guarded)
    return split


def test_the_answers_read_the_sentences_split_at_ingest(monkeypatch):
    from assistant.chunking import chunk_document
    from assistant.engines.base import Query, final_draft
    from assistant.engines.extractive import ExtractiveEngine
    from assistant.types import Document, Passage

    text = (
        "Port strike\n\nThe dockers' union demanded a 9 percent pay rise on Tuesday. The port authority rejected it.\n\n"
        "“We will stay out until Friday,” union leader Joan Ruiz said. About 1,200 workers stopped work on Monday."
    )
    doc = Document("port", "Port strike", text, ((0, len(text)),), "txt", "/tmp/port.txt")
    corpus = Corpus.in_memory([doc], parse=True)
    found = [Passage(c, 1.0) for c in chunk_document(doc)]
    questions = ["How many workers stopped work?", "What did Joan Ruiz say about Friday?", "What did the port authority reject?"]

    def answers() -> list[list[str]]:
        return [[s.text for s in final_draft(ExtractiveEngine().draft(Query(q), found, corpus)).sentences] for q in questions]

    before = answers()
    assert all(before) and "1,200" in before[0][0] and "Friday" in before[1][0] and "rejected" in before[2][0]
    _forbid_splitting(monkeypatch, [text])
    assert answers() == before
    with pytest.raises(AssertionError, match="split an article"):  # the guard does catch a split of the article
        Corpus.in_memory([doc], parse=True)


def test_a_warm_ask_never_splits_an_article_into_sentences(store, monkeypatch):
    from assistant.service import Assistant

    ingest([SEED], store)
    questions = ["How many Ukrainian drones did Russia say it intercepted?", "Who called for a ceasefire?",
                 "What did Zelenskyy say about a ceasefire?", "When will the third round of talks take place?",
                 "Who said that Russia launched 472 drones?"]  # fmt: skip
    before = [Assistant(store, "extractive").ask(q).answer for q in questions]
    _forbid_splitting(monkeypatch, [store.document(SEED_ID).text])
    bot = Assistant(store, "extractive")
    assert [bot.ask(q).answer for q in questions] == before

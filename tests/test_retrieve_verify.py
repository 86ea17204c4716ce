"""Hybrid retrieval (BM25 kept in sync, filters, LangChain retriever), sentences, and the support checker."""

from __future__ import annotations

import json

import pytest

from assistant.attribution import analyze, same_actor
from assistant.ingest import ingest, remove
from assistant.retrieve import Filters, LexicalIndex, Retriever, tokens_version
from assistant.text import sentence_spans
from assistant.verify import check_support, find_quote
from conftest import FIXTURES, SEED


def test_bm25_index_is_persisted_and_kept_in_sync(store, tmp_path):
    ingest([SEED], store)
    folder = LexicalIndex.folder(store)
    meta = json.loads((folder / "ids.json").read_text())
    assert len(meta["ids"]) == 8
    ingest([FIXTURES / "wire.jsonl"], store)
    assert len(json.loads((folder / "ids.json").read_text())["ids"]) == 10
    hits = LexicalIndex.load(store).search("Hakan Fidan third round", 3)
    assert hits and store.get_chunks([hits[0][0]])[0].doc_id == "wire-001"
    remove(["wire-001"], store)
    assert len(json.loads((folder / "ids.json").read_text())["ids"]) == 9
    (folder / "ids.json").write_text(json.dumps({"ids": ["stale"], "fingerprint": "x"}))
    assert len(LexicalIndex.load(store).ids) == 9  # a stale index is rebuilt from the collection
    meta = json.loads((folder / "ids.json").read_text())
    assert meta["tokens"] == tokens_version()
    (folder / "ids.json").write_text(json.dumps({**meta, "tokens": "another-stemmer+lexicon-0"}))
    before = (folder / "ids.json").stat().st_mtime_ns
    assert len(LexicalIndex.load(store).ids) == 9  # tokens from another stemmer or stopword list: rebuilt
    rebuilt = json.loads((folder / "ids.json").read_text())
    assert rebuilt["tokens"] == tokens_version() and (folder / "ids.json").stat().st_mtime_ns != before


def test_hybrid_finds_exact_terms_dense_alone_misses(store):
    ingest([SEED, FIXTURES / "wire.jsonl"], store)
    r = Retriever(store)
    top = r.retrieve("Korabelny district", k=1)[0]
    assert "Korabelny district" in top.chunk.text
    assert r.retrieve("Hakan Fidan", k=1)[0].chunk.doc_id == "wire-001"


def test_filters_source_date_and_doc_id(store):
    ingest([SEED, FIXTURES / "wire.jsonl", FIXTURES / "talks-report.html"], store)
    r = Retriever(store)
    assert {p.chunk.source for p in r.retrieve("drones", k=10, filters=Filters(source="Wire"))} == {"Wire"}
    june3 = r.retrieve("talks", k=10, filters=Filters(published_from="2025-06-03", published_to="2025-06-04"))
    assert june3 and all("2025-06-03" <= p.chunk.published <= "2025-06-04" for p in june3)
    only = r.retrieve("ceasefire", k=10, filters=Filters(doc_id="talks-report"))
    assert only and {p.chunk.doc_id for p in only} == {"talks-report"}
    with pytest.raises(Exception, match="Invalid date 'soon'"):
        r.retrieve("x", filters=Filters(published_from="soon"))


def test_langchain_retriever(store):
    ingest([SEED], store)
    lc = Retriever(store).as_langchain(k=2)
    docs = lc.invoke("Who called for a direct meeting with Putin?")
    assert len(docs) == 2 and any("direct meeting with Putin" in d.page_content for d in docs)
    d = docs[0]
    assert SEED.read_text(encoding="utf-8")[d.metadata["start"] : d.metadata["end"]] == d.page_content


@pytest.mark.unit
def test_sentences_respect_quotes_and_abbreviations():
    text = "“Second – the release of prisoners. Third – the return of children,” he said. Mr. Smith left. U.S. aid rose."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "“Second – the release of prisoners. Third – the return of children,” he said.",
        "Mr. Smith left.",
        "U.S. aid rose.",
    ]


def test_attribution_resolves_pronouns_and_aliases():
    text = (
        "Russia continues to demand that talks address root causes. It has persistently referred to NATO. "
        "President Volodymyr Zelenskyy arrived. “Free them,” he said."
    )
    claims = analyze(text, ((0, len(text)),))
    assert [(c.actor, c.act) for c in claims] == [
        ("Russia", "demand"), ("Russia", "demand"), ("Volodymyr Zelenskyy", None), ("Volodymyr Zelenskyy", "say")]  # fmt: skip
    assert claims[1].antecedent == (claims[0].start, claims[0].end)
    assert same_actor("the Kremlin", "Russia") and same_actor("Kyiv", "Ukraine") and not same_actor("Kyiv", "Moscow")


QUOTE = "Russia’s Ministry of Defence said on Monday that its air defence units had intercepted 162 Ukrainian drones."


@pytest.mark.parametrize(
    "sentence,supported,problem",
    [
        ("Russia’s Ministry of Defence said its units intercepted 162 Ukrainian drones.", True, None),
        ("Moscow said its air defence units intercepted 162 Ukrainian drones.", True, None),  # alias
        ("Russia’s Ministry of Defence said its units intercepted 126 Ukrainian drones.", False, "numbers"),
        ("Russia’s Ministry of Defence said its units had not intercepted Ukrainian drones.", False, "negation"),
        ("Ukraine’s Ministry of Defence said its units intercepted 162 Russian drones.", False, None),  # actor swap
        ("Turkiye said its air defence units intercepted 162 Ukrainian drones.", False, "names"),
        ("The ministry said it shot down 162 drones over Moscow using lasers and fighter jets.", False, "words"),
    ],
)
def test_support_checker(sentence, supported, problem, embedder):
    result = check_support(sentence, [QUOTE], embedder.embed)
    assert result.supported is supported, result
    if problem:
        assert any(p.startswith(problem) for p in result.problems), result.problems
    assert 0.0 <= result.score <= 1.0


@pytest.mark.parametrize(
    "sentence,quote,missing",
    [
        ("Separately, the Kremlin rejected the roadmap.", "The Kremlin rejected the roadmap on Tuesday.", None),
        ("Asked about it, Peskov declined to comment.", "Peskov declined to comment.", None),
        ("Smith demanded a full ceasefire.", "Zelenskyy demanded a full ceasefire.", "Smith"),
        ("Ukraine’s Ministry of Defence said so.", "Russia’s Ministry of Defence said so about Ukrainian drones.",
         "Ukraine’s Ministry of Defence"),
    ],
)  # fmt: skip
def test_names_an_answer_sentence_must_find_in_its_quote_come_from_its_parse(sentence, quote, missing):
    """A word opening a sentence is no name ("Separately", "Asked": the capitalised runs read them as names); a name
    the quote lacks is reported, an owner with what it owns as one name."""
    problems = [p for p in check_support(sentence, [quote]).problems if p.startswith("names")]
    assert problems == ([f"names not in the cited text: {missing}"] if missing else []), problems


@pytest.mark.unit
def test_no_citation_is_unsupported():
    assert check_support("Anything at all.", []).problems == ("no citation",)


@pytest.mark.unit
def test_find_quote_is_whitespace_and_quote_tolerant():
    text = SEED.read_text(encoding="utf-8")
    span = find_quote(text, 'Zelenskyy had reiterated calls for a  "full and unconditional\nceasefire"')
    assert span and text[span[0] : span[1]] == "Zelenskyy had reiterated calls for a “full and unconditional ceasefire”"
    assert find_quote(text, "Zelenskyy demanded the surrender of Moscow") is None
    span = find_quote(text, "Kyiv, according to the Reuters news agency, has proposed a roadmap")  # text has a no-break space
    assert span and text[span[0] : span[1]].startswith("Kyiv, according to the Reuters news agency,\xa0has")


def test_concurrent_bm25_rebuilds_do_not_race(store):
    """Two workers rebuilding at once each write their own temp folder; the index left in place is whole."""
    import threading

    ingest([SEED, FIXTURES / "wire.jsonl"], store)
    folder = LexicalIndex.folder(store)
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def rebuild() -> None:
        try:
            start.wait()
            for _ in range(5):
                LexicalIndex.build(store)
        except BaseException as e:  # reported below, in the test's thread
            errors.append(e)

    threads = [threading.Thread(target=rebuild) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no temp or set-aside folder left
    meta = json.loads((folder / "ids.json").read_text())
    assert len(meta["ids"]) == store.chunk_count() == 10
    index = LexicalIndex.load(store)
    assert index.fingerprint == meta["fingerprint"] and index.bm25.scores["num_docs"] == 10
    hits = index.search("Hakan Fidan third round", 3)
    assert hits and store.get_chunks([hits[0][0]])[0].doc_id == "wire-001"


def test_retriever_embeds_a_question_once(store, monkeypatch):
    ingest([SEED], store)
    r = Retriever(store)
    calls: list[list[str]] = []
    real = store.embedder.embed
    monkeypatch.setattr(store.embedder, "embed", lambda texts: calls.append(list(texts)) or real(texts))
    first = r.retrieve("Who called for a direct meeting with Putin?", k=3)
    assert calls == [["Who called for a direct meeting with Putin?"]]
    assert r.query_vectors.vector("Who called for a direct meeting with Putin?").shape == (store.embedder.dim,)
    assert r.retrieve("Who called for a direct meeting with Putin?", k=3) == first and len(calls) == 1


@pytest.mark.unit
def test_filters_are_translated_only_by_the_backend():
    from assistant.errors import ConfigError
    from assistant.store.backend import where_clause

    assert where_clause(filters=Filters()) is None
    assert where_clause(filters=Filters(source="Wire")) == {"source": "Wire"}
    assert where_clause({"doc_id": ["a", "b"]}, Filters(published_to="2025-06-04")) == {
        "$and": [{"doc_id": {"$in": ["a", "b"]}}, {"published_day": {"$lte": 20243}}]
    }
    with pytest.raises(ConfigError, match="Invalid date 'soon': use YYYY-MM-DD"):
        where_clause(filters=Filters(published_from="soon"))
    with pytest.raises(ValueError, match="at least one value"):
        where_clause({"act": []})
    import assistant.retrieve

    assert assistant.retrieve.Filters is Filters and not hasattr(Filters, "where")

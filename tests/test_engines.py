"""Engines against an in-memory Corpus (no model, no Chroma): dispatch by question kind, abstention, the fallback,
assembly into structured blocks, rendering, and the registry (a toy engine added with one line)."""

from __future__ import annotations

import pytest

from assistant import engines, render
from assistant.assemble import assemble
from assistant.corpus import Corpus
from assistant.engines.base import Draft, DraftSentence, EngineUnavailable, Query, final_draft
from assistant.engines.claimcheck import ClaimCheckEngine
from assistant.engines.extractive import KINDS, ExtractiveEngine
from assistant.engines.fallback import Fallback
from assistant.types import Chunk, Document, Passage, Span

pytestmark = pytest.mark.unit

PORT = (
    "Dockers strike at the port of Valmera\n\n"
    "The dockers' union demanded a 9 percent pay rise on Tuesday. "
    "The port authority rejected the demand. "
    "Union leader Joan Ruiz said the strike would last until Friday. "
    "About 1,200 workers stopped work, according to the union."
)
SOLAR = (
    "Solar farm approved\n\n"
    "The regional council approved a 40-megawatt solar farm near Holm. "
    "Residents called for a public hearing before construction starts."
)


def doc(doc_id: str, text: str) -> Document:
    return Document(doc_id, text.split("\n", 1)[0], text, ((0, len(text)),), "txt", f"/tmp/{doc_id}.txt",
                    published="2025-06-03")  # fmt: skip


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.in_memory([doc("port", PORT), doc("solar", SOLAR)])


def passages(*docs: Document) -> list[Passage]:
    return [Passage(Chunk(f"{d.doc_id}:0", d.doc_id, 0, 0, len(d.text), d.text, d.title), 1.0 - i / 10)
            for i, d in enumerate(docs)]  # fmt: skip


def ask(corpus: Corpus, question: str, engine=None) -> Draft:
    found = passages(corpus.document("port"), corpus.document("solar"))
    return final_draft((engine or ExtractiveEngine()).draft(Query(question), found, corpus))


def test_each_question_kind_has_its_own_function():
    assert set(KINDS) == {"who_what", "actor_act", "who_act", "speaker", "factual"}


def test_actor_act_quotes_the_article_sentence(corpus):
    draft = ask(corpus, "What did the port authority reject?")
    assert [s.text for s in draft.sentences] == ["The port authority rejected the demand."]
    assert draft.sentences[0].spans[0].doc_id == "port" and not draft.abstained


def test_factual_number_and_abstention(corpus):
    draft = ask(corpus, "How many workers stopped work?")
    assert "1,200" in draft.sentences[0].text
    nothing = ask(corpus, "What did the mayor of Tokyo say about whales?")
    assert nothing.abstained and nothing.message and nothing.related  # related reading, not support


def test_claim_check_engine_contradicts_a_changed_number(corpus):
    draft = ask(corpus, "About 1,500 workers stopped work", ClaimCheckEngine())
    assert draft.verdict == "contradicted" and "1200" in draft.sentences[0].text
    assert [s.relation for s in draft.sentences if s.kind == "sentence"] == ["contradicts"]


class Broken:
    name = "broken"

    def draft(self, query, passages, corpus):
        yield "partial text "
        raise EngineUnavailable("LLM endpoint failed (timeout)")


def test_fallback_streams_what_it_had_then_answers_offline_with_a_note(corpus):
    events = list(Fallback(Broken(), ExtractiveEngine()).draft(Query("What did the port authority reject?"),
                                                               passages(corpus.document("port")), corpus))  # fmt: skip
    assert events[0] == "partial text "
    draft = events[-1]
    assert draft.engine == "extractive" and draft.notes[0].startswith("LLM endpoint failed (timeout); answered with")
    assert draft.sentences[0].text == "The port authority rejected the demand."


def test_assemble_numbers_verifies_and_never_cites_a_bad_span(corpus):
    port = corpus.document("port")
    s = port.text.index("The port authority")
    e = port.text.index("demand.", s) + len("demand.")
    draft = Draft([DraftSentence("Port authority", [], kind="heading"),
                   DraftSentence("The port authority rejected the demand.", [Span("port", s, e), Span("port", 5, 5)]),
                   DraftSentence("The port authority accepted a 20 percent rise.", [Span("port", s, e)]),
                   DraftSentence("Nobody said this.", [Span("nowhere", 0, 4)])], bullets=True)  # fmt: skip
    answer = assemble("q", draft, corpus, "extractive")
    assert [c.quote for c in answer.citations] == ["The port authority rejected the demand."]
    assert [(x.citations, x.supported) for x in answer.sentences] == [([1], True), ([1], False), ([], False)]
    assert [b.kind for b in answer.blocks] == ["heading", "sentence", "sentence", "sentence"]
    md = render.markdown(answer)
    assert md.splitlines()[0] == "**Port authority**" and "- The port authority rejected the demand. [1]" in md
    assert md.splitlines()[2].endswith("⚠ *not supported by the cited text*")
    assert answer.to_json()["answer"] == md and answer.to_json()["blocks"][1]["citations"] == [1]


# -- adding an engine: one new module (here, this class) plus one registry line ---------------------------------


class FirstSentence:
    """A toy engine: answers with the first sentence of the best passage."""

    name = "first-sentence"

    def draft(self, query, passages, corpus):
        if not passages:
            yield Draft([], abstained=True, message="Nothing retrieved.")
            return
        chunk = passages[0].chunk
        end = chunk.text.index(".") + 1
        yield Draft([DraftSentence(chunk.text[:end], [Span(chunk.doc_id, chunk.start, chunk.start + end)])])


@pytest.fixture
def toy_engine():
    engines.register("first-sentence", lambda llm=None: FirstSentence())  # the one registry line
    yield
    engines._REGISTRY.pop("first-sentence")


def test_a_registered_engine_is_offered_everywhere(toy_engine, corpus):
    from assistant.cli import build_parser

    assert "first-sentence" in engines.names()
    args = build_parser().parse_args(["ask", "Who?", "--engine", "first-sentence"])  # the CLI's choices read it
    assert args.engine == "first-sentence"
    draft = final_draft(engines.create("first-sentence").draft(Query("Who?"), passages(corpus.document("solar")), corpus))
    answer = assemble("Who?", draft, corpus, "first-sentence")
    assert answer.sentences[0].supported and answer.citations[0].quote == "Solar farm approved\n\nThe regional council approved a 40-megawatt solar farm near Holm."  # noqa: E501
    with pytest.raises(Exception, match="Unknown engine 'nope'"):
        engines.create("nope")


# -- adding a front end: one new module (here, echo_main) plus one line in cli.FRONTENDS ---------------------------


def echo_main(argv: list[str]) -> int:
    """A toy front end: renders a one-sentence answer with a renderer from assistant.render."""
    from assistant.types import Answer, AnswerSentence, Block

    answer = Answer("q", [Block("sentence", sentence=AnswerSentence(" ".join(argv), [1]))], False, "toy")
    print(render.RENDERERS["markdown"](answer))
    return 0


def test_a_registered_front_end_is_a_cli_command(monkeypatch, capsys):
    from assistant import cli

    monkeypatch.setitem(cli.FRONTENDS, "echo", ("test_engines:echo_main", "print a toy answer", None))  # one line
    assert cli.main(["echo", "Residents", "--called", "for a hearing"]) == 0  # its own options pass through
    assert capsys.readouterr().out == "Residents --called for a hearing [1]\n"
    assert "echo" in cli.build_parser().format_help()

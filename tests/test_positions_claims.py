"""The positions map (extracted at ingest, stored, queried) and claim checks with verdicts."""

from __future__ import annotations

import json
import re

import pytest

from assistant.claims import is_statement, looks_like_claim_request
from assistant.config import Settings
from assistant.ingest import ingest, remove
from assistant.parse import parse_file
from assistant.positions import extract_positions, normalise_actor
from assistant.service import Assistant
from assistant.store import Store
from conftest import SEED

DOC = "istanbul-talks-2025-06-02"

# (group, act(s), text the content must contain) — the seed article's required positions
REQUIRED = [
    ("Zelenskyy", ("called for",), "full and unconditional ceasefire"),
    ("Zelenskyy", ("demanded", "called for"), "the release of prisoners"),
    ("Zelenskyy", ("demanded", "called for"), "the return of abducted children"),
    ("Zelenskyy", ("called for",), "a direct meeting with Putin"),
    ("Zelenskyy", ("wants",), "security guarantees"),
    ("Russia", ("demanded",), "“root causes”"),
    ("Russia", ("demanded",), "limiting Ukraine’s military capabilities"),
    ("Russia", ("demanded",), "banning Ukraine from joining NATO"),
    ("Russia", ("demanded",), "agreeing to territorial concessions"),
    ("Russia", ("rejected",), "security guarantees"),
    ("Ukraine", ("proposed",), "roadmap for lasting peace, with no restrictions on its military strength nor "
                               "international recognition of Russian sovereignty"),
]


@pytest.fixture(scope="module")
def seeded(seeded_store):
    return seeded_store  # the seed article, ingested once per session (read-only)


def test_seed_positions_found_with_exact_spans(seeded):
    text = SEED.read_text(encoding="utf-8")
    stored = seeded.positions()
    for group, acts, needle in REQUIRED:
        hits = [p for p in stored if p.group == group and p.act in acts and needle in p.content]
        assert hits, (group, acts, needle)
        for p in hits:
            assert text[p.start : p.end] == p.content and p.doc_id == DOC and p.date == "2025-06-02"
            assert p.sentence_start <= p.start and p.end <= p.sentence_end
    # surface forms are kept, groups normalised
    moscow = [p for p in stored if p.actor == "Moscow"]
    assert moscow and all(p.group == "Russia" for p in moscow)
    kyiv = next(p for p in stored if "roadmap" in p.content and p.act == "proposed")
    assert (kyiv.actor, kyiv.group) == ("Kyiv", "Ukraine")
    listed = [p for p in stored if p.group == "Zelenskyy" and "prisoners" in p.content]
    assert listed[0].antecedent_start is not None  # "he said" resolved to the sentence naming Zelenskyy


@pytest.mark.unit
def test_names_are_normalised():
    assert normalise_actor("the Kremlin") == "Russia" and normalise_actor("Kyiv") == "Ukraine"
    assert normalise_actor("Zelensky") == "Zelenskyy" and normalise_actor("Volodymyr Zelenskyy") == "Zelenskyy"


def test_positions_queryable_by_actor_act_date_and_article(seeded):
    groups = {p.group for p in seeded.positions(actor="Kremlin")}
    assert "Russia" in groups and groups <= {"Russia", "Russia & Ukraine"}  # joint acts ("Kyiv and Moscow") count
    assert {p.act for p in seeded.positions(acts=("proposed",))} == {"proposed"}
    assert seeded.positions(date_from="2025-06-03") == []
    assert len(seeded.positions(doc_id=DOC)) == len(seeded.positions())
    assert seeded.positions(doc_id="other") == []


def test_positions_follow_reingest_and_remove(tmp_path, embedder):
    store = Store.open(Settings.from_env(data_dir=tmp_path, env={}), embedder)
    f = tmp_path / "a.txt"
    f.write_text("Talks\n\nRussia demanded a halt to arms deliveries.\n")
    ingest([f], store)
    assert [p.content for p in store.positions()] == ["a halt to arms deliveries"]
    f.write_text("Talks\n\nUkraine demanded a prisoner exchange.\n")
    ingest([f], store)
    assert [(p.group, p.content) for p in store.positions()] == [("Ukraine", "a prisoner exchange")]
    remove(["a"], store)
    assert store.positions() == []


def test_positions_cli_table_and_json(cli, seeded):
    data = str(seeded.settings.data_dir)
    out = cli("positions", "--actor", "Moscow", "--data-dir", data)
    assert out.returncode == 0 and re.search(r"Russia \(Moscow\)\s+rejected", out.stdout)
    assert "banning Ukraine from joining NATO" in out.stdout
    rows = json.loads(cli("positions", "--act", "demanded", "--json", "--data-dir", data).stdout)
    assert rows and {r["act"] for r in rows} <= {"called for", "demanded", "wants", "urged"}
    assert {"actor", "group", "act", "content", "start", "end", "date", "doc_id"} <= set(rows[0])


def test_positions_in_other_document_kinds():
    (doc,), _ = parse_file(SEED)
    assert len(extract_positions(doc)) >= 15


# -- claim checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "claim,verdict,reason",
    [
        ("Zelenskyy called for a full and unconditional ceasefire", "supported", None),
        ("Kyiv proposed a roadmap for lasting peace", "claimed, not confirmed", None),  # only "according to Reuters"
        ("Reuters reported that Kyiv proposed a roadmap for lasting peace", "supported", None),
        ("Russia demanded that a ceasefire agreement address the root causes of the conflict", "supported", None),
        ("Moscow called security guarantees for Ukraine unacceptable", "supported", None),
        ("Russia called for a full and unconditional ceasefire", "contradicted", "attributes this to Zelenskyy, not Russia"),
        ("Russia proposed a roadmap for lasting peace", "contradicted", "attributes this to Kyiv"),
        ("Russia said it intercepted 126 Ukrainian drones", "contradicted", "not 126"),
        ("Zelenskyy did not call for a direct meeting with Putin", "contradicted", "without the negation"),
        ("The first round of talks ended with a full ceasefire agreed", "contradicted", "just a prisoner swap"),
        ("China demanded a ceasefire at the Istanbul talks", "not in the corpus", None),
        ("Hungary vetoed new sanctions on Russia", "not in the corpus", None),
    ],
)
def test_claim_verdicts(seeded, claim, verdict, reason):
    a = Assistant(seeded, engine="extractive").check(claim)
    assert a.verdict == verdict, a.answer
    text = SEED.read_text(encoding="utf-8")
    assert all(text[c.start : c.end] == c.quote for c in a.citations + a.related)
    if verdict == "supported":
        assert a.supporting and not a.contradicting and a.answer.startswith("**Supported**")
    if verdict == "contradicted":
        assert a.contradicting and not a.supporting and reason in a.answer
    if verdict == "not in the corpus":
        assert a.abstained and not a.citations and a.related


def test_sources_that_disagree_give_mixed_with_both_sides(tmp_path, embedder):
    store = Store.open(Settings.from_env(data_dir=tmp_path, env={}), embedder)
    other = tmp_path / "other-report.txt"
    other.write_text("Drone claims\n\nPublished On 3 Jun 2025\n\nRussia’s Ministry of Defence said its air defence "
                     "units had intercepted and destroyed 126 Ukrainian drones overnight.\n")  # fmt: skip
    ingest([SEED, other], store)
    a = Assistant(store, engine="extractive").check("Russia said its air defence units intercepted 162 Ukrainian drones")
    assert a.verdict == "mixed"
    sides = {a.citations[n - 1].doc_id for n in a.supporting}, {a.citations[n - 1].doc_id for n in a.contradicting}
    assert sides == ({DOC}, {"other-report"})


@pytest.mark.unit
def test_claim_requests_are_recognised():
    assert looks_like_claim_request("Is it true that Russia demanded a ceasefire?") == "Russia demanded a ceasefire"
    assert looks_like_claim_request("check: Kyiv proposed a roadmap") == "Kyiv proposed a roadmap"
    assert looks_like_claim_request("What does Russia demand?") is None
    assert is_statement("Russia demanded a ceasefire") and not is_statement("Did Russia demand a ceasefire?")


def test_claim_requests_from_chat_and_cli(cli, seeded):
    chat = Assistant(seeded, engine="extractive").ask("Is it true that Russia called for a full and unconditional ceasefire?")
    assert chat.verdict == "contradicted"
    data = str(seeded.settings.data_dir)
    out = json.loads(cli("check", "Zelenskyy called for a direct meeting with Putin", "--json", "--data-dir", data).stdout)
    assert out["verdict"] == "supported" and out["supporting"] == [1] and out["contradicting"] == []
    assert out["citations"][0]["quote"] == "Zelenskyy also called for a direct meeting with Putin."


def test_answers_say_when_articles_disagree(tmp_path, embedder):
    store = Store.open(Settings.from_env(data_dir=tmp_path, env={}), embedder)
    other = tmp_path / "other-report.txt"
    other.write_text("Drone claims\n\nPublished On 3 Jun 2025\n\nRussia’s Ministry of Defence said its air defence "
                     "units had intercepted and destroyed 126 Ukrainian drones overnight.\n\n"
                     "Russia called for a direct meeting with Putin, officials said.\n")  # fmt: skip
    ingest([SEED, other], store)
    bot = Assistant(store, engine="extractive")
    a = bot.ask("How many Ukrainian drones did Russia say it intercepted?")
    assert a.answer.startswith("**The articles disagree on the figures:**")
    assert {c.doc_id for c in a.citations} == {DOC, "other-report"} and "162" in a.answer and "126" in a.answer
    b = bot.ask("Who called for a direct meeting with Putin?")
    assert b.answer.startswith("**The articles attribute this differently:**")
    assert "Zelenskyy also called" in b.answer and "Russia called for a direct meeting" in b.answer


def test_what_x_wants_uses_the_map_across_the_corpus(tmp_path, embedder):
    store = Store.open(Settings.from_env(data_dir=tmp_path, env={}), embedder)
    filler = tmp_path / "filler"
    filler.mkdir()
    for i in range(12):  # many articles about Russia that demand nothing, so retrieval alone could miss the one that does
        (filler / f"weather-{i}.txt").write_text(f"Weather {i}\n\nRussia had snow on day {i} and Moscow was cold.\n")
    (filler / "demand.txt").write_text("Late news\n\nThe Kremlin demanded the withdrawal of foreign troops.\n")
    ingest([filler], store)
    a = Assistant(store, engine="extractive").ask("What does Russia want?", k=2)
    assert "withdrawal of foreign troops" in a.answer

"""The positions map: who demanded, proposed, rejected or said what, extracted at ingest.

Each :class:`Position` is one act of one actor with its content as an exact span; lists
("Second – the release of prisoners. Third – …", "limiting X, banning Y and agreeing to Z")
become one position per item. Actors keep their surface form and get a normalised
``group`` ("Kyiv" → Ukraine, "the Kremlin" → Russia; "Zelensky" → Zelenskyy).

Example:
    >>> from assistant.types import Document
    >>> text = "Russia continues to demand an end to the war."
    >>> doc = Document("d", "t", text, ((0, len(text)),), "txt", "/tmp/d", published="2025-06-02")
    >>> [(p.group, p.act, p.content) for p in extract_positions(doc)]
    [('Russia', 'demanded', 'an end to the war')]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from . import lexicon
from .attribution import Claim, actor_group, actor_groups, analyze
from .types import Document


def __getattr__(name: str):
    """The map's label lists, read from the lexicon: DEMAND_ACTS, POSITION_ACTS and ACT_ALIASES."""
    if name == "DEMAND_ACTS":
        return lexicon.demand_labels()
    if name == "POSITION_ACTS":  # the labels kept in the map
        return lexicon.kept_labels()
    if name == "ACT_ALIASES":  # what an --act filter word means
        return {w: lexicon.act_filter(w) for w in lexicon.get().data["positions"]["act_filters"]}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


RULES_VERSION = "positions-v19"  # bump when the extraction rules here, attribution.py, speakers/ or sentences.py change


def rules_version() -> str:
    """The positions rules' version with the lexicon's fingerprint: a change to either re-analyses documents.

    >>> rules_version().startswith(RULES_VERSION + "+lexicon-") and RULES_VERSION.startswith("positions-v")
    True
    """
    return f"{RULES_VERSION}+lexicon-{lexicon.get().fingerprint[:12]}"


@dataclass(frozen=True)
class Position:
    """One attributed act; ``document.text[start:end] == content`` and the sentence is [sentence_start:sentence_end]."""

    position_id: str
    doc_id: str
    actor: str  # as written (pronouns resolved), e.g. "Kyiv"
    group: str  # normalised, e.g. "Ukraine"
    act: str  # called for / demanded / wants / urged / proposed / rejected / resisted / warned / agreed / said
    content: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    date: str | None = None
    target: str | None = None
    antecedent_start: int | None = None  # the sentence that names the actor, when the act's own says "he"/"it"
    antecedent_end: int | None = None

    def to_json(self) -> dict:
        return asdict(self)

    def to_meta(self) -> dict:
        """The positions table's metadata for this position (its content is stored beside it)."""
        from .types import day_number

        meta = {"doc_id": self.doc_id, "actor": self.actor, "group": self.group, "act": self.act, "start": self.start,
                "end": self.end, "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
                "date": self.date, "published_day": day_number(self.date), "target": self.target,
                "antecedent_start": self.antecedent_start, "antecedent_end": self.antecedent_end}  # fmt: skip
        return {k: v for k, v in meta.items() if v is not None}  # the store cannot hold None

    @classmethod
    def from_meta(cls, position_id: str, content: str, meta: dict) -> Position:
        """The position as stored by :meth:`to_meta`."""
        return cls(position_id, meta["doc_id"], meta["actor"], meta["group"], meta["act"], content, int(meta["start"]),
                   int(meta["end"]), int(meta["sentence_start"]), int(meta["sentence_end"]), meta.get("date"),
                   meta.get("target"), meta.get("antecedent_start"), meta.get("antecedent_end"))  # fmt: skip

    @staticmethod
    def match_actor(positions: list[Position], actor: str) -> list[Position]:
        """The positions whose actor ``actor`` names: a surface form or a group ("Kyiv", "Ukraine", "Zelensky").

        Example:
            >>> p = Position("p", "d", "Kyiv", "Ukraine", "demanded", "a ceasefire", 0, 11, 0, 20)
            >>> [len(Position.match_actor([p], a)) for a in ("Ukraine", "kyiv", "Moscow")]
            [1, 1, 0]
        """
        from .attribution import same_actor

        want = normalise_actor(actor)
        return [p for p in positions if p.group == want or same_actor(p.actor, actor) or actor.lower() in p.actor.lower()]


def act_label(claim: Claim) -> str | None:
    """The map's act for a claim ("had reiterated calls for" -> "called for"), or None."""
    if claim.act == "say" and not claim.content:
        return lexicon.position_label(claim.verb, "say", fallback=False)  # "warned" counts, a bare "said" does not
    return lexicon.position_label(claim.verb, claim.act)


def normalise_actor(actor: str, label: str | None = None) -> str:
    """The group an actor belongs to, people's name variants merged; ``label``: the parse's entity label, if known.

    >>> normalise_actor("Liberal Democrats", "NORP"), normalise_actor("Kyiv and Moscow")
    ('Liberal Democrats', 'Russia & Ukraine')
    """
    if label and " and " not in actor:
        return lexicon.canonical_person(actor_group(actor, label) or actor)
    groups = actor_groups(actor)
    if len(groups) > 1:
        return " & ".join(sorted(groups))
    return lexicon.canonical_person(next(iter(groups), actor))


def _items(content: str) -> list[tuple[int, int]]:
    """(start, end) of the items of a list inside ``content``; the whole content when it is not a list."""
    ordinals = "|".join(w.capitalize() for w in lexicon.ordinals())
    ordinal = list(re.finditer(rf"(?:^|(?<=[.;]\s))(?:{ordinals})\s*[–—:-]\s*", content))
    if ordinal:
        spans = []
        for i, m in enumerate(ordinal):
            end = ordinal[i + 1].start() if i + 1 < len(ordinal) else len(content)
            spans.append((m.end(), end))
        return [(s, e - len(content[s:e]) + len(content[s:e].rstrip(" .;,”\""))) for s, e in spans]
    # "limiting X, banning Y and agreeing to Z": gerund-led items
    parts = list(re.finditer(r"(?:^|,\s+|\s+and\s+)(?=[a-z]+ing\b)", content))
    if len(parts) >= 2 and parts[0].start() == 0:
        spans = []
        for i, m in enumerate(parts):
            end = parts[i + 1].start() if i + 1 < len(parts) else len(content)
            spans.append((m.end(), end))
        return spans
    return [(0, len(content))]


def extract_positions(doc: Document, claims: Sequence[Claim] | None = None) -> list[Position]:
    """Every attributed act in a document (its ``claims`` when already analysed), list items split, spans exact."""
    out: list[Position] = []
    seen: set[str] = set()
    if claims is None:
        claims = analyze(doc.text, doc.segments or ((0, len(doc.text)),))
    for claim in claims:
        label = act_label(claim)
        if not claim.actor or not label:
            continue
        content = claim.content
        if content and doc.text[claim.content_start : claim.content_start + len(content)] != content:
            continue  # never store a span that is not exactly the text
        if not content:  # an act stated inside another sentence: the sentence is the content
            spans = [(claim.start, claim.end)]
        else:
            spans = [(claim.content_start + s, claim.content_start + e) for s, e in _items(content)]
        target = _target(claim.content)
        for s, e in spans:
            text = doc.text[s:e].strip()
            if not text:
                continue
            s += len(doc.text[s:e]) - len(doc.text[s:e].lstrip())
            e = s + len(text)
            pid = hashlib.sha1(f"{doc.doc_id}\x00{s}\x00{e}\x00{claim.actor}\x00{label}".encode()).hexdigest()[:20]
            if pid in seen:  # two readings of one act (the rules' and the parse's): one position
                continue
            seen.add(pid)
            ante = claim.antecedent or (None, None)
            group = claim.actor_key or normalise_actor(claim.actor, claim.actor_label)
            out.append(Position(pid, doc.doc_id, claim.actor, group, label, text, s, e,
                                claim.start, claim.end, doc.published, target, ante[0], ante[1]))  # fmt: skip
    return out


def _target(content: str) -> str | None:
    """Who an act is addressed to, when the content opens with a name and a "to" clause: up to four words, one of
    them capitalised, before "to <verb>" ("the Western military alliance to offer …" → "Western military alliance").

    >>> _target("the Western military alliance to offer guarantees"), _target("a ceasefire before the talks")
    ('Western military alliance', None)
    """
    m = re.match(r"^(?:the\s+)?(?P<t>(?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+to\s+[a-z]+\b", content or "")
    return m.group("t") if m and any(w[:1].isupper() for w in m.group("t").split()) else None


def acts_for(query: str | None) -> tuple[str, ...] | None:
    """Map labels for an ``--act`` filter ("demand" covers called for / demanded / wants / urged)."""
    if not query:
        return None
    q = query.lower().strip()
    labels = lexicon.kept_labels() + (lexicon.default_label("say"),)
    return lexicon.act_filter(q) or tuple(a for a in labels if a.startswith(q[:4])) or (q,)

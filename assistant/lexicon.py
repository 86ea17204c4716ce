"""The lexicon: every word list the rules use, read from ``assistant/data/lexicon.yaml``.

Acts and their verbs, nouns and map labels; actors (countries and organisations with their
other names, demonyms, capitals and seats of government); titles, organisation words, words
that are not names, name variants; stopwords, negations, numbers, scope, time and question
words. Nothing else in the package keeps a word list: modules ask this one.

The file is read once, on first use, into a :class:`Lexicon` kept on this module (created
under a lock, so threads share one). Lookups fold diacritics ("Élysée" = "Elysee").

Example:
    >>> act_of("called"), act_of_noun("proposals"), act_of("ate")
    ('demand', 'propose', None)
    >>> actor_group("the Kremlin"), actor_group("Canberra"), actor_group("the Élysée"), actor_group("Brazilian")
    ('Russia', 'Australia', 'France', 'Brazil')
    >>> word_group("Jordan"), actor_group("Jordan")  # a first name too: only the whole name is the country
    (None, 'Jordan')
    >>> actor_group("US"), actor_group("us"), actor_group("Who")  # words as well as names count only as written
    ('United States', None, None)
    >>> position_label("had reiterated calls for", "demand"), position_label("warned", "say")
    ('called for', 'warned')
    >>> canonical_person("Zelenskiy"), canonical_person("Erdoğan")
    ('Zelenskyy', 'Erdogan')
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .lemmas import lemma

ACTS = ("demand", "propose", "reject", "say")
T = TypeVar("T")


class LexiconError(ValueError):
    """The lexicon file is missing or malformed; the message names the entry and the fix."""


def fold(text: str) -> str:
    """``text`` without diacritics and with straight apostrophes ("Élysée" -> "Elysee", "Côte d’Ivoire" -> "Cote d'Ivoire").

    >>> fold("Türkiye’s")
    "Turkiye's"
    """
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'")


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first (so "calls for" wins over "call").

    >>> alternation(["call", "calls for", "a.b"])
    'calls\\\\ for|call|a\\\\.b'
    """
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


def _key(name: str) -> str:
    """Whole-name lookup key: diacritics folded, a leading "the" dropped, outer spaces stripped (case kept)."""
    return re.sub(r"^the\s+", "", fold(name).strip(), flags=re.I)


@dataclass
class Lexicon:
    """The loaded lexicon: the raw data plus the lookup tables built from it."""

    data: dict[str, Any]
    source: str = "lexicon.yaml"
    fingerprint: str = ""  # sha256 of the file: part of the positions rules' version (a change re-analyses documents)
    _groups: dict[str, str] = field(default_factory=dict, repr=False)  # lower-case key -> group
    _cased: dict[str, str] = field(default_factory=dict, repr=False)  # written key -> group ("US", "WHO")
    _whole_only: frozenset[str] = field(default_factory=frozenset, repr=False)  # lower-case keys ("jordan")
    _aliases: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _act_words: dict[str, str] = field(default_factory=dict, repr=False)
    _act_nouns: dict[str, str] = field(default_factory=dict, repr=False)
    _variants: dict[str, str] = field(default_factory=dict, repr=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)  # builders may nest

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """Read and check a lexicon file (the packaged ``data/lexicon.yaml`` by default)."""
        if path is None:
            res = resources.files("assistant") / "data" / "lexicon.yaml"
            text, source = res.read_text(encoding="utf-8"), "assistant/data/lexicon.yaml"
        else:
            try:
                text, source = Path(path).read_text(encoding="utf-8"), str(path)
            except OSError as e:
                raise LexiconError(f"cannot read the lexicon {path}: {e}; pass an existing YAML file") from e
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            data = yaml.load(text, Loader=loader)
        except yaml.YAMLError as e:
            raise LexiconError(f"{source} is not valid YAML: {e}") from e
        if not isinstance(data, dict):
            raise LexiconError(f"{source} must hold a mapping of sections, got {type(data).__name__}")
        lex = cls(data, source)
        lex.fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()
        lex._build()
        return lex

    # -- checks and tables -----------------------------------------------------------------------
    def words(self, *path: str) -> tuple[str, ...]:
        """The word list at ``path`` (e.g. ``words("negations", "words")``), checked to be strings."""
        node: Any = self.data
        for part in path:
            if not isinstance(node, dict) or part not in node:
                raise LexiconError(f"{self.source}: missing entry {'.'.join(path)}; add it (see the packaged file)")
            node = node[part]
        if node is None:
            return ()
        if not isinstance(node, list) or not all(isinstance(w, str) for w in node):
            bad = node if not isinstance(node, list) else [w for w in node if not isinstance(w, str)]
            raise LexiconError(
                f"{self.source}: {'.'.join(path)} must be a list of words, found {bad!r}; "
                "quote words YAML reads as booleans or numbers ('On', 'No', 'Off')"
            )
        return tuple(node)

    def _build(self) -> None:
        acts = self.data.get("acts")
        if not isinstance(acts, dict) or set(acts) != set(ACTS):
            raise LexiconError(f"{self.source}: acts must be exactly {', '.join(ACTS)}, found {sorted(acts or [])}")
        for act in ACTS:
            for w in self.words("acts", act, "question_words"):
                self._act_words.setdefault(w.lower(), act)
            for w in self.words("acts", act, "nouns"):
                self._act_nouns.setdefault(w.lower(), act)
        cased = set(self.words("ambiguous", "words"))
        names = {n.lower() for n in self.words("ambiguous", "whole_name_only")}
        seen_cased, seen_names = set(), set()
        for i, entry in enumerate(self.data.get("actors") or []):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise LexiconError(f"{self.source}: actors[{i}] needs a name, got {entry!r}")
            group = entry["name"]
            unknown = set(entry) - {"name", "aliases", "demonyms", "capitals", "metonyms"}
            if unknown:
                raise LexiconError(f"{self.source}: actor {group} has unknown fields {sorted(unknown)}; "
                                   "use aliases, demonyms, capitals or metonyms")  # fmt: skip
            forms = [group]
            for kind in ("aliases", "demonyms", "capitals", "metonyms"):
                value = entry.get(kind) or []
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise LexiconError(f"{self.source}: actor {group}: {kind} must be a list of names, got {value!r}")
                forms += value
            self._aliases[group] = tuple(dict.fromkeys(forms))
            for form in forms:
                key = _key(form)
                table, k = (self._cased, key) if form in cased else (self._groups, key.lower())
                if table.get(k, group) != group:
                    raise LexiconError(f"{self.source}: {form!r} names both {table[k]} and {group}; keep it in one actor")
                table[k] = group
                (seen_cased if form in cased else seen_names).add(form if form in cased else key.lower())
        for word in cased - seen_cased:
            raise LexiconError(f"{self.source}: ambiguous.words has {word!r}, which no actor lists; add it or remove it")
        for name in names - seen_names:
            raise LexiconError(f"{self.source}: ambiguous.whole_name_only has {name!r}, which no actor lists; fix the entry")
        self._whole_only = frozenset(names)
        for canonical in self.data.get("name_variants") or {}:
            for v in [canonical, *self.words("name_variants", canonical)]:
                self._variants[fold(v).lower()] = canonical
        for entry in self.data["positions"]["labels"] + self.data["positions"]["say_labels"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("label"), str) or not entry.get("words"):
                raise LexiconError(f"{self.source}: positions labels need a label and words, got {entry!r}")

    def derived(self, key: str, build: Callable[[Lexicon], T]) -> T:
        """A value computed from this lexicon once (e.g. a module's compiled patterns), kept with it."""
        try:
            return self._derived[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build(self)
            return self._derived[key]


_LEXICON: Lexicon | None = None
_LOCK = threading.Lock()


def get() -> Lexicon:
    """The packaged lexicon, read on first use."""
    global _LEXICON
    lex = _LEXICON
    if lex is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = Lexicon.load()
            lex = _LEXICON
    return lex


def derived(key: str, build: Callable[[Lexicon], T]) -> T:
    """``build(lexicon)``, computed once per lexicon: for patterns a module composes from several lists."""
    return get().derived(key, build)


# -- acts -----------------------------------------------------------------------------------------
def act_of(word: str) -> str | None:
    """The act a question's verb asks about ("wants" -> "demand"), or None."""
    return get()._act_words.get(word.lower())


def act_of_noun(word: str) -> str | None:
    """The act a question's noun asks about ("demands" -> "demand", "proposal" -> "propose"), or None."""
    return get()._act_nouns.get(word.lower())


def quote_verbs() -> tuple[str, ...]:
    """Verbs that follow a quotation and its speaker ("“…,” he said")."""
    return get().words("acts", "say", "quote_verbs")


def rejection_adjectives() -> tuple[str, ...]:
    """Adjectives that turn "called X" into a rejection ("unacceptable", "a non-starter", …)."""
    return get().words("rejection_adjectives")


def content_ends_before() -> tuple[str, ...]:
    """Phrases after a comma where an act's content stops (", something …", ", which …")."""
    return get().words("content_ends_before")


def position_label(verb: str, act: str | None, fallback: bool = True) -> str | None:
    """The positions map's label for an act as written ("had reiterated calls for" -> "called for"): the first entry
    with a word or phrase among the verb's words, compared by lemma ("sought" is "seek", "Putting forward" is "put
    forward"; "pressure" is not "press").

    Without ``fallback``, None when no label's word is in the verb (instead of the act's own label).

    >>> position_label("described as “unacceptable”", "reject"), position_label("offered", "propose")
    ('rejected', 'proposed')
    >>> position_label("said", "say"), position_label("said", "say", fallback=False), position_label("x", None)
    ('said', None, None)
    """
    if act not in ACTS:
        return None
    said = _lemmas(verb)
    for label, phrases in get().derived("positions.label-lemmas", _label_lemmas)["say" if act == "say" else "other"]:
        if any(said[i : i + len(p)] == p for p in phrases for i in range(len(said) - len(p) + 1)):
            return label
    return default_label(act) if fallback else None


def _lemmas(text: str) -> tuple[str, ...]:
    return tuple(lemma(w) for w in re.findall(r"[^\W\d_]+", text))


def _label_lemmas(lex: Lexicon) -> dict[str, list[tuple[str, list[tuple[str, ...]]]]]:
    positions = lex.data["positions"]
    return {
        kind: [(e["label"], [_lemmas(w) for w in e["words"]]) for e in positions[key]]
        for kind, key in (("say", "say_labels"), ("other", "labels"))
    }


def default_label(act: str) -> str:
    """The map's label of an act when its verb names no other ("demand" -> "demanded", "say" -> "said")."""
    return get().data["acts"][act]["label"]


def demand_labels() -> tuple[str, ...]:
    """The map's labels that are demands ("called for", "demanded", "wants", "urged")."""
    return get().words("positions", "demand_labels")


def kept_labels() -> tuple[str, ...]:
    """The labels kept in the positions map, in display order."""
    return get().words("positions", "kept_labels")


def act_filter(word: str) -> tuple[str, ...] | None:
    """The map labels an ``--act`` word stands for ("demand" -> the demand labels), or None."""
    filters = get().data["positions"]["act_filters"]
    key = word.lower().strip()
    return get().words("positions", "act_filters", key) if key in filters else None


def speaker_verbs() -> Mapping[str, tuple[tuple[str, str | None], ...]]:
    """The act verbs the parse reads, by lemma: ``{lemma: ((act, particle or None), ...)}``, the first act listed first.

    >>> speaker_verbs()["urge"], speaker_verbs()["call"]
    ((('demand', None),), (('demand', 'on'), ('demand', 'upon'), ('demand', 'for')))
    >>> speaker_verbs()["warn"]
    (('say', 'of'), ('say', 'against'), ('say', None))
    """

    def build(lex: Lexicon) -> dict[str, tuple[tuple[str, str | None], ...]]:
        table: dict[str, list[tuple[str, str | None]]] = {}
        phrasal = lex.data.get("speaker_phrasal_verbs") or {}
        for act in ACTS:  # a verb with its particle first: "warn of" before "warn"
            for entry in lex.words("speaker_phrasal_verbs", act) if phrasal.get(act) else ():
                lemma, _, particle = entry.lower().partition(" ")
                table.setdefault(lemma, []).append((act, particle or None))
        for act in ACTS:
            for entry in lex.words("speakers", "verbs", act):
                lemma, _, particle = entry.lower().partition(" ")
                table.setdefault(lemma, []).append((act, particle or None))
        more = lex.data.get("speaker_verbs_more") or {}
        for act in ACTS:
            for entry in lex.words("speaker_verbs_more", act) if more.get(act) else ():
                lemma, _, particle = entry.lower().partition(" ")
                table.setdefault(lemma, []).append((act, particle or None))
        return {k: tuple(v) for k, v in table.items()}

    return derived("speaker_verbs", build)


def phrasal_verbs() -> frozenset[tuple[str, str]]:
    """(lemma, particle) of the phrasal act verbs whose content is what the particle governs ("warn of").

    >>> ("warn", "of") in phrasal_verbs(), ("go", "on") in phrasal_verbs()
    (True, False)
    """

    def build(lex: Lexicon) -> frozenset[tuple[str, str]]:
        table = lex.data.get("speaker_phrasal_verbs") or {}
        pairs = [e.lower().partition(" ") for act in ACTS if table.get(act) for e in lex.words("speaker_phrasal_verbs", act)]
        return frozenset((lemma, particle) for lemma, _, particle in pairs if particle)

    return derived("phrasal_verbs", build)


def request_verbs() -> frozenset[str]:
    """Lemmas of speech verbs that are a demand with an object and a "to" clause ("asked Apple to write …").

    >>> "ask" in request_verbs(), "say" in request_verbs()
    (True, False)
    """
    return derived("request_verbs", lambda lex: frozenset(w.lower() for w in (
        lex.words("speaker_request_verbs") if lex.data.get("speaker_request_verbs") else ())))


def campaign_verbs() -> frozenset[str]:
    """Lemmas of verbs that are a demand with a "to" clause ("campaigned to have both men kept in prison").

    >>> "campaign" in campaign_verbs(), "say" in campaign_verbs()
    (True, False)
    """
    return derived("campaign_verbs", lambda lex: frozenset(w.lower() for w in (
        lex.words("speaker_campaign_verbs") if lex.data.get("speaker_campaign_verbs") else ())))


def act_nouns() -> Mapping[tuple[str, str], str]:
    """(noun lemma, the word its content follows) -> act, for a call a repeat verb takes ("reiterated calls for X").

    >>> act_nouns()[("call", "for")], "reiterate" in repeat_verbs()
    ('demand', True)
    """

    def build(lex: Lexicon) -> dict[tuple[str, str], str]:
        table = lex.data.get("speaker_act_nouns") or {}
        return {(noun, particle): act for act in ACTS if table.get(act) for noun, _, particle in
                (e.lower().partition(" ") for e in lex.words("speaker_act_nouns", act))}  # fmt: skip

    return derived("act_nouns", build)


def repeat_verbs() -> frozenset[str]:
    """Lemmas of verbs whose object names the act ("reiterated calls for", "renewed demands for")."""
    return word_set("speaker_repeat_verbs")


def _particles(key: str) -> Mapping[str, str | None]:
    """A list of verbs written "lemma particle" ("refer to", "list") as lemma -> particle (or None), built once."""
    return derived(f"particles:{key}", lambda lex: {
        lemma: particle or None for lemma, _, particle in (e.lower().partition(" ") for e in lex.words(key))})


def restate_verbs() -> Mapping[str, str | None]:
    """Lemma -> particle (or None) of the verbs that name things, an act only as a restatement of a demand.

    >>> restate_verbs()["refer"], restate_verbs()["list"]
    ('to', None)
    """
    return _particles("speaker_restate_verbs")


def judging_verbs() -> Mapping[str, str | None]:
    """Lemma -> particle (or None) of the verbs that judge a thing with an adjective ("called it “unacceptable”").

    >>> judging_verbs()["call"], judging_verbs()["dismiss"]
    (None, 'as')
    """
    return _particles("judging_verbs")


def hypothetical_markers() -> frozenset[str]:
    """Conjunctions that make the act of their clause hypothetical ("if", "whether", "unless").

    >>> "unless" in hypothetical_markers()
    True
    """
    return derived("hypothetical_markers", lambda lex: frozenset(w.lower() for w in lex.words("speaker_hypothetical")))


def make_clear_words() -> frozenset[str]:
    """Adjectives that make "make" a verb of saying: "made it clear that …".

    >>> "clear" in make_clear_words()
    True
    """
    return derived("make_clear_words", lambda lex: frozenset(w.lower() for w in (
        lex.words("speaker_make_clear") if lex.data.get("speaker_make_clear") else ())))


def speaker_words(part: str) -> frozenset[str]:
    """A word list of the parse-based speaker rules, lower case: content_openers, spokes_nouns, organisation_nouns,
    person_pronouns, thing_pronouns, honorifics or state_bodies."""
    return derived(f"speakers.{part}", lambda lex: frozenset(w.lower() for w in lex.words("speakers", part)))


def is_demonym(word: str) -> bool:
    """True for a word the actors list as a demonym ("Argentine", "Welsh"): "the Argentine said" is a person.

    >>> is_demonym("Argentine"), is_demonym("Argentina"), is_demonym("Kremlin")
    (True, False, False)
    """
    forms = derived("demonyms", lambda lex: frozenset(
        d.lower() for entry in lex.data.get("actors") or [] for d in entry.get("demonyms") or []))  # fmt: skip
    return word.lower() in forms


def listener_verbs() -> frozenset[str]:
    """Say verbs whose object is the listener ("told", "informed"), lower case."""
    return speaker_words("listener_verbs")


def pronoun_pattern(kinds: tuple[str, ...] = ("person_pronouns", "thing_pronouns")) -> str:
    """A regex alternation of the speaker pronouns of ``kinds`` (``speakers.person_pronouns``: he, she;
    ``speakers.thing_pronouns``: it, they), longest first."""
    return alternation(sorted(set().union(*(speaker_words(k) for k in kinds))))


def speaker_role_names(noun: str) -> frozenset[str]:
    """The last words (lower case) of the names a role noun can stand for: its entry in ``speaker_role_names``,
    and the noun itself when it is one of ``speakers.organisation_nouns``; empty for any other noun.

    >>> sorted(speaker_role_names("force")), sorted(speaker_role_names("Council")), speaker_role_names("weather")
    (['constabulary', 'police'], ['council'], frozenset())
    """
    table = derived("speaker_role_names", lambda lex: {k.lower(): frozenset(w.lower() for w in lex.words("speaker_role_names", k))
                                                       for k in lex.data.get("speaker_role_names", {})})  # fmt: skip
    low = noun.lower()
    return table.get(low, frozenset()) | ({low} if low in speaker_words("organisation_nouns") else frozenset())


def is_person_role(noun: str) -> bool:
    """True for a role that stands for the person last speaking in it ("the judge said").

    >>> is_person_role("Judge"), is_person_role("defendant")
    (True, False)
    """
    roles = derived("speaker_person_roles", lambda lex: frozenset(w.lower() for w in lex.words("speaker_person_roles")))
    return noun.lower() in roles


def description_words(part: str) -> frozenset[str]:
    """A word list of ``speaker_descriptions``, lower case: party_members, party_names, age_nouns or person_nouns
    (the heads and modifiers of a description standing for a person named earlier, "the Wisconsin Democrat");
    empty when the lexicon has no such section.

    >>> "democrat" in description_words("party_members"), "year-old" in description_words("age_nouns")
    (True, True)
    """
    return derived(f"speaker_descriptions.{part}", lambda lex: frozenset(w.lower() for w in (
        lex.words("speaker_descriptions", part) if lex.data.get("speaker_descriptions") else ())))


def is_speaker_document(noun: str) -> bool:
    """True for a document that speaks for whoever issued it ("the briefing said", "the report adds").

    >>> is_speaker_document("Briefing"), is_speaker_document("weather")
    (True, False)
    """
    docs = derived("speaker_documents", lambda lex: frozenset(w.lower() for w in lex.words("speaker_documents")))
    return noun.lower() in docs


def is_honorific(word: str) -> bool:
    """True for a word of address before a surname ("Mr", "Baroness"), with or without its full stop.

    >>> is_honorific("Mrs."), is_honorific("Lord"), is_honorific("Smith")
    (True, True, False)
    """
    return word.rstrip(".").lower() in speaker_words("honorifics")


def is_state_body(word: str) -> bool:
    """True for a word naming a body of a state ("government", "embassy"), after which a country's name still
    names the country."""
    return word.lower() in speaker_words("state_bodies")


# -- actors ----------------------------------------------------------------------------------------
def actor_group(name: str | None) -> str | None:
    """The actor a whole name stands for (alias, demonym, capital or seat of government), or None.

    Case-insensitive, a leading "the" and diacritics ignored, except for names that are also
    ordinary words ("US", "WHO"), which count only as written.

    >>> actor_group("Tokyo"), actor_group("the Élysée"), actor_group("Downing Street"), actor_group("Zelenskyy")
    ('Japan', 'France', 'United Kingdom', None)
    """
    if not name:
        return None
    lex = get()
    key = _key(name)
    return lex._cased.get(key) or lex._groups.get(key.lower())


def word_group(word: str) -> str | None:
    """The actor a single word inside a longer name stands for ("Russian" in "Russian officials"), or None.

    Names that are also first names or surnames never count here ("Jordan" in "Michael Jordan"); a word may
    be several ("South Sudan").

    >>> word_group("Russian"), word_group("Kenyan"), word_group("Kenya"), word_group("UN"), word_group("un")
    ('Russia', 'Kenya', None, 'United Nations', None)
    """
    lex = get()
    key = fold(word).strip()
    if key in lex._cased:
        return lex._cased[key]
    low = key.lower()
    return None if low in lex._whole_only else lex._groups.get(low)


def aliases(group: str) -> tuple[str, ...]:
    """Every name of an actor as written, its canonical name first; () for an unknown actor.

    >>> aliases("Russia")
    ('Russia', 'Russian Federation', 'Russian', 'Russians', 'Moscow', 'Kremlin', 'State Duma')
    """
    return get()._aliases.get(group, ())


def case_sensitive(alias: str) -> bool:
    """True for a name that is also an ordinary word and counts only as written ("US", "WHO")."""
    return alias in derived("cased", lambda lex: frozenset(lex.words("ambiguous", "words")))


def groups() -> tuple[str, ...]:
    """Every actor's canonical name."""
    return tuple(get()._aliases)


# -- names -----------------------------------------------------------------------------------------
def titles() -> tuple[str, ...]:
    """Titles before a person's name, lower case ("president", "prime minister", "mr")."""
    return get().words("titles")


def is_title(word: str) -> bool:
    """True for a title ("President", "foreign minister").

    >>> is_title("President"), is_title("Putin")
    (True, False)
    """
    return word.lower() in derived("title_set", lambda lex: frozenset(lex.words("titles")))


def org_word_pattern() -> re.Pattern[str]:
    """Matches a word that makes a name an organisation ("Ministry", "council", "Kremlin")."""
    return derived("org_words", lambda lex: re.compile(rf"\b(?:{alternation(lex.words('organisation_words'))})\b", re.I))


def title_forms(title: str) -> tuple[str, ...]:
    """How a title is written before a name, itself included ("senator" → ("senator", "Sen", "Senator")); the title
    alone when the lexicon has no abbreviation for it.

    >>> title_forms("senator"), title_forms("mayor")
    (('senator', 'Sen', 'Senator'), ('mayor',))
    """
    table = derived("title_abbreviations", lambda lex: {k.lower(): lex.words("title_abbreviations", k)
                                                        for k in lex.data.get("title_abbreviations", {})})  # fmt: skip
    return (title.lower(), *table.get(title.lower(), ()))


def abbreviations() -> tuple[str, ...]:
    """Abbreviations whose full stop does not end a sentence ("Mr", "Dr")."""
    return get().words("abbreviations")


def not_names() -> frozenset[str]:
    """Capitalised words that are not (the start of) a name: "The", "However", "What", "He", …"""
    return derived("not_names", lambda lex: frozenset(lex.words("not_names", "words")))


def question_start_words() -> frozenset[str]:
    """The words that open a question ("What", "Did", "Could"), capitalised; a subset of :func:`not_names`."""
    return derived("question_start", lambda lex: frozenset(lex.words("not_names", "question_start")))


def connectives() -> tuple[str, ...]:
    """Connectives that can open a sentence before its pronoun ("However, he said …")."""
    return get().words("not_names", "connectives")


def canonical_person(name: str) -> str:
    """One spelling per person: known transliterations merged, diacritics folded.

    >>> canonical_person("Qaddafi"), canonical_person("al-Assad"), canonical_person("Putin")
    ('Gaddafi', 'Assad', 'Putin')
    """
    folded = fold(name)
    return get()._variants.get(folded.lower(), folded)


def is_known_person(name: str) -> bool:
    """True for a surname the lexicon lists among name variants, in any spelling ("Zelensky", "Gaddafi").

    >>> is_known_person("Zelenskiy"), is_known_person("Smith")
    (True, False)
    """
    return fold(name).lower() in get()._variants


# -- questions, numbers, time -----------------------------------------------------------------------
def stopwords() -> frozenset[str]:
    """Function words left out of content stems (lower case)."""
    return derived("stopwords", lambda lex: frozenset(lex.words("stopwords")))


def question_words() -> frozenset[str]:
    """Question words left out of content stems ("who", "how", "many")."""
    return derived("question_words", lambda lex: frozenset(lex.words("question_words")))


def negations(kind: str = "words") -> frozenset[str]:
    """Negation words: ``words`` (all), ``particles`` (no, not, never) or ``preceding`` ("refused to")."""
    return derived(f"negations.{kind}", lambda lex: frozenset(lex.words("negations", kind)))


def preceding_negators() -> tuple[tuple[str, ...], ...]:
    """The negators that stand right before what they negate (``negations.preceding``), each as its lemmas, built once.

    >>> ("resist", "pressure", "to") in preceding_negators()
    True
    """
    return derived("negations.preceding-lemmas", lambda lex: tuple(_lemmas(p) for p in lex.words("negations", "preceding")))


def number_words() -> Mapping[str, str]:
    """Number words and their digits ("twelve" -> "12", "dozen" -> "12")."""

    def build(lex: Lexicon) -> dict[str, str]:
        table = lex.data.get("number_words") or {}
        if not isinstance(table, dict) or not all(isinstance(v, int) for v in table.values()):
            raise LexiconError(f"{lex.source}: number_words must map words to whole numbers, got {table!r}")
        return {str(k).lower(): str(v) for k, v in table.items()}

    return derived("number_words", build)


def scope_words(kind: str = "exclusive") -> tuple[str, ...]:
    """Words that narrow (``exclusive``: only, just, …) or widen (``universal``: all, never, …) a claim's scope."""
    return get().words("scope", kind)


def ordinals() -> tuple[str, ...]:
    """Ordinal words, lower case, in order ("first" … "tenth")."""
    return get().words("ordinals")


def answer_labels(wh: str | None) -> frozenset[str]:
    """The entity labels that answer a question word ("when" -> DATE, TIME); empty for "what", "why" and None.

    >>> sorted(answer_labels("when")), sorted(answer_labels("why"))
    (['DATE', 'TIME'], [])
    """

    def build(lex: Lexicon) -> dict[str, frozenset[str]]:
        table = lex.data.get("answer_types") or {}
        if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
            raise LexiconError(f"{lex.source}: answer_types must map question words to lists of labels, got {table!r}")
        return {str(k).lower(): frozenset(str(x).upper() for x in v) for k, v in table.items()}

    return derived("answer_types", build).get((wh or "").lower(), frozenset())


def time_pattern() -> re.Pattern[str]:
    """Matches a time expression: a weekday, a month, "last week", "yesterday", a year (1900-2099).

    >>> bool(time_pattern().search("on Monday")), bool(time_pattern().search("in 2024")), bool(time_pattern().search("a march"))
    (True, True, False)
    """

    def build(lex: Lexicon) -> re.Pattern[str]:
        words = lex.words("time", "weekdays") + lex.words("time", "months") + lex.words("time", "relative")
        return re.compile(rf"\b(?:{alternation(words)}|(?:19|20)\d\d)\b")

    return derived("time_pattern", build)


def slots(text: str) -> dict[str, set[str]]:
    """The slot fillers a claim and a sentence can disagree on: weekdays and months (capitalised, as full names:
    "Sep" is "September"), and the words that give a person's sex (``male_words`` / ``female_words``).

    >>> s = slots("On Friday in Sep a woman told Mr Lee")
    >>> sorted(s["weekday"]), sorted(s["month"]), sorted(s["female"]), sorted(s["male"])
    (['Friday'], ['September'], ['woman'], ['mr'])
    """

    def build(lex: Lexicon) -> dict[str, tuple[str, str]]:
        table: dict[str, tuple[str, str]] = {}
        for kind, key in (("weekday", "weekdays"), ("month", "months")):
            full = [w for w in lex.words("time", key) if len(w) > 3 or w == "May"]
            for w in lex.words("time", key):
                table[w] = (kind, next((f for f in full if f.startswith(w)), w))
        return table

    table = derived("time_slots", build)
    male, female = speaker_words("male_words"), speaker_words("female_words")
    out: dict[str, set[str]] = {"weekday": set(), "month": set(), "male": set(), "female": set()}
    for w in re.findall(r"[^\W\d_]+", text):
        if w in table:
            kind, name = table[w]
            out[kind].add(name)
        low = w.lower()
        if low in male:
            out["male"].add(low)
        elif low in female:
            out["female"].add(low)
    return out


def vehicle_singular(word: str) -> str:
    """A vehicle a statement is made in (``speaker_vehicles``), lower case and singular when its singular is one too.

    >>> vehicle_singular("Posts"), vehicle_singular("ads"), vehicle_singular("news")
    ('post', 'ad', 'news')
    """
    low = word.lower()
    return low[:-1] if low.endswith("s") and low[:-1] in word_set("speaker_vehicles") else low


def word_set(key: str) -> frozenset[str]:
    """A top-level word list of the lexicon as a lower-case set, built once ("platforms" → {"facebook", …})."""
    return derived(key, lambda lex: frozenset(w.lower() for w in lex.words(key)))


def generic_topic_words() -> tuple[str, ...]:
    """Words that set the scene of a question rather than narrow its topic ("talks", "meeting")."""
    return get().words("generic_topic_words")


def source_nouns() -> tuple[str, ...]:
    """Nouns after a source's name that are not part of it ("a Xinhua report", "a UN statement")."""
    return get().words("source_nouns")


def speaker_cues() -> tuple[str, ...]:
    """Words that mark a sentence as telling who made a statement ("tweeted", "ad", "statement")."""
    return get().words("speaker_cues")


def speaker_cue_nouns() -> frozenset[str]:
    """The speaker cues that are nouns ("speech", "tweet"), lower case."""
    return word_set("speaker_cue_nouns")


def question_openers() -> frozenset[str]:
    """Words a direct question opens with ("did", "has", "why"), lower case."""
    return word_set("question_openers")


def proxy_nouns() -> frozenset[str]:
    """Nouns after a possessive name that speak for its owner ("campaign", "office", "claim"), lower case."""
    return word_set("proxy_nouns")


def place_prepositions() -> tuple[str, ...]:
    """Prepositions after which a name is not a speaker ("in an interview with X", "at the Y conference")."""
    return get().words("place_prepositions")


def name_connectors() -> tuple[str, ...]:
    """Lower-case words inside a name ("Club for Growth", "Department of Justice", "Ursula von der Leyen")."""
    return derived("name_connectors", lambda lex: tuple(dict.fromkeys(
        lex.words("name_connectors") + lex.words("speakers", "name_particles"))))  # fmt: skip


def location_prepositions() -> tuple[str, ...]:
    """Prepositions before a place name ("in Istanbul", "near the border"): a sentence that answers "where"."""
    return get().words("location_prepositions")


def relative_pronouns() -> tuple[str, ...]:
    """Words opening a relative clause ("which", "who")."""
    return get().words("relative_pronouns")


def clause_openers() -> tuple[str, ...]:
    """Words starting a new clause inside a sentence ("but", "while", "because")."""
    return get().words("clause_openers")


def speaker_vehicles() -> tuple[str, ...]:
    """Vehicles a statement is made in that stand for their maker ("ad", "tweet", "press release")."""
    return get().words("speaker_vehicles")


def platforms() -> frozenset[str]:
    """Platforms that carry posts and videos but did not make them ("Facebook", "YouTube"), lower case."""
    return word_set("platforms")


def exclusion_phrases() -> tuple[str, ...]:
    """Phrases that take something out of the answer ("besides", "apart from", "other than")."""
    return get().words("exclusion_phrases")


def generic_question_words() -> tuple[str, ...]:
    """Verbs and nouns a question asks with rather than names the answer with ("happened", "mention")."""
    return get().words("generic_question_words")

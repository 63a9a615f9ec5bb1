"""Entity linking: which graph Enterprise or Person a party named in a document is.

Enterprises, rules tried in order (the first that decides is recorded as `match_rule`):

  uscc             the text states a valid USCC (check digit verified). It decides alone: a USCC is
                   permanent while names change. A stated USCC that is not in the graph is still
                   passed on, so the loader keeps it as the placeholder's claimed id.
  exact_name       the name equals a registered name character for character
  normalised_name  equal after folding full-/half-width forms, brackets, spaces and case
                   (`liantu.ids.normalise_name`, the rules of liantu/names.py)
  former_name      equal (normalised) to a former name (曾用名)
  fuzzy_name       Indel similarity (rapidfuzz `fuzz.ratio`, 0..1) of the normalised names at least
                   FUZZY_THRESHOLD (0.90: one wrong character in a name of 10 or more, e.g. a homophone
                   typo 宏达/弘达), and at least FUZZY_MARGIN above the runner-up so that two firms that
                   differ by one character of their 字号 are never guessed between. When the document
                   names the legal representative and the graph names a different one for the
                   candidate, the candidate is vetoed.
  fuzzy_name_legal_rep  the same with the document's 法定代表人 equal to the candidate's LEGAL_REP_OF
                   person in the graph; this corroboration lowers the bar to FUZZY_THRESHOLD_CORROBORATED.

A name that fits several enterprises under the first rule that matches is ambiguous; the legal
representative stated in the text breaks the tie when it can, otherwise the party stays unresolved.

Blocking, so fuzzy matching scales to 10^5-10^6 names: an inverted index from character bigrams of the
normalised names to entries. Bigrams that occur in more than BLOCK_MAX_POSTING entries (有限, 公司, 郑州 ...)
carry no identity and are skipped; the BLOCK_CANDIDATES entries sharing the most remaining bigrams
with the query are scored with rapidfuzz. A query costs a few posting lists plus <= 64 comparisons.

Persons: a name alone identifies nobody (many people share one), so a person is linked only through
a company linked in the same document, with the tie present in the graph:

  legal_rep_of_party  the document states the person as the 法定代表人 of a linked company (or the penalty's
                      responsible person of the linked institution) and the graph has LEGAL_REP_OF between a
                      person of that name and that company
  officer_of_party    a person of that name is legal representative, officer or shareholder of a company
                      linked in the same document (for a penalised individual: of the unit the decision names)

Otherwise, or when two graph persons fit, the person stays unresolved.

Every link carries `confidence` in [0, 1]: how sure the rule is that the mention is that entity (1.0 for a
stated USCC, the similarity for fuzzy rules). Unresolved parties carry the best candidates for review.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz

from liantu.ids import InvalidUSCC, normalise_name, validate_uscc
from liantu.names import NameResolver
from nlp.models import Extraction, Fact, GuaranteeFact, PartyFact, TextFact

FUZZY_THRESHOLD = 0.90
FUZZY_THRESHOLD_CORROBORATED = 0.80
FUZZY_MARGIN = 0.03
BLOCK_CANDIDATES = 64
BLOCK_MAX_POSTING = 2000
REVIEW_CANDIDATES = 5

RULE_CONFIDENCE = {
    "uscc": 1.0,
    "exact_name": 0.99,
    "normalised_name": 0.97,
    "former_name": 0.93,
    "legal_rep_of_party": 0.95,
    "officer_of_party": 0.85,
}

PartyKind = Literal["E", "P"]


@dataclass(frozen=True)
class Candidate:
    party_id: str
    name: str
    score: float  # similarity of the names, 0..1 (1.0 for exact rules)


@dataclass(frozen=True)
class Link:
    """What the linker decided for one mention; `party_id` None means unresolved."""

    name: str
    kind: PartyKind
    party_id: str | None = None
    match_rule: str | None = None
    confidence: float = 0.0
    reason: str | None = None  # why it stayed unresolved
    candidates: tuple[Candidate, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.party_id is not None


@dataclass(frozen=True)
class PersonTie:
    """A person's tie to a company in the graph (LEGAL_REP_OF, OFFICER_OF or HOLDS_SHARES)."""

    person_id: str
    name: str
    company_uscc: str
    relation: str
    role: str | None = None


# Given USCCs, the person ties of each (graph/documents.py reads them from Neo4j in one query).
TiesFn = Callable[[Collection[str]], Mapping[str, Sequence[PersonTie]]]


@dataclass(frozen=True)
class PartyLink:
    """A party mention of a document: a court role as written, or for a penalty institution, individual,
    responsible_person (the institution's legal representative as stated) or unit (the company a penalised
    person worked for, linked only when the graph ties the person to it). `decision_number` is set when
    the mention belongs to a table row with its own decision number; `via` names the person a unit link
    comes through."""

    role: str
    fact: Fact
    link: Link
    decision_number: str | None = None
    via: str | None = None


@dataclass(frozen=True)
class GuaranteeLink:
    fact: GuaranteeFact
    guarantor: Link
    debtor: Link


@dataclass
class DocumentLinks:
    extraction: Extraction
    parties: list[PartyLink] = field(default_factory=list)
    guarantees: list[GuaranteeLink] = field(default_factory=list)


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text}


def similarity(a: str, b: str) -> float:
    return float(fuzz.ratio(normalise_name(a), normalise_name(b))) / 100.0


class EnterpriseIndex:
    """Name lookups over the graph's enterprises: exact, normalised, former, and blocked fuzzy."""

    def __init__(self, rows: Iterable[tuple[str, str, Sequence[str] | None]] = ()) -> None:
        self.names: dict[str, str] = {}
        self._rules = NameResolver()  # the deterministic rules, shared with ingestion
        # Fuzzy keys: each normalised (current or former) name is one entry of the bigram index.
        self._keys: list[tuple[str, str]] = []  # (normalised name, uscc)
        self._postings: dict[str, list[int]] = defaultdict(list)
        for uscc, name, former in rows:
            self.add(uscc, name, former)

    def add(self, uscc: str, name: str, former_names: Sequence[str] | None = None) -> None:
        self.names[uscc] = name
        self._rules.add(uscc, name, former_names)
        self._index(normalise_name(name), uscc)
        for former in former_names or ():
            if former.strip():
                self._index(normalise_name(former), uscc)

    def _index(self, norm: str, uscc: str) -> None:
        pos = len(self._keys)
        self._keys.append((norm, uscc))
        for gram in bigrams(norm):
            self._postings[gram].append(pos)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, uscc: object) -> bool:
        return uscc in self.names

    def match(self, name: str) -> tuple[str, set[str]] | None:
        """(rule, usccs) of the first deterministic rule that finds anything."""
        return self._rules.match(name)

    def fuzzy(self, name: str, limit: int = REVIEW_CANDIDATES) -> list[Candidate]:
        """Best enterprises by name similarity (blocked by shared rare bigrams), best first."""
        norm = normalise_name(name)
        shared: Counter[int] = Counter()
        for gram in bigrams(norm):
            posting = self._postings.get(gram)
            if posting and len(posting) <= BLOCK_MAX_POSTING:
                shared.update(posting)
        best: dict[str, float] = {}
        for pos, _count in shared.most_common(BLOCK_CANDIDATES):
            key, uscc = self._keys[pos]
            score = float(fuzz.ratio(norm, key)) / 100.0
            if score > best.get(uscc, -1.0):
                best[uscc] = score
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [Candidate(uscc, self.names[uscc], round(score, 4)) for uscc, score in ranked]


def _same_person_name(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and normalise_name(a or "") == normalise_name(b or "")


class Linker:
    """Links the parties of extracted documents; see the module doc for the rules."""

    def __init__(self, index: EnterpriseIndex, ties: TiesFn, *, threshold: float = FUZZY_THRESHOLD,
                 corroborated_threshold: float = FUZZY_THRESHOLD_CORROBORATED,
                 margin: float = FUZZY_MARGIN) -> None:
        self.index = index
        self._ties_fn = ties
        self.threshold = threshold
        self.corroborated_threshold = corroborated_threshold
        self.margin = margin
        self._ties: dict[str, tuple[PersonTie, ...]] = {}

    # -- person ties, fetched once per batch ------------------------------------------------------
    def _prefetch(self, usccs: Iterable[str]) -> None:
        missing = {u for u in usccs if u not in self._ties}
        if missing:
            found = self._ties_fn(missing)
            for u in missing:
                self._ties[u] = tuple(found.get(u, ()))

    def ties(self, uscc: str) -> tuple[PersonTie, ...]:
        self._prefetch([uscc])
        return self._ties[uscc]

    def _legal_reps(self, uscc: str) -> set[str]:
        return {normalise_name(t.name) for t in self.ties(uscc) if t.relation == "LEGAL_REP_OF"}

    # -- enterprises -------------------------------------------------------------------------------
    def _candidates_of(self, name: str, uscc: str | None) -> list[Candidate]:
        """Candidate usccs a company mention could be, for prefetching ties before deciding."""
        found = self.index.match(name)
        cands = [Candidate(u, self.index.names[u], 1.0) for u in sorted(found[1])] if found else []
        return cands or self.index.fuzzy(name)

    def link_company(self, name: str, uscc: str | None = None, legal_rep: str | None = None) -> Link:
        stated: str | None = None
        if uscc:
            try:
                stated = validate_uscc(uscc)
            except InvalidUSCC:
                stated = None  # a misread code says nothing; fall back to the name
        if stated is not None:
            return Link(name, "E", stated, "uscc", RULE_CONFIDENCE["uscc"],
                        reason=None if stated in self.index else "stated USCC not in the graph")
        found = self.index.match(name)
        if found is not None:
            rule, usccs = found
            if len(usccs) == 1:
                only = next(iter(usccs))
                return Link(name, "E", only, rule, RULE_CONFIDENCE[rule])
            cands = tuple(Candidate(u, self.index.names[u], 1.0) for u in sorted(usccs))
            if legal_rep:
                fits = [u for u in sorted(usccs) if normalise_name(legal_rep) in self._legal_reps(u)]
                if len(fits) == 1:
                    return Link(name, "E", fits[0], f"{rule}_legal_rep", RULE_CONFIDENCE[rule])
            return Link(name, "E", reason=f"ambiguous: {rule} fits {len(usccs)} enterprises", candidates=cands)
        return self._link_fuzzy(name, legal_rep)

    def _link_fuzzy(self, name: str, legal_rep: str | None) -> Link:
        cands = self.index.fuzzy(name)
        if not cands:
            return Link(name, "E", reason="no enterprise shares a distinctive part of the name")
        kept: list[tuple[Candidate, bool]] = []  # (candidate, corroborated by the legal representative)
        vetoed: list[Candidate] = []
        for c in cands:
            reps = self._legal_reps(c.party_id) if legal_rep else set()
            if legal_rep and reps and normalise_name(legal_rep) not in reps:
                vetoed.append(c)  # the graph names another legal representative: a different firm
                continue
            kept.append((c, bool(legal_rep) and normalise_name(legal_rep or "") in reps))
        best, corroborated = kept[0] if kept else (None, False)
        bar = self.corroborated_threshold if corroborated else self.threshold
        if best is not None:
            runner_up = kept[1][0].score if len(kept) > 1 else 0.0
            if best.score >= bar and best.score - runner_up >= self.margin:
                rule = "fuzzy_name_legal_rep" if corroborated else "fuzzy_name"
                conf = min(0.95, best.score + 0.05) if corroborated else best.score * 0.95
                return Link(name, "E", best.party_id, rule, round(conf, 4), candidates=tuple(cands))
        if vetoed and vetoed[0].score >= self.threshold:
            reason = (f"fuzzy: {vetoed[0].name} ({vetoed[0].score:.2f}) has another legal representative "
                      "in the graph")
        elif best is not None and best.score >= bar:
            reason = f"fuzzy: best {best.score:.2f} is within {self.margin} of the runner-up"
        else:
            top = best.score if best is not None else cands[0].score
            reason = f"fuzzy: best similarity {top:.2f} is below the threshold {bar:.2f}"
        return Link(name, "E", reason=reason, candidates=tuple(cands))

    # -- persons -----------------------------------------------------------------------------------
    def link_person(self, name: str, companies: Sequence[tuple[str, str | None]]) -> Link:
        """Link a person through the linked companies of the same document.

        `companies`: (uscc, the legal representative the document states for it, or None).
        """
        key = normalise_name(name)
        for uscc, stated_rep in companies:
            if not _same_person_name(stated_rep, name):
                continue
            ids = sorted({t.person_id for t in self.ties(uscc)
                          if t.relation == "LEGAL_REP_OF" and normalise_name(t.name) == key})
            if len(ids) == 1:
                return Link(name, "P", ids[0], "legal_rep_of_party", RULE_CONFIDENCE["legal_rep_of_party"])
        ties = [t for uscc, _ in companies for t in self.ties(uscc) if normalise_name(t.name) == key]
        ids = sorted({t.person_id for t in ties})
        if len(ids) == 1:
            return Link(name, "P", ids[0], "officer_of_party", RULE_CONFIDENCE["officer_of_party"])
        cands = tuple(Candidate(pid, name, 1.0) for pid in ids)
        if ids:
            return Link(name, "P", reason=f"ambiguous: {len(ids)} persons of this name", candidates=cands)
        if not companies:
            return Link(name, "P", reason="no linked company in the document to tie the person to")
        return Link(name, "P", reason="no person of this name is tied to a company linked in the document")

    # -- documents ---------------------------------------------------------------------------------
    def link_many(self, extractions: Sequence[Extraction]) -> list[DocumentLinks]:
        # Prefetch the ties of every candidate in the batch with one call, not one per mention.
        wanted: set[str] = set()
        for ex in extractions:
            for name, uscc in _company_mentions(ex):
                wanted.update(c.party_id for c in self._candidates_of(name, uscc))
        self._prefetch(u for u in wanted if u in self.index)
        out = [self._link_one(ex) for ex in extractions]
        self._ties.clear()  # ties are cached per batch only: the graph may change between batches
        return out

    def link(self, extraction: Extraction) -> DocumentLinks:
        return self.link_many([extraction])[0]

    def _link_one(self, ex: Extraction) -> DocumentLinks:
        result = DocumentLinks(ex)
        if ex.kind.is_penalty:
            self._link_penalty(ex, result)
            return result
        linked: list[tuple[str, str | None]] = []
        by_name: dict[str, Link] = {}
        persons = []
        for p in ex.parties:
            if p.kind == "person":
                persons.append(p)
                continue
            link = self.link_company(p.name, p.uscc, p.legal_representative)
            result.parties.append(PartyLink(p.role, p, link))
            by_name[normalise_name(p.name)] = link
            if link.party_id is not None and link.party_id in self.index:
                linked.append((link.party_id, p.legal_representative))
        for p in persons:
            link = self.link_person(p.name, linked)
            result.parties.append(PartyLink(p.role, p, link))
            by_name.setdefault(normalise_name(p.name), link)
        # The 法定代表人 the document states for a linked company, as a link of its own when the graph has
        # that tie (a name the graph does not know stays on the company's mention, not in review).
        for pl in list(result.parties):
            fact = pl.fact
            if not isinstance(fact, PartyFact) or fact.kind != "company" or not fact.legal_representative \
                    or fact.legal_representative_span is None or not pl.link.resolved:
                continue
            rep = self.link_person(fact.legal_representative, self._in_graph(pl.link, fact.legal_representative))
            if rep.resolved:
                span_fact = TextFact(value=fact.legal_representative, span=fact.legal_representative_span,
                                     confidence=fact.confidence)
                result.parties.append(PartyLink("法定代表人", span_fact, rep, via=fact.name))
                by_name.setdefault(normalise_name(fact.legal_representative), rep)
        for g in ex.guarantees:
            if g.debtor is None:
                continue
            result.guarantees.append(GuaranteeLink(
                g, self._named(g.guarantor, by_name), self._named(g.debtor, by_name)))
        return result

    def _named(self, name: str, by_name: Mapping[str, Link]) -> Link:
        """A name in the text: the party it names, else the enterprise index (a person who is no linked
        party stays unresolved: a name alone identifies nobody)."""
        found = by_name.get(normalise_name(name))
        if found is not None:
            return found
        if len(name) <= 4 and not any(ch in name for ch in "公司行社厂店"):
            return Link(name, "P", reason="a person named only in a guarantee clause")
        return self.link_company(name)

    def _link_penalty(self, ex: Extraction, result: DocumentLinks) -> None:
        """Every party of the decision with its own sanction; the legal representative each institution's
        block states; and, for a person linked through the unit the decision names, that unit too."""
        institutions: list[tuple[str, str | None]] = []  # (uscc in the graph, stated legal representative)
        by_name: dict[str, Link] = {}
        for p in ex.penalty_parties:
            if p.kind != "institution":
                continue
            rep = p.legal_representative.value if p.legal_representative else None
            link = self.link_company(p.name, p.uscc.value if p.uscc else None, rep)
            number = p.decision_number.value if p.decision_number else None
            result.parties.append(PartyLink("institution", p, link, number))
            by_name[normalise_name(p.name)] = link
            institutions += self._in_graph(link, rep)
            if p.legal_representative is not None and rep is not None:
                result.parties.append(PartyLink("responsible_person", p.legal_representative,
                                                self.link_person(rep, self._in_graph(link, rep)), number))
        for p in ex.penalty_parties:
            if p.kind != "person":
                continue
            number = p.decision_number.value if p.decision_number else None
            unit: Link | None = None
            if p.unit is not None:
                unit = by_name.get(normalise_name(p.unit.value)) or self._unit_link(p.unit.value, by_name)
            at_unit = self._in_graph(unit, None)
            link = self.link_person(p.name, at_unit or institutions)
            result.parties.append(PartyLink("individual", p, link, number))
            # Not when the unit is itself penalised by the same decision (it is linked as the institution).
            same_decision = {x.link.party_id for x in result.parties
                             if x.role == "institution" and x.decision_number == number}
            if link.resolved and at_unit and unit is not None and p.unit is not None and \
                    unit.party_id not in same_decision:
                result.parties.append(PartyLink("unit", p.unit, unit, number, via=p.name))

    def _unit_link(self, unit: str, by_name: Mapping[str, Link]) -> Link:
        """A unit as the decision names it: a party's 简称 (中豫新材) or a registered name."""
        for key, link in by_name.items():
            if len(normalise_name(unit)) >= 4 and normalise_name(unit) in key:
                return link
        return self.link_company(unit)

    def _in_graph(self, company: Link | None, stated_rep: str | None) -> list[tuple[str, str | None]]:
        if company is None or company.party_id is None or company.party_id not in self.index:
            return []
        return [(company.party_id, stated_rep)]


def _company_mentions(ex: Extraction) -> list[tuple[str, str | None]]:
    if ex.kind.is_penalty:
        found = [(p.name, p.uscc.value if p.uscc else None) for p in ex.penalty_parties if p.kind == "institution"]
        return found + [(p.unit.value, None) for p in ex.penalty_parties if p.unit is not None]
    mentions = [(p.name, p.uscc) for p in ex.parties if p.kind == "company"]
    mentions += [(g.guarantor, None) for g in ex.guarantees]
    return mentions

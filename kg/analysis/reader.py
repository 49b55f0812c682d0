"""The rows the analysis graph is built from, read with the queries in ``queries/``.

Events, their participants and their evidence come from one query each; what the graph
shows of the nodes they name (labels, classes, countries, posts, documents) is fetched for
exactly those nodes, a batch at a time, so the work grows with the picture, not the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kg.analysis.source import Row, Rows

__all__ = ["Facts", "Reader", "Rows", "local", "number", "strongest_first"]
from kg.analysis.terms import DIP, ENTITY_CLASSES

# the short keys describe.rq and tenures.rq give each property
TYPE, LABEL, PREF, ALT, COUNTRY = "type", "label", "pref", "alt", "country"
BROADER, HOLDS, POST_IN, CAMEO, GOLDSTEIN = "broader", "holds", "postIn", "cameo", "goldstein"
ROLE_NAME, TITLE, OUTLET, PUBLISHER, PUBLISHED = "roleName", "title", "outlet", "publisher", "published"
POST, ORGANIZATION, OBSERVED, START = "post", "organization", "observedAt", "startDate"
EVENT_KEYS = ("label", "pref", "type", "category", "cameo", "goldstein", "place", "date")
STRUCTURE_KEYS = ("type", "category", "place", "date")  # of event-structure.rq
DETAIL_KEYS = ("label", "pref", "cameo", "goldstein")  # of event-details.rq
TENURE_KEYS = (POST, ROLE_NAME, ORGANIZATION, COUNTRY, OBSERVED, START)
_CLASS_IRIS = {str(DIP[name]): name for name in ENTITY_CLASSES}


def local(iri: str | None) -> str | None:
    """The last path or fragment segment of an IRI ("…/event-type/Meeting" → "Meeting")."""
    if iri is None:
        return None
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def strongest_first(item: dict[str, Any]) -> tuple[float, str, str]:
    """How an event's evidence is ordered: highest confidence, then earliest, then by title."""
    return (-(item["confidence"] or 0.0), item["published"] or "", item["title"] or "")


def least(rows: Iterable[Row], width: int) -> dict[Row, list[str | None]]:
    """Rows keyed by their first ``width`` values, with the least of each other column (None
    only where no row has one): SPARQL's GROUP BY and MIN(STR()), which cost a third more in
    the engine than here."""
    found: dict[Row, list[str | None]] = {}
    for row in rows:
        key, values = row[:width], row[width:]
        kept = found.get(key)
        if kept is None:
            found[key] = list(values)
            continue
        for i, value in enumerate(values):
            if value is not None and (kept[i] is None or value < kept[i]):
                kept[i] = value
    return found


def number(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


class Facts:
    """Property values of nodes (``describe.rq``), fetched in batches as they are needed.

    ``structure=True`` fetches only what places a node in the graph (``describe-structure.rq``)
    until ``describe_fully`` is called: then each node is fetched again, in full, when asked."""

    def __init__(self, rows: Rows, *, structure: bool = False) -> None:
        self.rows = rows
        self._values: dict[str, dict[str, list[str]]] = {}
        self._query = "describe-structure" if structure else "describe"
        self._partial: set[str] = set()

    def describe_fully(self) -> None:
        if self._query != "describe":
            self._query = "describe"
            self._partial = set(self._values)

    def load(self, nodes: Iterable[str | None]) -> None:
        """Fetch every node not fetched yet, in as few queries as the batch size allows."""
        missing = {n for n in nodes if n and (n not in self._values or n in self._partial)}
        self._partial -= missing
        found: dict[str, dict[str, set[str]]] = {node: {} for node in missing}
        for node, p, o in self.rows.select_for(self._query, missing):
            if node is not None and p is not None and o is not None:
                found[node].setdefault(p, set()).add(o)
        for node, props in found.items():  # sorted once: values() is asked ~10 times a node
            self._values[node] = {p: sorted(v) for p, v in props.items()}

    def load_with_countries(self, nodes: Iterable[str | None]) -> None:
        """The nodes, then the countries and organizations they name (whose labels show)."""
        nodes = [n for n in nodes if n]
        self.load(nodes)
        self.load(v for n in nodes for p in (COUNTRY, POST_IN) for v in self.values(n, p))

    def values(self, node: str, prop: str) -> list[str]:
        if node not in self._values or node in self._partial:
            self.load([node])
        return list(self._values[node].get(prop, ()))

    def value(self, node: str | None, prop: str) -> str | None:
        found = self.values(node, prop) if node else []
        return found[0] if found else None

    def label(self, node: str) -> str:
        labels = self.values(node, LABEL) or self.values(node, PREF)
        return labels[0] if labels else (local(node) or node)

    def entity_class(self, node: str) -> str:
        found = {_CLASS_IRIS[t] for t in self.values(node, TYPE) if t in _CLASS_IRIS}
        return next((name for name in ENTITY_CLASSES if name in found), "Agent")


class Reader:
    """Every row one analysis graph needs, read once."""

    def __init__(self, source: Any, *, evidence: bool = True, structure: bool = False) -> None:
        """``structure=True`` reads of each node only what places it in the graph, for a view
        that draws some of them: ``describe`` then reads the rest for those (``kg.analysis.detail``)."""
        self.rows = Rows(source)
        self.facts = Facts(self.rows, structure=structure)
        self.partial = structure  # until describe() is asked for the nodes drawn
        query, keys = ("event-structure", STRUCTURE_KEYS) if structure else ("asserted-events", EVENT_KEYS)
        self.events: dict[str, dict[str, str | None]] = {
            event: dict.fromkeys(EVENT_KEYS) | dict(zip(keys, values, strict=True))
            for (event,), values in least(self.rows.select(query), 1).items()
            if event is not None
        }
        self._detailed: set[str] = set() if structure else set(self.events)
        self._tenure_rows: dict[str, dict[str, dict[str, str | None]]] | None = None
        self.countries_named_only: set[str] = set()  # set by build_graph
        self.topics: dict[str, list[str]] = {e: [] for e in self.events}
        for event, topic in self.rows.select("event-topics"):
            if event in self.topics and topic is not None:
                self.topics[event].append(topic)
        for topics in self.topics.values():
            topics.sort()
        self.participants = self._participants()
        self.evidence_rows: dict[str, list[tuple]] = defaultdict(list)
        if evidence:
            self._add_evidence(self.rows.select("evidence"))
        self._docs: dict[str, dict[str, Any]] = {}
        self._load_first_round()

    def _add_evidence(self, rows: Iterable[tuple]) -> None:
        """Keep evidence rows per event in one order whichever query read them (the engine's
        order differs between queries; ties of confidence, date and title then stay put)."""
        for event, sentence, confidence, doc, mentions in rows:
            self.evidence_rows[event].append((sentence, number(confidence), doc, int(mentions or 1)))
        for found in self.evidence_rows.values():
            found.sort(key=lambda r: (r[0] or "", r[2] or "", -1.0 if r[1] is None else r[1], r[3]))

    def describe(self, events: Iterable[str]) -> None:
        """Every fact of these events and of the nodes they and the others asked about name:
        read ``describe.rq`` from now on (see ``structure``)."""
        self.facts.describe_fully()
        wanted = {e for e in events if e not in self._detailed}
        self._detailed |= wanted
        for event, *values in self.rows.select_for("event-details", wanted):
            self.events[event].update(zip(DETAIL_KEYS, values, strict=True))

    def load_evidence(self, events: Iterable[str]) -> None:
        """Read the evidence of just these events and their documents (what a view draws)."""
        wanted = {e for e in events if e not in self.evidence_rows}
        if not wanted:
            return
        self._add_evidence(self.rows.select_for("evidence-for", wanted))
        for event in wanted:
            self.evidence_rows.setdefault(event, [])
        docs = {d for e in wanted for _, _, d, _ in self.evidence_rows[e] if d}
        self.facts.load(docs)
        self.facts.load(p for d in docs for p in self.facts.values(d, PUBLISHER))

    def _participants(self) -> dict[str, list[tuple[str, str, str | None]]]:
        """Asserted event → sorted (agent, role, representing); a participation's role wins
        over a bare dip:hasParticipant, of two participations the one with a role, and of two
        roles or representees the least (one row per combination, the least wins)."""
        candidates: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
        bare: dict[str, list[str]] = defaultdict(list)
        for key, event, agent, role, representing in self.rows.select("participants"):
            if event not in self.events or agent is None:
                continue
            if key == "part":
                candidates[event].append((agent, role, representing))
            else:
                bare[event].append(agent)
        found: dict[str, dict[str, tuple[str, str | None]]] = defaultdict(dict)
        for event, rows in candidates.items():
            for agent, role, representing in sorted(
                rows, key=lambda c: (c[0], c[1] is None, c[1] or "", c[2] is None, c[2] or "")
            ):
                found[event].setdefault(agent, (role or "participant", representing))
        for event, agents in bare.items():
            for agent in agents:
                found[event].setdefault(agent, ("participant", None))
        return {e: [(a, *found[e][a]) for a in sorted(found[e])] for e in found}

    def _load_first_round(self) -> None:
        wanted: set[str | None] = set()
        for event, data in self.events.items():
            wanted.update((data["type"], data["place"]))
            for agent, _, representing in self.participants.get(event, ()):
                wanted.update((agent, representing))
        for rows in self.evidence_rows.values():
            wanted.update(doc for _, _, doc, _ in rows)
        self.facts.load_with_countries(wanted)
        self.facts.load(
            p for rows in self.evidence_rows.values() for _, _, d, _ in rows if d
            for p in self.facts.values(d, PUBLISHER)
        )  # fmt: skip

    # -- evidence -----------------------------------------------------------------------
    def evidence(self, event: str) -> list[dict[str, Any]]:
        """Evidence dicts for an event, one per mention, strongest first."""
        rows = []
        for sentence, confidence, doc, mentions in self.evidence_rows.get(event, ()):
            item = {"sentence": sentence or "", **self.document(doc), "confidence": confidence}
            rows.extend(dict(item) for _ in range(mentions))
        rows.sort(key=strongest_first)
        return rows

    def document(self, doc: str | None) -> dict[str, Any]:
        if doc is None:
            return {"title": None, "outlet": None, "published": None}
        if doc not in self._docs:
            f = self.facts
            outlet = f.value(doc, OUTLET)
            publisher = f.value(doc, PUBLISHER)
            if outlet is None and publisher is not None:
                outlet = f.label(publisher)
            published = f.value(doc, PUBLISHED)
            self._docs[doc] = {
                "title": f.value(doc, TITLE),
                "outlet": outlet,
                "published": published[:10] if published is not None else None,
            }
        return self._docs[doc]

    # -- tenures ------------------------------------------------------------------------
    def tenures(self, people: list[str]) -> dict[str, dict[str, dict[str, str | None]]]:
        """Person → tenure → the tenure's post, role, holder and date (one value each)."""
        if self._tenure_rows is None:  # read once: a view asks again for the people it draws
            self._tenure_rows = defaultdict(dict)
            for (person, tenure), values in least(self.rows.select("tenures"), 2).items():
                if person is not None and tenure is not None:
                    self._tenure_rows[person][tenure] = dict(zip(TENURE_KEYS, values, strict=True))
        found = {p: self._tenure_rows[p] for p in dict.fromkeys(people) if p in self._tenure_rows}
        posts = {p for person in people for p in self.facts.values(person, HOLDS)}
        for tenures in found.values():
            for props in tenures.values():
                posts.update(v for prop in (POST, ORGANIZATION, COUNTRY) if (v := props[prop]))
        self.facts.load_with_countries(posts)
        result: dict[str, dict[str, dict[str, str | None]]] = {}
        for person, tenures in found.items():
            result[person] = {}
            for tenure, one in tenures.items():
                post = one.get(POST)
                holder = one.get(ORGANIZATION)
                if holder is None and post is not None:
                    holder = self.facts.value(post, POST_IN) or self.facts.value(post, COUNTRY)
                if holder is None:
                    holder = one.get(COUNTRY)
                result[person][tenure] = {
                    "post": post,
                    "role": one.get(ROLE_NAME),
                    "holder": holder,
                    "date": one.get(OBSERVED) or one.get(START),
                }
        self.facts.load_with_countries(
            t["holder"] for tenures in result.values() for t in tenures.values()
        )
        return result

    def post_label(self, post: str | None, role: str | None, organization: str | None) -> str:
        f = self.facts
        if post is not None and f.values(post, LABEL):
            return f.label(post)
        role = role or (f.value(post, ROLE_NAME) if post is not None else None)
        if organization is None and post is not None:
            organization = f.value(post, POST_IN)
        if role and organization is not None:
            return f"{role} of {f.label(organization)}"
        return role or (local(post) or "")

"""kg.analysis on hand-built store graphs (tests/graphdata.py)."""

from __future__ import annotations

import networkx as nx
import pytest
from graphdata import (
    S_ANKARA,
    S_ANKARA_2,
    S_CALL,
    B,
    GraphBuilder,
    iri,
    sample_builder,
)
from rdflib import Dataset

import kg.analysis.metrics as metrics
from kg.analysis import (
    actors,
    communities,
    dyads,
    ego,
    filter_graph,
    path,
    resolve_name,
    timeline,
    to_networkx,
)
from kg.analysis.louvain import louvain_groups
from kg.errors import InputError

BURNS = str(iri("Person", "william-burns"))
LAVROV = str(iri("Person", "sergei-lavrov"))
E1 = B + "event/e1-ankara"


@pytest.fixture(scope="module")
def G() -> nx.MultiGraph:
    return to_networkx(sample_builder().union())


def _events(G: nx.MultiGraph) -> list[str]:
    return sorted(n.rsplit("/", 1)[-1] for n, d in G.nodes(data=True) if d["kind"] == "event")


# -- to_networkx -----------------------------------------------------------------------
def test_nodes_and_edges_of_asserted_events_only(G):
    assert _events(G) == [
        "e1-ankara", "e2-call", "e3-warning", "e4-talks", "e6-sanction", "e7-beijing",
    ]  # fmt: skip
    entities = sorted(d["label"] for _, d in G.nodes(data=True) if d["kind"] == "entity")
    assert entities == [
        "Ankara", "Antony Blinken", "CIA", "Nicholas Burns", "Recep Tayyip Erdogan", "Russia",
        "SVR", "Sergei Lavrov", "Sergei Naryshkin", "United States", "Wang Yi", "William Burns",
    ]  # fmt: skip
    kinds = sorted(d["kind"] for _, _, d in G.edges(data=True))
    # CIA and SVR are agencies of their countries
    assert kinds == ["affiliation"] * 2 + ["participant"] * 12 + ["place"] * 2 + ["tenure"] * 2


def test_same_result_from_dataset_plain_graph_and_non_union_dataset():
    b = sample_builder()
    separate = Dataset()  # default_union=False: the analysis must still see every graph
    for graph in b.ds.graphs():
        target = separate.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    graphs = [to_networkx(x) for x in (b.union(), b.graph(), separate)]
    for other in graphs[1:]:
        assert dict(other.nodes(data=True)) == dict(graphs[0].nodes(data=True))
        assert sorted(other.edges(keys=True)) == sorted(graphs[0].edges(keys=True))


def test_entity_attributes(G):
    burns = G.nodes[BURNS]
    assert burns["label"] == "William Burns"
    assert burns["cls"] == "Person"
    assert burns["posts"] == ["director of CIA"]
    assert burns["country"] == "United States"
    assert burns["aliases"] == ["Bill Burns"]
    assert G.nodes[str(iri("IntelligenceAgency", "svr"))]["cls"] == "IntelligenceAgency"
    assert G.nodes[str(iri("Country", "russia"))]["country"] == "Russia"
    tenure = G.get_edge_data(BURNS, str(iri("IntelligenceAgency", "cia")))
    assert [e["post"] for e in tenure.values()] == ["director of CIA"]


def test_event_attributes_and_evidence_strongest_first(G):
    e1 = G.nodes[E1]
    assert (e1["type"], e1["category"], e1["cameo"], e1["date"]) == (
        "MeetingThirdLocation", "Meeting", "044", "2022-11-14",
    )  # fmt: skip
    assert e1["goldstein"] == 2.5
    assert e1["place"] == "Ankara"
    assert e1["evidence"] == [
        {
            "sentence": S_ANKARA,
            "title": "U.S. and Russian Spy Chiefs Hold Talks in Ankara",
            "outlet": "The Moscow Times",
            "published": "2022-11-14",
            "confidence": 0.9,
        },
        {
            "sentence": S_ANKARA_2,
            "title": "Diplomatic week in review",
            "outlet": "Reuters",
            "published": "2023-01-12",
            "confidence": 0.6,
        },
    ]
    assert G.nodes[B + "event/e2-call"]["date"] == "2022-03"
    roles = {d["role"] for _, _, d in G.edges(B + "event/e3-warning", data=True)}
    assert roles == {"source", "target"}


def test_posts_of_a_country_and_people_without_events():
    b = sample_builder()
    b.country_tenure("d2", "sergei-lavrov", "russia", "foreign minister", "2004-03-09")
    b.entity("d2", "Person", "vladimir-putin", "Vladimir Putin", country="russia")
    b.country_tenure("d2", "vladimir-putin", "russia", "president", "2012-05-07")
    G = to_networkx(b.union())
    assert G.nodes[LAVROV]["posts"] == ["foreign minister of Russia"]
    edge = G.get_edge_data(LAVROV, str(iri("Country", "russia")))
    assert [(e["kind"], e["post"], e["date"]) for e in edge.values()] == [
        ("tenure", "foreign minister of Russia", "2004-03-09"),
    ]  # fmt: skip
    assert str(iri("Person", "vladimir-putin")) not in G  # in no event: not drawn


def test_reads_the_real_vocabulary():
    from kg.ontology import vocabulary_graph

    store = sample_builder().graph()
    for triple in vocabulary_graph():
        store.add(triple)
    e1 = to_networkx(store).nodes[E1]
    assert (e1["type_label"], e1["category"], e1["goldstein"]) == (
        "Meeting at a third location", "Meeting", 2.5,
    )  # fmt: skip


def test_min_confidence_drops_weak_events_and_evidence():
    H = to_networkx(sample_builder().union(), min_confidence=0.7)
    assert "e3-warning" not in _events(H)
    assert [e["sentence"] for e in H.nodes[E1]["evidence"]] == [S_ANKARA]
    with pytest.raises(InputError, match="between 0 and 1"):
        to_networkx(sample_builder().union(), min_confidence=1.5)


def test_empty_graph():
    G = to_networkx(GraphBuilder().union())
    assert G.number_of_nodes() == 0
    assert actors(G) == [] and communities(G) == [] and dyads(G) == [] and timeline(G) == []


# -- names -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("William Burns", "person/william-burns"),
        ("  william   BURNS ", "person/william-burns"),
        ("Bill Burns", "person/william-burns"),
        ("Anthony Blinken", "person/antony-blinken"),
        ("lavrov", "person/sergei-lavrov"),
        ("Moscow", "country/russia"),
        (BURNS, "person/william-burns"),
    ],
)
def test_resolve_name(G, name, expected):
    assert resolve_name(G, name) == B + expected


def test_resolve_name_ambiguous_and_unknown(G):
    with pytest.raises(InputError) as ambiguous:
        resolve_name(G, "Burns")
    message = str(ambiguous.value)
    assert "ambiguous" in message and "Nicholas Burns" in message and "William Burns" in message
    assert "\n" not in message
    with pytest.raises(InputError, match="Did you mean: Sergei Lavrov"):
        resolve_name(G, "Sergei Lavrof")
    with pytest.raises(InputError, match="No entity named 'Nobody'"):
        resolve_name(G, "Nobody")
    with pytest.raises(InputError, match="No Country named"):
        resolve_name(G, "Lavrov", classes=["Country"])


# -- actors, communities ---------------------------------------------------------------
def test_actors_rows(G):
    rows = actors(G, limit=3)
    assert len(rows) == 3
    assert set(rows[0]) == {
        "actor", "class", "country", "events", "degree", "betweenness", "pagerank", "iri",
    }  # fmt: skip
    ranks = [r["pagerank"] for r in actors(G, limit=None)]
    assert ranks == sorted(ranks, reverse=True)
    lavrov = next(r for r in actors(G, None) if r["actor"] == "Sergei Lavrov")
    assert (lavrov["events"], lavrov["degree"], lavrov["class"]) == (2, 2, "Person")
    naryshkin = next(r for r in actors(G, None) if r["actor"] == "Sergei Naryshkin")
    people = [r for r in actors(G, None) if r["class"] == "Person"]
    assert naryshkin["betweenness"] == max(r["betweenness"] for r in people)
    with pytest.raises(InputError):
        actors(G, limit=0)


def test_betweenness_is_sampled_within_a_budget_with_a_fixed_seed(G, monkeypatch):
    exact = {r["actor"]: r["betweenness"] for r in actors(G, None)}
    S = metrics.simple(G)
    n, m = S.number_of_nodes(), S.number_of_edges()
    assert metrics.sample_size(n, m) >= n  # a small graph: exact
    assert [metrics.sample_size(2_489, 5_240), metrics.sample_size(9_954, 20_926)] == [129, 32]
    monkeypatch.setattr(metrics, "BETWEENNESS_BUDGET", 4 * (n + m))
    monkeypatch.setattr(metrics, "MIN_SAMPLE", 2)
    first, second = actors(G, None), actors(G, None)
    assert first == second  # seeded sample: the same answer every time
    sampled = {r["actor"]: r["betweenness"] for r in first}
    assert sampled.keys() == exact.keys() and sampled != exact


def test_communities_cover_every_entity_once(G):
    rows = communities(G)
    assert rows == communities(G)
    members = [m for r in rows for m in r["members"].split("; ")]
    assert sorted(members) == sorted(
        d["label"] for _, d in G.nodes(data=True) if d["kind"] == "entity"
    )
    assert [r["community"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["size"] for r in rows] == sorted((r["size"] for r in rows), reverse=True)
    beijing = next(r for r in rows if "Wang Yi" in r["members"])
    assert beijing["members"] in ("Nicholas Burns; Wang Yi", "Wang Yi; Nicholas Burns")


def _two_circles() -> GraphBuilder:
    """Four people who meet each other often, four others likewise, and one meeting of two
    of the first with one of the second."""
    b = GraphBuilder()
    b.document("d1", "Week", "Wire", "2023-01-01")
    for i in range(8):
        b.entity("d1", "Person", f"p{i}", f"Person {i}")
    for circle in (range(4), range(4, 8)):
        for n, (x, y) in enumerate((a, c) for a in circle for c in circle if a < c):
            b.event("d1", f"m{x}{y}", "Meeting", [f"p{x}", f"p{y}"], date=f"2023-01-{1 + n:02d}",
                    sentence=f"{x} met {y}.", confidence=0.9)  # fmt: skip
    b.event("d1", "bridge", "Meeting", ["p0", "p1", "p4"], date="2023-02-01",
            sentence="Three met.", confidence=0.9)  # fmt: skip
    return b


def test_communities_group_actors_and_put_each_event_with_most_of_its_actors():
    G = to_networkx(_two_circles().union())
    rows = communities(G)
    assert [(r["size"], r["events"]) for r in rows] == [(4, 7), (4, 6)]  # the bridge with p0, p1
    assert rows[0]["members"].split("; ") == ["Person 0", "Person 1", "Person 2", "Person 3"]
    groups = louvain_groups(G, metrics.simple(G))
    bridge = f"{B}event/bridge"
    assert next(g for g in groups if bridge in g) >= {str(iri("Person", "p0")), str(iri("Person", "p1"))}
    assert sum(len(g) for g in groups) == G.number_of_nodes()


# -- path, ego -------------------------------------------------------------------------
def test_path_through_an_event_in_plain_words_with_its_evidence(G):
    meeting = "Meeting: Sergei Naryshkin, William Burns (Ankara, 2022-11-14)"  # not "… at a third location"
    why = f"“{S_ANKARA}” (The Moscow Times, 2022-11-14)"
    assert path(G, "William Burns", "Naryshkin") == [
        {"step": 1, "from": "William Burns", "link": "took part in", "to": meeting, "why": why},
        {"step": 2, "from": meeting, "link": "involved", "to": "Sergei Naryshkin", "why": why},
    ]


def test_path_through_a_post_and_roles(G):
    rows = path(G, "Naryshkin", "United States")
    assert [r["link"] for r in rows] == [
        "director of", "took part as target in", "involved as initiator",
    ]  # fmt: skip


def test_path_uses_a_shared_place_only_when_nothing_else_connects(G):
    rows = path(G, "William Burns", "Lavrov")
    talks = "Negotiation: Recep Tayyip Erdogan, Sergei Lavrov (Ankara, 2022)"
    assert [r["to"] for r in rows][1:3] == ["Ankara", talks]
    assert rows[1]["link"] == "took place in"


def test_path_errors(G):
    with pytest.raises(InputError, match="No connection between William Burns and Wang Yi"):
        path(G, "William Burns", "Wang Yi")
    with pytest.raises(InputError, match="same entity"):
        path(G, "Bill Burns", "William Burns")


def test_ego(G):
    rows = ego(G, "Lavrov", depth=1)
    assert [(r["distance"], r["name"]) for r in rows] == [
        (0, "Sergei Lavrov"), (1, "Negotiation (2022)"), (1, "PhoneCall (2022-03)"),
    ]  # fmt: skip
    names = {r["name"] for r in ego(G, "Lavrov", depth=2) if r["distance"] == 2}
    assert names == {"Antony Blinken", "Recep Tayyip Erdogan", "Ankara"}
    with pytest.raises(InputError, match="depth"):
        ego(G, "Lavrov", depth=-1)


# -- timeline, dyads -------------------------------------------------------------------
def test_timeline_in_date_order_undated_last(G):
    rows = timeline(G)
    assert [r["date"] for r in rows] == ["2022", "2022-02-20", "2022-03", "2022-11-14",
                                         "2023-01-10", None]  # fmt: skip
    call = rows[2]
    assert call["participants"] == "Antony Blinken; Sergei Lavrov"
    assert (call["type"], call["category"], call["cameo"], call["goldstein"]) == (
        "PhoneCall", "PhoneCall", "041", 1.0,
    )  # fmt: skip
    assert call["sentence"] == S_CALL
    assert rows[3]["sources"] == 2


def test_timeline_filters(G):
    assert [r["date"] for r in timeline(G, actor="Lavrov")] == ["2022", "2022-03"]
    turkey = timeline(G, country="Turkey")  # Erdogan's talks, and the meeting in Ankara
    assert [r["date"] for r in turkey] == ["2022", "2022-11-14"]
    assert [r["date"] for r in timeline(G, since="2022-03", until="2022-12")] == [
        "2022", "2022-03", "2022-11-14",
    ]  # fmt: skip
    assert [r["date"] for r in timeline(G, country="Russia", until="2022-02")] == [
        "2022", "2022-02-20",
    ]  # fmt: skip
    with pytest.raises(InputError, match="since must be a date"):
        timeline(G, since="last week")
    with pytest.raises(InputError, match="No Country named 'Lavrov'"):
        timeline(G, country="Lavrov")


def test_dyads(G):
    assert dyads(G) == [
        {"country_a": "China", "country_b": "United States", "category": "Meeting",
         "events": 1, "goldstein": 1.0},
        {"country_a": "Russia", "country_b": "Turkey", "category": "Talks",
         "events": 1, "goldstein": 7.0},
        {"country_a": "Russia", "country_b": "United States", "category": "Meeting",
         "events": 1, "goldstein": 2.5},
        {"country_a": "Russia", "country_b": "United States", "category": "PhoneCall",
         "events": 1, "goldstein": 1.0},
        {"country_a": "Russia", "country_b": "United States", "category": "Sanction",
         "events": 1, "goldstein": -8.0},
        {"country_a": "Russia", "country_b": "United States", "category": "Warning",
         "events": 1, "goldstein": -4.4},
    ]  # fmt: skip


def test_dyads_count_and_sum_per_pair():
    b = sample_builder()
    b.event("d2", "e9-call", "PhoneCall", ["antony-blinken", "sergei-lavrov"],
            date="2022-04", sentence="They spoke again.", confidence=0.8)  # fmt: skip
    rows = dyads(to_networkx(b.union()))
    call = next(r for r in rows if r["category"] == "PhoneCall")
    assert (call["events"], call["goldstein"]) == (2, 2.0)
    assert rows[0] is call  # most events first


# -- filter_graph ----------------------------------------------------------------------
def test_filter_by_category_keeps_actors_and_their_posts(G):
    H = filter_graph(G, category="meeting")
    assert _events(H) == ["e1-ankara", "e7-beijing"]
    labels = {d["label"] for _, d in H.nodes(data=True) if d["kind"] == "entity"}
    assert labels == {
        "William Burns", "Sergei Naryshkin", "Ankara", "CIA", "SVR", "Nicholas Burns", "Wang Yi",
    }  # fmt: skip
    with pytest.raises(InputError, match="Unknown category 'parade'"):
        filter_graph(G, category="parade")


def test_filter_by_actor_depth_and_confidence(G):
    H = filter_graph(G, actor="Lavrov", depth=1)
    assert sorted(H) == sorted([LAVROV, B + "event/e2-call", B + "event/e4-talks"])
    with pytest.raises(InputError, match="Sergei Lavrov has no events that match"):
        filter_graph(G, actor="Lavrov", category="Sanction")
    H = filter_graph(G, min_confidence=0.85)
    assert _events(H) == ["e1-ankara", "e6-sanction"]
    assert len(H.nodes[E1]["evidence"]) == 1
    assert len(G.nodes[E1]["evidence"]) == 2  # the input is left alone


# -- the seed article ------------------------------------------------------------------
def test_path_from_burns_to_lavrov_on_the_seed_runs_through_the_countries(seed_path, tmp_path):
    from click.testing import CliRunner
    from conftest import run

    runner, store = CliRunner(), str(tmp_path / "store")
    assert run(runner, "ingest", str(seed_path), "--published", "2022-11-14", "--store", store).exit_code == 0
    result = run(runner, "analyze", "path", "William Burns", "Sergei Lavrov", "-f", "tsv", "--store", store)
    assert result.exit_code == 0, result.output
    talks = "Negotiation: Antony Blinken, Sergei Lavrov (2022-01)"
    said = (
        "“The last high-level talks between Moscow and Washington were held between Lavrov and"
        " Secretary of State Anthony Blinken in January.” (2022-11-14)"
    )
    assert [line.split("\t") for line in result.output.splitlines()] == [
        ["step", "from", "link", "to", "why"],
        ["1", "William Burns", "director of", "Central Intelligence Agency",
         "William Burns is director of Central Intelligence Agency (seen 2022-11-14)."],
        ["2", "Central Intelligence Agency", "agency of", "United States",
         "Central Intelligence Agency is an agency of United States."],
        ["3", "United States", "has as secretary of state", "Antony Blinken",
         "Antony Blinken is secretary of state of United States (seen 2022-11-14)."],
        ["4", "Antony Blinken", "took part in", talks, said],
        ["5", talks, "involved", "Sergei Lavrov", said],
    ]  # fmt: skip


def test_a_summit_also_stored_as_a_meeting_is_one_event():
    b = sample_builder()
    geneva = "Biden and Putin met at the summit in Ankara."
    for key, etype in (("e10-summit", "Summit"), ("e11-meeting", "MeetingThirdLocation")):
        b.event("d2", key, etype, ["william-burns", "sergei-naryshkin"], date="2021-06-16",
                place="ankara", sentence=geneva, confidence=0.7)  # fmt: skip
    b.event("d2", "e12-other-day", "MeetingThirdLocation", ["william-burns", "sergei-naryshkin"],
            date="2021-06-17", place="ankara", sentence="They met again.", confidence=0.7)  # fmt: skip
    G = to_networkx(b.union())
    assert "e10-summit" in _events(G) and "e12-other-day" in _events(G)
    assert "e11-meeting" not in _events(G)
    assert G.nodes[B + "event/e10-summit"]["same_as"] == [B + "event/e11-meeting"]
    rows = [r for r in timeline(G) if r["date"] == "2021-06-16"]
    assert [(r["what"], r["participants"]) for r in rows] == [
        ("Summit", "Sergei Naryshkin; William Burns")
    ]
    pairs = [(r["category"], r["events"]) for r in dyads(G) if r["country_a"] == "Russia"]
    assert ("Summit", 1) in pairs and ("Meeting", 2) in pairs  # Ankara 2022 and the next day


def test_timeline_names_people_before_countries_in_plain_words(G):
    rows = timeline(G)
    warning = next(r for r in rows if r["category"] == "Warning")
    assert warning["participants"] == "Russia; United States"
    meeting = next(r for r in rows if r["iri"] == E1)
    assert meeting["what"] == "Meeting"  # not "Meeting at a third location"
    call = next(r for r in rows if r["category"] == "PhoneCall")
    assert call["what"] == "Phone call"


# -- the timeline chart ----------------------------------------------------------------
def test_timeline_chart_draws_every_event_at_its_precision():
    from kg.plot import timeline_chart
    from kg.plot.timeline import date_span

    rows = [
        {"date": "2022-11-14", "category": "Meeting"},
        {"date": "2022-11-14", "category": "Meeting"},
        {"date": "2022-02", "category": "MilitaryAction"},
        {"date": "2021", "category": "Sanction"},
        {"date": None, "category": "Statement"},
        {"date": None, "category": "Statement"},
        {"date": None, "category": "Meeting"},
    ]
    figure = timeline_chart(rows)
    ax, strip = figure.axes
    assert ax.get_title(loc="left") == (
        "Events by category: 7 events (2 to the day, 1 to the month, 1 to the year, 3 undated)"
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Sanction", "Military action", "Statement", "Meeting",
    ]  # fmt: skip
    assert len(ax.collections) == 3  # the meetings' dot, the month's bar, the year's bar
    assert sorted(t.get_text() for t in strip.texts) == ["1", "2"]  # undated, per category
    assert date_span("2022-02")[:2] == (date_span("2022-02-01")[0], date_span("2022-02-28")[0])
    assert date_span("2024")[2] == "year" and date_span("soon") is None
    with pytest.raises(InputError, match="no dated events"):
        timeline_chart([{"date": None, "category": "Statement"}])


def test_every_category_of_the_ontology_is_a_filter():
    """The categories a filter accepts are concepts.ttl's top concepts, stated once there."""
    import networkx as nx

    from kg.analysis.filters import categories, resolve_category
    from kg.ontology.concepts import event_types

    assert set(categories()) == {n for n, i in event_types().items() if i.category == n}
    assert {"Meeting", "Agreement", "Detention"} <= set(categories())
    assert resolve_category(nx.MultiGraph(), "agreement") == "Agreement"

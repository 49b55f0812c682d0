"""How each kind of node and edge looks, and the legend that explains it."""

from __future__ import annotations

from typing import Any

# class → (fill colour, vis-network shape); the legend draws the same shapes in CSS.
NODE_STYLE: dict[str, tuple[str, str]] = {
    "Person": ("#4e79a7", "dot"),
    "IntelligenceAgency": ("#e15759", "diamond"),
    "GovernmentBody": ("#f28e2b", "diamond"),
    "MediaOutlet": ("#9c755f", "triangleDown"),
    "InternationalOrganization": ("#b07aa1", "hexagon"),
    "Organization": ("#edc948", "diamond"),
    "Country": ("#59a14f", "square"),
    "City": ("#8cd17d", "triangle"),
    "Place": ("#8cd17d", "triangle"),
    "Agent": ("#bab0ac", "dot"),
}
EVENT_STYLE = ("#fff3c4", "box")
EVENT_BORDER = "#b8901c"

LEGEND_NAMES = {
    "Person": "Person",
    "IntelligenceAgency": "Intelligence agency",
    "GovernmentBody": "Government body",
    "MediaOutlet": "Media outlet",
    "InternationalOrganization": "International organization",
    "Organization": "Organization",
    "Country": "Country",
    "City": "City",
    "Place": "Place",
    "Agent": "Other actor",
}

# event category (local name of dip:category) → checkbox label, in the ontology's order
CATEGORY_NAMES = {
    "Meeting": "Meeting",
    "Talks": "Talks",
    "Visit": "Visit",
    "Summit": "Summit",
    "PhoneCall": "Phone call",
    "Statement": "Statement",
    "Warning": "Warning",
    "MilitaryAction": "Military action",
    "Sanction": "Sanction",
    "Detention": "Detention",
}
OTHER_CATEGORY = "Other"
# categories whose box is unticked when the page opens (when other events are present)
OFF_AT_FIRST = ("Statement",)

EDGE_STYLE: dict[str, dict[str, Any]] = {
    "participant": {"color": "#8a949e", "width": 1.5},
    "place": {"color": "#59a14f", "width": 1, "dashes": True},
    "tenure": {"color": "#b07aa1", "width": 2.5},
    "affiliation": {"color": "#c9a227", "width": 1.5, "dashes": [2, 4]},
}
EDGE_LEGEND = (
    ("participant", "took part in (role)"),
    ("place", "took place in"),
    ("tenure", "holds a post in"),
    ("affiliation", "agency or body of a country"),
)


def node_style(cls: str | None) -> tuple[str, str]:
    """(colour, shape) for an entity class; unknown classes look like generic actors."""
    return NODE_STYLE.get(cls or "Agent", NODE_STYLE["Agent"])


def legend(classes: set[str], has_events: bool) -> list[dict[str, str]]:
    """Legend rows for the classes present, in a fixed order, then events and edge kinds."""
    rows = [
        {"label": LEGEND_NAMES[c], "color": NODE_STYLE[c][0], "shape": NODE_STYLE[c][1]}
        for c in NODE_STYLE
        if c in classes
    ]
    if has_events:
        rows.append({"label": "Event (type, date)", "color": EVENT_STYLE[0], "shape": "box"})
    for kind, text in EDGE_LEGEND:
        style = EDGE_STYLE[kind]
        shape = "dashed" if style.get("dashes") else "line"
        rows.append({"label": text, "color": style["color"], "shape": shape})
    return rows


def _iterations(node_count: int) -> int:
    """Stabilisation steps: each costs ~20 µs per node in headless Chromium, so fewer when big."""
    if node_count <= 300:
        return 600
    return 300 if node_count <= 1000 else 150


def physics(node_count: int) -> dict[str, Any]:
    """vis-network options: stabilise once (fewer iterations for big graphs), then stop."""
    return {
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -4000,
                "centralGravity": 0.6,  # keeps separate stories close, so the fitted view is not tiny
                "springLength": 90,
                "springConstant": 0.04,
                "damping": 0.35,
                "avoidOverlap": 0.1 if node_count <= 300 else 0,
                "theta": 0.5 if node_count <= 300 else 0.9,  # coarser forces, faster big graphs
            },
            "stabilization": {
                "enabled": True,
                "iterations": _iterations(node_count),
                "updateInterval": 20,
                "fit": True,
            },
        },
        "layout": {"improvedLayout": node_count <= 150, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": node_count > 500},
        # labels stay readable when the whole graph is fitted (vis hides those under 5 px by default)
        "nodes": {
            "font": {"size": 16, "face": "sans-serif"},
            "borderWidth": 1,
            "scaling": {"label": {"enabled": False, "drawThreshold": 2}},
        },
        "edges": {"smooth": False, "font": {"size": 13, "align": "middle", "color": "#555"}},
    }

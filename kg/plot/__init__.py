"""Charts for reports: events by category over time, and a country-pair heat map.

Functions take the rows of ``kg.analysis.timeline`` / ``kg.analysis.dyads`` and return a
matplotlib ``Figure`` (no pyplot, no global backend state); ``save`` writes PNG or SVG.

Example::

    from kg.analysis import dyads, to_networkx
    from kg.plot import dyad_heatmap, save
    save(dyad_heatmap(dyads(to_networkx(store))), "dyads.svg")
"""

from kg.plot.dyads import dyad_heatmap
from kg.plot.figure import PLOT_FORMATS, save
from kg.plot.timeline import timeline_chart

__all__ = ["PLOT_FORMATS", "dyad_heatmap", "save", "timeline_chart"]

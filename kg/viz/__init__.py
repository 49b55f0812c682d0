"""The graph view: a self-contained HTML page drawn with pyvis / vis-network."""

from kg.viz.render import render_html

__all__ = ["render_html"]

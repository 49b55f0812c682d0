# ruff: noqa: E501  (the template holds CSS and HTML lines that read better unwrapped)
"""The page around the network: one Jinja template, rendered with autoescaping on.

Everything from the data reaches the page either through ``tojson`` (HTML-safe JSON inside
the script) or as autoescaped text; tooltips are built as DOM elements with
``textContent`` so no string from the data is ever parsed as HTML.
"""

PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{{ heading }}</title>
<style>{{ vis_css }}</style>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; display: flex; flex-direction: column; height: 100vh; }
  header { padding: 10px 16px 4px; }
  h1 { font-size: 1.3em; margin: 0 0 4px; }
  .summary, .note, #status { margin: 2px 0; font-size: 0.9em; color: #555; }
  .note { color: #8a4b00; }
  #legend { display: flex; flex-wrap: wrap; gap: 6px 16px; padding: 4px 16px 8px; font-size: 0.85em; }
  .key { display: inline-flex; align-items: center; gap: 6px; }
  .swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #0004; }
  .shape-dot { border-radius: 50%; }
  .shape-diamond { transform: rotate(45deg) scale(0.8); }
  .shape-triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); border: 0; }
  .shape-triangleDown { clip-path: polygon(0 0, 100% 0, 50% 100%); border: 0; }
  .shape-hexagon { clip-path: polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%); border: 0; }
  .shape-box { width: 22px; border-radius: 3px; border-color: #b8901c; }
  .shape-line { height: 0; width: 22px; border: 0; border-top: 3px solid; background: none !important; }
  .shape-dashed { height: 0; width: 22px; border: 0; border-top: 3px dashed; background: none !important; }
  #kg-menu { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px; padding: 6px 16px; border-top: 1px solid #ddd; font-size: 0.88em; }
  #kg-search { width: 260px; padding: 3px 6px; font: inherit; }
  #kg-search.kg-notfound { outline: 2px solid #e15759; }
  #kg-categories { display: flex; flex-wrap: wrap; gap: 2px 10px; border: 0; margin: 0; padding: 0; }
  #kg-categories legend { float: left; margin-right: 8px; color: #555; }
  .kg-cat { white-space: nowrap; }
  .kg-count, #kg-shown { color: #777; }
  .kg-slider { white-space: nowrap; }
  #kg-main { display: flex; flex: 1 1 {{ height }}; min-height: 360px; border-top: 1px solid #ddd; }  /* fills the window below the menus */
  #mynetwork { flex: 1 1 auto; min-width: 0; height: 100%; background: #fff; }
  #kg-panel { flex: 0 0 380px; display: flex; flex-direction: column; border-left: 1px solid #ddd; background: #fcfcfc; font-size: 0.9em; min-height: 0; }
  #kg-panel.collapsed { flex-basis: 34px; }
  #kg-panel.collapsed #kg-panel-body, #kg-panel.collapsed #kg-panel-title { display: none; }
  #kg-panel-head { display: flex; align-items: center; gap: 8px; padding: 4px 6px; border-bottom: 1px solid #eee; font-weight: bold; color: #444; }
  #kg-panel-toggle { width: 22px; height: 22px; padding: 0; border: 1px solid #ccc; border-radius: 3px; background: #fff; cursor: pointer; }
  #kg-panel-body { flex: 1 1 auto; overflow-y: auto; padding: 6px 12px 16px; }
  #kg-panel h2 { font-size: 1.15em; margin: 4px 0; }
  #kg-panel h3 { font-size: 1em; margin: 12px 0 4px; color: #444; }
  #kg-panel ul, #kg-panel ol { margin: 0; padding-left: 18px; }
  #kg-panel li { margin: 3px 0; }
  .kg-sub { color: #555; margin: 0 0 6px; }
  .kg-row { margin: 2px 0; }
  .kg-key { display: inline-block; min-width: 88px; color: #666; }
  .kg-hint { color: #777; }
  .kg-warn { color: #8a4b00; }
  .kg-quote { font-style: italic; }
  .kg-link { color: #1a5fb4; cursor: pointer; }
  .kg-link.kg-hidden { color: #999; }
  div.vis-tooltip { max-width: 420px; white-space: normal; font: 13px/1.35 system-ui, sans-serif; }
  .kg-h { font-weight: bold; margin-bottom: 2px; }
  .kg-m { color: #444; }
  .kg-s { margin-top: 4px; font-weight: bold; color: #444; }
  .kg-q { margin-top: 6px; font-style: italic; }
  .kg-src { color: #666; font-size: 0.92em; }
</style>
<script>{{ vis_js }}</script>
</head>
<body>
<header>
  <h1>{{ heading }}</h1>
  <p class="summary">{{ summary }}</p>
  {% if note %}<p class="note" id="note">{{ note }}</p>{% endif %}
  <p id="status">Laying out the graph…</p>
</header>
<div id="legend">
{% for item in legend %}  <span class="key"><span class="swatch shape-{{ item.shape }}" style="background: {{ item.color }}; border-top-color: {{ item.color }}"></span>{{ item.label }}</span>
{% endfor %}</div>
<div id="kg-menu">
  <input id="kg-search" type="search" list="kg-names" placeholder="Find a node by name…" aria-label="Find a node by name" autocomplete="off">
  <datalist id="kg-names"></datalist>
{% if categories %}  <fieldset id="kg-categories"><legend>Event types</legend>
{% for c in categories %}    <label class="kg-cat"><input type="checkbox" value="{{ c.key }}"{% if not c.off %} checked{% endif %}> {{ c.label }} <span class="kg-count">({{ c.count }})</span></label>
{% endfor %}  </fieldset>
{% endif %}  <label class="kg-slider">Min. confidence <input id="kg-confidence" type="range" min="0" max="1" step="0.05" value="0"> <output id="kg-confidence-value">0.00</output></label>
  <span id="kg-shown"></span>
</div>
<div id="kg-main">
  <div id="mynetwork"></div>
  <aside id="kg-panel" aria-label="Details of the selected node">
    <div id="kg-panel-head"><button id="kg-panel-toggle" type="button" aria-expanded="true" title="Hide or show the details panel">▶</button><span id="kg-panel-title">Details</span></div>
    <div id="kg-panel-body"><p class="kg-hint">Click a node to see its facts and evidence.</p></div>
  </aside>
</div>
<script>
{% include "kg.js" %}
</script>
</body>
</html>
"""

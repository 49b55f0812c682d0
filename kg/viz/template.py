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
  body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
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
  #mynetwork { width: 100%; height: {{ height }}; border-top: 1px solid #ddd; background: #fff; }
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
<div id="mynetwork"></div>
<script>
(function () {
  "use strict";
  // Tooltips are DOM elements filled with textContent: data never becomes markup.
  function tip(lines) {
    var box = document.createElement("div");
    box.className = "kg-tip";
    lines.forEach(function (line) {
      var row = document.createElement("div");
      row.className = "kg-" + line[0];
      row.textContent = line[1];
      box.appendChild(row);
    });
    return box;
  }
  function withTips(items) {
    items.forEach(function (item) {
      if (item.tip) { item.title = tip(item.tip); delete item.tip; }
    });
    return items;
  }
  var nodes = new vis.DataSet(withTips({{ nodes|tojson }}));
  var edges = new vis.DataSet(withTips({{ edges|tojson }}));
  var options = {{ options|safe }};
  var container = document.getElementById("mynetwork");
  var status = document.getElementById("status");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.kgDrawnAt = performance.now();
  function done() {
    network.setOptions({physics: false});
    status.textContent = "";
    window.kgStabilized = true;
    window.kgStabilizedAt = performance.now();  // ms since navigation, for bench/bench_view.py
    document.body.setAttribute("data-stabilized", "true");
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out the graph… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  if (nodes.length === 0) { done(); status.textContent = "Nothing to show."; }
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
})();
</script>
</body>
</html>
"""

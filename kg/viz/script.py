# ruff: noqa: E501  (the script reads better unwrapped)
"""The page's own script: the network, tooltips, the side panel, search and filters.

A Jinja template included by ``template.PAGE``. Data arrives only through ``tojson``; every
string from the data reaches the page through ``textContent`` or a form control's
``value``, never as markup. Listeners are added here, so the page needs no inline handlers.
Filters flip ``hidden`` in the vis DataSets; nothing is drawn or laid out again.
"""

SCRIPT = r"""(function () {
  "use strict";
  var facts = {{ facts|tojson }};
  var classNames = {{ class_names|tojson }};
  var categoryNames = {{ category_names|tojson }};
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
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
  // The first screen: the shown nodes fitted, but never zoomed out so far that names are
  // too small to read (MIN_SCALE keeps a 16 px label at 12 px); pan or zoom out for the rest.
  var MIN_SCALE = {{ min_scale }};
  function firstView() {
    var shownIds = nodes.getIds({filter: function (n) { return !n.hidden; }});
    if (!shownIds.length) { return; }
    network.fit({nodes: shownIds, animation: false});
    if (network.getScale() < MIN_SCALE) {
      // too big for one readable screen: centre on the most connected nodes, which then fit
      // at MIN_SCALE whenever they fit at all (fitting them alone zooms in at least as far)
      var hubs = shownIds.slice().sort(function (a, b) {
        return network.getConnectedEdges(b).length - network.getConnectedEdges(a).length;
      }).slice(0, 5);
      network.fit({nodes: hubs, animation: false});
      network.moveTo({position: network.getViewPosition(), scale: MIN_SCALE, animation: false});
    }
  }
  function done() {
    network.setOptions({physics: false});
    firstView();
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

  // -- side panel ------------------------------------------------------------------------
  var panel = document.getElementById("kg-panel");
  var panelBody = document.getElementById("kg-panel-body");
  var toggle = document.getElementById("kg-panel-toggle");
  function setCollapsed(collapsed) {
    panel.classList.toggle("collapsed", collapsed);
    toggle.textContent = collapsed ? "◀" : "▶";
    toggle.setAttribute("aria-expanded", String(!collapsed));
  }
  toggle.addEventListener("click", function () { setCollapsed(!panel.classList.contains("collapsed")); });
  function clear() { while (panelBody.firstChild) { panelBody.removeChild(panelBody.firstChild); } }
  function hint() {
    clear();
    panelBody.appendChild(el("p", "kg-hint", "Click a node to see its facts and evidence."));
    window.kgPanelNode = null;
  }
  function link(id, text) {
    if (!id || !facts[id]) { return el("span", null, text); }
    var anchor = el("a", "kg-link", text);  // an in-page link: wraps like text, keyboard-focusable
    anchor.href = "#";
    anchor.setAttribute("role", "button");
    anchor.setAttribute("data-node", id);
    if (nodes.get(id).hidden) { anchor.classList.add("kg-hidden"); anchor.title = "hidden by the filters"; }
    anchor.addEventListener("click", function (e) { e.preventDefault(); select(id); });
    return anchor;
  }
  function row(key, value) {
    var line = el("div", "kg-row");
    line.appendChild(el("span", "kg-key", key));
    line.appendChild(document.createTextNode(" "));
    line.appendChild(typeof value === "string" ? el("span", null, value) : value);
    return line;
  }
  function list(tag, title, items, fill) {
    panelBody.appendChild(el("h3", null, title + " (" + items.length + ")"));
    var box = el(tag);
    items.forEach(function (item) { var li = el("li"); fill(li, item); box.appendChild(li); });
    panelBody.appendChild(box);
  }
  function conf(value) { return value === null || value === undefined ? null : "confidence " + value.toFixed(2); }
  function showEvent(f) {
    panelBody.appendChild(el("h2", null, f.type));
    panelBody.appendChild(el("p", "kg-sub", f.name));
    panelBody.appendChild(row("Date", f.date || "undated"));
    if (f.place) { panelBody.appendChild(row("Place", link(f.place[0], f.place[1]))); }
    panelBody.appendChild(row("Category", categoryNames[f.category] || f.category));
    var codes = [];
    if (f.cameo) { codes.push("CAMEO " + f.cameo); }
    if (f.goldstein !== null && f.goldstein !== undefined) { codes.push("Goldstein " + (f.goldstein > 0 ? "+" : "") + f.goldstein.toFixed(1)); }
    if (codes.length) { panelBody.appendChild(row("Codes", codes.join(" · "))); }
    if (f.confidence !== null && f.confidence !== undefined) { panelBody.appendChild(row("Confidence", f.confidence.toFixed(2) + " (best source)")); }
    list("ul", "Participants", f.who, function (li, w) {
      li.appendChild(link(w[0], w[1]));
      li.appendChild(el("span", "kg-role", " — " + w[2]));
    });
    list("ol", "Evidence", f.evidence, function (li, e) {
      li.appendChild(el("div", "kg-quote", "“" + (e[0] || "") + "”"));
      var source = [e[1], e[2], e[3], conf(e[4])].filter(function (x) { return x; });
      li.appendChild(el("div", "kg-src", source.join(" · ")));
    });
  }
  function showEntity(f) {
    panelBody.appendChild(el("h2", null, f.name));
    var meta = classNames[f.cls] || f.cls;
    if (f.country && f.country !== f.name) { meta += " · " + f.country; }
    panelBody.appendChild(el("p", "kg-sub", meta));
    if (f.aliases.length) { panelBody.appendChild(row("Also", f.aliases.join(", "))); }
    if (f.posts.length) { list("ul", "Posts", f.posts, function (li, post) { li.textContent = post; }); }
    list("ul", "Events", f.events, function (li, id) { li.appendChild(link(id, facts[id].name)); });
  }
  function show(id) {
    var f = facts[id];
    if (!f) { hint(); return; }
    clear();
    if (nodes.get(id).hidden) { panelBody.appendChild(el("p", "kg-warn", "Hidden by the filters above.")); }
    if (f.kind === "event") { showEvent(f); } else { showEntity(f); }
    panelBody.scrollTop = 0;
    window.kgPanelNode = id;
  }
  function select(id) {
    if (!facts[id]) { return false; }
    if (nodes.get(id).hidden) {
      network.unselectAll();
    } else {
      network.selectNodes([id]);
      network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 400, easingFunction: "easeInOutQuad"}});
    }
    show(id);
    setCollapsed(false);
    return true;
  }
  network.on("click", function (p) {
    if (p.nodes.length) { show(p.nodes[0]); setCollapsed(false); } else if (!p.edges.length) { hint(); }
  });

  // -- search: a datalist of every node's name -------------------------------------------
  var search = document.getElementById("kg-search");
  var datalist = document.getElementById("kg-names");
  var byName = {};
  var names = [];
  Object.keys(facts).sort(function (a, b) {
    return facts[a].name.localeCompare(facts[b].name) || (a < b ? -1 : 1);
  }).forEach(function (id) {
    var f = facts[id];
    var name = f.name;
    if (byName[name.toLowerCase()] !== undefined) { name += " (" + (f.kind === "event" ? f.type : classNames[f.cls] || f.cls) + ")"; }
    for (var i = 2; byName[name.toLowerCase()] !== undefined; i++) { name = f.name + " #" + i; }
    byName[name.toLowerCase()] = id;
    names.push(name);
    var option = document.createElement("option");
    option.value = name;
    datalist.appendChild(option);
  });
  function find(text, loose) {
    var key = text.trim().toLowerCase();
    if (!key) { return null; }
    if (byName[key] !== undefined) { return byName[key]; }
    if (!loose) { return null; }
    // best match: name starts with the text, then a word does, then it is inside; actors first
    var best = null, bestRank = 99;
    names.forEach(function (name) {
      var lower = name.toLowerCase(), at = lower.indexOf(key);
      if (at < 0) { return; }
      var id = byName[lower];
      var rank = (at === 0 ? 0 : /[\s(\-]/.test(lower.charAt(at - 1)) ? 2 : 4) + (facts[id].kind === "event" ? 1 : 0);
      if (rank < bestRank) { best = id; bestRank = rank; }
    });
    return best;
  }
  var searched = null;  // the text last acted on: leaving the box must not select it again
  function go(loose) {
    if (search.value === searched) { return; }
    var id = find(search.value, loose);
    search.classList.toggle("kg-notfound", loose && !!search.value.trim() && !id);
    if (id) { searched = search.value; select(id); }
  }
  search.addEventListener("input", function () { search.classList.remove("kg-notfound"); go(false); });
  search.addEventListener("change", function () { go(true); });
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); go(true); } });

  // -- filters: event categories and minimum confidence ----------------------------------
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#kg-categories input[type=checkbox]"));
  var slider = document.getElementById("kg-confidence");
  var sliderValue = document.getElementById("kg-confidence-value");
  var shown = document.getElementById("kg-shown");
  var ids = Object.keys(facts);
  var links = edges.get({fields: ["id", "from", "to"]});
  function filter() {
    var on = {};
    boxes.forEach(function (box) { on[box.value] = box.checked; });
    var least = parseFloat(slider.value);
    sliderValue.textContent = least.toFixed(2);
    var visible = {};
    ids.forEach(function (id) {
      var f = facts[id];
      if (f.kind !== "event" || on[f.category] === false) { return; }
      if (least > 0 && (f.confidence === null || f.confidence < least)) { return; }
      visible[id] = true;
      f.who.forEach(function (w) { visible[w[0]] = true; });
      if (f.place && f.place[0]) { visible[f.place[0]] = true; }
    });
    links.forEach(function (e) {  // a visible person's posts keep their organizations
      var a = facts[e.from], b = facts[e.to];
      if (a.kind === "entity" && b.kind === "entity") {
        if (visible[e.from] && a.cls === "Person") { visible[e.to] = true; }
        if (visible[e.to] && b.cls === "Person") { visible[e.from] = true; }
      }
    });
    var nodeChanges = [], edgeChanges = [], count = 0;
    nodes.forEach(function (n) {
      var hide = !visible[n.id];
      if (!hide) { count++; }
      if (!!n.hidden !== hide) { nodeChanges.push({id: n.id, hidden: hide}); }
    });
    edges.forEach(function (e) {
      var hide = !(visible[e.from] && visible[e.to]);
      if (!!e.hidden !== hide) { edgeChanges.push({id: e.id, hidden: hide}); }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    var selected = network.getSelectedNodes().filter(function (id) { return visible[id]; });
    if (selected.length) { network.selectNodes(selected); } else { network.unselectAll(); }
    var off = boxes.filter(function (box) { return !box.checked; }).map(function (box) { return box.parentNode.textContent.replace(/\s*\(\d+\)\s*$/, "").trim(); });
    shown.textContent = count === ids.length ? "" : "Showing " + count.toLocaleString("en") + " of " + ids.length.toLocaleString("en") + " nodes" + (off.length ? " (" + off.join(", ") + " hidden: tick to show)" : "");
    if (window.kgPanelNode) { show(window.kgPanelNode); }
  }
  boxes.forEach(function (box) { box.addEventListener("change", filter); });
  // while the slider is dragged, filter at most once a frame (2,000 nodes take ~0.15 s)
  var pending = false;
  slider.addEventListener("input", function () {
    sliderValue.textContent = parseFloat(slider.value).toFixed(2);
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () { pending = false; filter(); });
  });
  slider.addEventListener("change", filter);

  hint();
  filter();  // categories whose box starts unticked (statements) are hidden from the start
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgSelect = select;
})();
"""

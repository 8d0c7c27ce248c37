// Who talks about whom: a directed, weighted graph laid out by a small force simulation
// and drawn as SVG. Nodes can be dragged; clicking one shows its links and fades the rest.
// Data: <script type="application/json" id="network-data">{"nodes": [...], "edges": [...]}.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var dataNode = document.getElementById("network-data");
  var holder = document.getElementById("graph");
  if (!dataNode || !holder) return;
  var data = JSON.parse(dataNode.textContent);
  var info = document.getElementById("graph-info");
  var hint = info ? info.firstElementChild : null;  // shown again when nothing is selected

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  var width = 1000, height = 560, MAX_LABELS = 30;
  var nodes = data.nodes.map(function (n, i) {
    // Deterministic start on a circle so the same data gives the same picture.
    var a = 2 * Math.PI * i / Math.max(data.nodes.length, 1);
    return { id: n.id, name: n.label, type: n.type || "other", deg: 0,
      x: width / 2 + 220 * Math.cos(a), y: height / 2 + 200 * Math.sin(a), vx: 0, vy: 0 };
  });
  var byId = {};
  nodes.forEach(function (n) { byId[n.id] = n; });
  var edges = data.edges.filter(function (e) { return byId[e.source] && byId[e.target]; })
    .map(function (e) {
      byId[e.source].deg += e.reports;
      byId[e.target].deg += e.reports;
      // first/last are ISO date-times; the tooltip shows their day
      return { s: byId[e.source], t: byId[e.target], weight: e.reports,
        first: e.first && e.first.slice(0, 10), last: e.last && e.last.slice(0, 10),
        relations: e.relations || 0, score: e.mean_score };
    });

  function simulate(steps) {
    // Fruchterman-Reingold in a box: k is the ideal edge length for the space available.
    var k = Math.sqrt(width * height / Math.max(nodes.length, 1)) * 0.6;
    for (var step = 0; step < steps; step++) {
      var temp = (width / 12) * (1 - step / steps) + 1;
      nodes.forEach(function (a) { a.fx = 0; a.fy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          var d = Math.sqrt(d2), f = k * k / d;
          a.fx += dx / d * f; a.fy += dy / d * f; b.fx -= dx / d * f; b.fy -= dy / d * f;
        }
      }
      edges.forEach(function (e) {
        var dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = d * d / k;
        e.s.fx += dx / d * f; e.s.fy += dy / d * f; e.t.fx -= dx / d * f; e.t.fy -= dy / d * f;
      });
      nodes.forEach(function (n) {
        // A weak pull to the centre keeps unconnected parts from drifting into the walls.
        n.fx += (width / 2 - n.x) * 0.12; n.fy += (height / 2 - n.y) * 0.2;
        var f = Math.sqrt(n.fx * n.fx + n.fy * n.fy) + 0.01, move = Math.min(f, temp);
        n.x = Math.min(width - 60, Math.max(60, n.x + n.fx / f * move));
        n.y = Math.min(height - 30, Math.max(30, n.y + n.fy / f * move));
      });
    }
  }
  simulate(nodes.length > 150 ? 120 : 300);

  holder.textContent = "";
  if (!nodes.length) {
    holder.textContent = "Nobody talks about anybody in this period.";
    holder.className += " empty";
    return;
  }
  var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "img",
    "aria-label": "Who talks about whom" }, holder);
  var defs = el("defs", {}, svg);
  ["", "hot"].forEach(function (kind) {
    // Fixed-size arrowheads: by default markers scale with the (weighted) stroke width.
    var marker = el("marker", { id: "arrow" + kind, viewBox: "0 0 10 10", refX: 9, refY: 5,
      markerWidth: 11, markerHeight: 11, markerUnits: "userSpaceOnUse",
      orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: kind ? "#dc2626" : "#94a3b8" }, marker);
  });
  var maxW = Math.max.apply(null, edges.map(function (e) { return e.weight; }).concat([1]));
  var edgeLayer = el("g", {}, svg), nodeLayer = el("g", {}, svg);

  function radius(n) { return 4 + Math.min(Math.sqrt(n.deg) * 2.5, 18); }

  // Colour: the mean PLOVER score of the relations from s to t (green cooperation, red
  // conflict); grey when the statements carry no coded relation.
  function tone(e) {
    if (!e.relations || e.score === null || e.score === undefined) return "";
    if (e.score >= 5) return " coop2";
    if (e.score > 0) return " coop1";
    if (e.score <= -5) return " conf2";
    if (e.score < 0) return " conf1";
    return " neutral";
  }

  edges.forEach(function (e) {
    e.path = el("path", { "class": "edge" + tone(e), "marker-end": "url(#arrow)",
      "stroke-width": 1 + 5 * Math.log(1 + e.weight) / Math.log(1 + maxW) }, edgeLayer);
    var tip = el("title", {}, e.path);
    tip.textContent = e.s.name + " \u2192 " + e.t.name + ": " + e.weight +
      (e.weight === 1 ? " statement" : " statements") +
      (e.first ? " (" + e.first + (e.last && e.last !== e.first ? " \u2013 " + e.last : "") + ")" : "") +
      (e.relations ? "; " + e.relations + (e.relations === 1 ? " relation" : " relations") +
        ", mean score " + (e.score > 0 ? "+" : "") + e.score.toFixed(1) : "");
  });
  // With many nodes only the busiest are labelled; the rest show their name on hover
  // and when they are linked to the selected node.
  var labelled = {};
  nodes.slice().sort(function (a, b) { return b.deg - a.deg; }).slice(0, MAX_LABELS)
    .forEach(function (n) { labelled[n.id] = true; });
  nodes.forEach(function (n) {
    n.g = el("g", { "class": "node " + n.type + (labelled[n.id] ? " labelled" : "") }, nodeLayer);
    n.g.setAttribute("data-id", n.id);
    n.circle = el("circle", { r: radius(n) }, n.g);
    n.label = el("text", { dy: -radius(n) - 4, "text-anchor": "middle" }, n.g);
    n.label.textContent = n.name;
    var tip = el("title", {}, n.circle);
    tip.textContent = n.name;
  });

  function place() {
    edges.forEach(function (e) {
      var dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var rs = radius(e.s), rt = radius(e.t) + 3;
      var x1 = e.s.x + dx / d * rs, y1 = e.s.y + dy / d * rs;
      var x2 = e.t.x - dx / d * rt, y2 = e.t.y - dy / d * rt;
      // A slight curve keeps A→B and B→A apart.
      var cx = (x1 + x2) / 2 - dy / d * 18, cy = (y1 + y2) / 2 + dx / d * 18;
      e.path.setAttribute("d", "M" + x1 + "," + y1 + " Q" + cx + "," + cy + " " + x2 + "," + y2);
    });
    nodes.forEach(function (n) { n.g.setAttribute("transform", "translate(" + n.x + "," + n.y + ")"); });
  }
  place();

  function link(n) {
    var a = document.createElement("a");
    a.href = "/actors/" + encodeURIComponent(n.id);
    a.textContent = n.name;
    return a;
  }

  function listOf(title, items) {
    var box = document.createElement("div");
    var h = document.createElement("strong");
    h.textContent = title;
    box.appendChild(h);
    var ul = document.createElement("ul");
    items.sort(function (a, b) { return b.weight - a.weight; }).slice(0, 12).forEach(function (it) {
      var li = document.createElement("li");
      li.appendChild(link(it.node));
      li.appendChild(document.createTextNode(" (" + it.weight + ")"));
      ul.appendChild(li);
    });
    if (!items.length) {
      var li = document.createElement("li");
      li.textContent = "nobody";
      ul.appendChild(li);
    }
    box.appendChild(ul);
    return box;
  }

  // The selected node is part of the page's address, so a shared link shows the same view.
  function remember(n) {
    if (!window.history.replaceState) return;
    var url = new URL(window.location.href);
    if (n) url.searchParams.set("select", n.id); else url.searchParams.delete("select");
    window.history.replaceState(null, "", url);
  }

  var selected = null;
  function select(n) {
    selected = n;
    remember(n);
    nodes.forEach(function (m) { m.g.classList.remove("selected", "dim", "near"); });
    edges.forEach(function (e) {
      e.path.classList.remove("hot", "dim");
      e.path.setAttribute("marker-end", "url(#arrow)");
    });
    if (!info) return;
    if (!n) { info.replaceChildren(hint); return; }
    var near = {};
    near[n.id] = true;
    edges.forEach(function (e) {
      var touches = e.s === n || e.t === n;
      e.path.classList.add(touches ? "hot" : "dim");
      if (touches) { e.path.setAttribute("marker-end", "url(#arrowhot)"); near[e.s.id] = near[e.t.id] = true; }
    });
    nodes.forEach(function (m) { m.g.classList.add(near[m.id] ? "near" : "dim"); });
    n.g.classList.add("selected");
    info.textContent = "";
    var head = document.createElement("div");
    head.appendChild(link(n));
    info.appendChild(head);
    info.appendChild(listOf("Talks about", edges.filter(function (e) { return e.s === n; })
      .map(function (e) { return { node: e.t, weight: e.weight }; })));
    info.appendChild(listOf("Talked about by", edges.filter(function (e) { return e.t === n; })
      .map(function (e) { return { node: e.s, weight: e.weight }; })));
  }

  function point(ev) {
    var box = svg.getBoundingClientRect();
    return { x: (ev.clientX - box.left) * width / box.width, y: (ev.clientY - box.top) * height / box.height };
  }
  var dragging = null, moved = false;
  nodes.forEach(function (n) {
    n.g.addEventListener("pointerdown", function (ev) {
      dragging = n; moved = false;
      svg.setPointerCapture(ev.pointerId);
      ev.preventDefault();
    });
  });
  svg.addEventListener("pointermove", function (ev) {
    if (!dragging) return;
    var p = point(ev);
    dragging.x = p.x; dragging.y = p.y; moved = true;
    place();
  });
  svg.addEventListener("pointerup", function () {
    if (dragging && !moved) select(selected === dragging ? null : dragging);
    dragging = null;
  });
  svg.addEventListener("pointerdown", function (ev) {
    // A press on the empty background clears the selection (nodes handle their own).
    if (ev.target === svg) select(null);
  });
  var wanted = holder.getAttribute("data-selected");
  if (wanted && byId[wanted]) select(byId[wanted]);
})();

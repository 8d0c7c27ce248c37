// Who talks about whom: a directed, weighted graph laid out by a small force simulation
// and drawn as SVG. Nodes can be dragged (a dragged node stays pinned where it was put);
// clicking one shows its links, fades the rest, and offers to hide or pin it. Labels are
// placed where they overlap no other label or node, else shown only on hover.
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
      x: width / 2 + 220 * Math.cos(a), y: height / 2 + 200 * Math.sin(a), vx: 0, vy: 0,
      pinned: false, hidden: false };
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

  // Hidden nodes come from the address (hide=id,id), so a shared link hides them too.
  var pageUrl = new URL(window.location.href);
  (pageUrl.searchParams.get("hide") || "").split(",").forEach(function (id) {
    if (byId[id]) byId[id].hidden = true;
  });

  function simulate(steps) {
    // Fruchterman-Reingold in a box: k is the ideal edge length for the space available.
    // Only visible nodes take part; pinned ones push and pull but do not move.
    var live = nodes.filter(function (n) { return !n.hidden; });
    var links = edges.filter(function (e) { return !e.s.hidden && !e.t.hidden; });
    var k = Math.sqrt(width * height / Math.max(live.length, 1)) * 0.6;
    for (var step = 0; step < steps; step++) {
      var temp = (width / 12) * (1 - step / steps) + 1;
      live.forEach(function (a) { a.fx = 0; a.fy = 0; });
      for (var i = 0; i < live.length; i++) {
        for (var j = i + 1; j < live.length; j++) {
          var a = live[i], b = live[j];
          var dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          var d = Math.sqrt(d2), f = k * k / d;
          a.fx += dx / d * f; a.fy += dy / d * f; b.fx -= dx / d * f; b.fy -= dy / d * f;
        }
      }
      links.forEach(function (e) {
        var dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = d * d / k;
        e.s.fx += dx / d * f; e.s.fy += dy / d * f; e.t.fx -= dx / d * f; e.t.fy -= dy / d * f;
      });
      live.forEach(function (n) {
        if (n.pinned) return;
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

  // Label placement: for each labelled node, busiest first, the first spot (above, below,
  // right, left) where the label's box overlaps no label placed so far and no node; a
  // label with no free spot is shown only on hover or when its node is highlighted.
  var CHAR_W = 6.6, LINE_H = 13;
  function overlaps(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }
  function placeLabels() {
    var visible = nodes.filter(function (n) { return !n.hidden; });
    var taken = visible.map(function (n) {
      var r = radius(n);
      return { x1: n.x - r, x2: n.x + r, y1: n.y - r, y2: n.y + r, node: n };
    });
    visible.slice().sort(function (a, b) { return b.deg - a.deg; }).forEach(function (n) {
      var r = radius(n), w = n.name.length * CHAR_W, spots = [
        { dx: 0, dy: -r - 4, anchor: "middle" }, { dx: 0, dy: r + LINE_H, anchor: "middle" },
        { dx: r + 4, dy: 4, anchor: "start" }, { dx: -r - 4, dy: 4, anchor: "end" }];
      var chosen = null;
      for (var i = 0; i < spots.length && !chosen; i++) {
        var s = spots[i], left = s.anchor === "middle" ? n.x + s.dx - w / 2 : s.anchor === "start" ? n.x + s.dx : n.x + s.dx - w;
        var box = { x1: left, x2: left + w, y1: n.y + s.dy - LINE_H + 2, y2: n.y + s.dy + 2 };
        var free = box.x1 >= 0 && box.x2 <= width && box.y1 >= 0 && box.y2 <= height &&
          taken.every(function (t) { return t.node === n || !overlaps(box, t); });
        if (free) chosen = { spot: s, box: box };
      }
      var shown = n.g.classList.contains("labelled");
      if (chosen) {
        n.label.setAttribute("x", chosen.spot.dx);
        n.label.setAttribute("dy", chosen.spot.dy);
        n.label.setAttribute("text-anchor", chosen.spot.anchor);
        if (shown) taken.push(chosen.box);
      } else {
        n.label.setAttribute("x", 0);
        n.label.setAttribute("dy", -r - 4);
        n.label.setAttribute("text-anchor", "middle");
      }
      n.label.classList.toggle("hidden-label", !chosen);
    });
  }

  function showHidden() {
    var count = 0;
    nodes.forEach(function (n) { n.g.style.display = n.hidden ? "none" : ""; if (n.hidden) count++; });
    edges.forEach(function (e) { e.path.style.display = e.s.hidden || e.t.hidden ? "none" : ""; });
    var note = document.getElementById("hidden-note"), all = document.getElementById("show-all");
    if (note) { note.hidden = !count; note.textContent = count + (count === 1 ? " node hidden" : " nodes hidden"); }
    if (all) all.hidden = !count;
    var ids = nodes.filter(function (n) { return n.hidden; }).map(function (n) { return n.id; });
    if (window.history.replaceState) {
      var url = new URL(window.location.href);
      if (ids.length) url.searchParams.set("hide", ids.join(",")); else url.searchParams.delete("hide");
      window.history.replaceState(null, "", url);
    }
  }

  function relayout(steps) { simulate(steps); place(); placeLabels(); }
  place();
  placeLabels();
  showHidden();

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
    var actions = document.createElement("div");
    actions.className = "node-actions";
    [["Hide", "hide-node", function () { n.hidden = true; select(null); showHidden(); placeLabels(); }],
     [n.pinned ? "Unpin" : "Pin", "pin-node", function () { pin(n, !n.pinned); select(n); }]]
      .forEach(function (spec) {
        var b = document.createElement("button");
        b.type = "button"; b.className = "secondary small " + spec[1]; b.textContent = spec[0];
        b.addEventListener("click", spec[2]);
        actions.appendChild(b);
      });
    info.appendChild(actions);
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
  function pin(n, on) { n.pinned = on; n.g.classList.toggle("pinned", on); }
  svg.addEventListener("pointerup", function () {
    if (dragging && !moved) select(selected === dragging ? null : dragging);
    if (dragging && moved) { pin(dragging, true); placeLabels(); }
    dragging = null;
  });
  var again = document.getElementById("relayout"), every = document.getElementById("show-all");
  if (again) again.addEventListener("click", function () { relayout(150); });
  if (every) every.addEventListener("click", function () {
    nodes.forEach(function (n) { n.hidden = false; });
    showHidden();
    placeLabels();
  });
  svg.addEventListener("pointerdown", function (ev) {
    // A press on the empty background clears the selection (nodes handle their own).
    if (ev.target === svg) select(null);
  });
  var wanted = holder.getAttribute("data-selected");
  if (wanted && byId[wanted]) select(byId[wanted]);
})();

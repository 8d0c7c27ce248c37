// Statements over time: a bar chart drawn as SVG from a JSON block on the page.
// Reads <script type="application/json" data-chart="ID"> and draws into #ID.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function niceMax(v) {
    if (v <= 5) return Math.max(v, 1);
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }

  function draw(target, series) {
    var width = Math.max(target.clientWidth || 640, 320), height = 220;
    var m = { top: 12, right: 12, bottom: 44, left: 40 };
    var w = width - m.left - m.right, h = height - m.top - m.bottom;
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "Statements per period" });
    target.textContent = "";
    target.appendChild(svg);
    if (!series.length) {
      var t = el("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, svg);
      t.textContent = "No statements in this period";
      return;
    }
    var max = niceMax(Math.max.apply(null, series.map(function (d) { return d.count; })));
    var g = el("g", { transform: "translate(" + m.left + "," + m.top + ")" }, svg);
    var ticks = max <= 5 ? max : 4;
    for (var i = 0; i <= ticks; i++) {
      var value = max * i / ticks, y = h - h * i / ticks;
      el("line", { x1: 0, x2: w, y1: y, y2: y, "class": "grid" }, g);
      var label = el("text", { x: -6, y: y + 4, "text-anchor": "end" }, g);
      label.textContent = Number.isInteger(value) ? value : value.toFixed(1);
    }
    var band = w / series.length, barW = Math.max(Math.min(band * 0.8, 60), 2);
    var every = Math.ceil(series.length / Math.max(Math.floor(w / 70), 1));
    series.forEach(function (d, i) {
      var bh = h * d.count / max, x = i * band + (band - barW) / 2;
      // A bar with a url (search results) is a link narrowing the search to its period.
      var holder = d.url ? el("a", { href: d.url, "class": "bar-link" }, g) : g;
      if (d.url) holder.setAttribute("aria-label", d.period + ": " + d.count);
      var bar = el("rect", { x: x, y: h - bh, width: barW, height: Math.max(bh, 0), "class": "bar" }, holder);
      var tip = el("title", {}, bar);
      tip.textContent = d.period + ": " + d.count + (d.count === 1 ? " statement" : " statements");
      if (i % every === 0) {
        var lab = el("text", { x: i * band + band / 2, y: h + 16, "text-anchor": "middle" }, g);
        lab.textContent = d.period;
      }
    });
    el("line", { x1: 0, x2: w, y1: h, y2: h, "class": "axis" }, g);
  }

  document.querySelectorAll("script[data-chart]").forEach(function (node) {
    var target = document.getElementById(node.getAttribute("data-chart"));
    if (!target) return;
    var series = JSON.parse(node.textContent);
    draw(target, series);
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { draw(target, series); }, 150);
    });
  });
})();

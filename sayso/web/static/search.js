// The search page: names offered while typing (from /api/v1/suggest), "copy" for citations
// and for the link to the search. Everything works without it; this only saves steps.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  var active = -1, items = [], pending = null, asked = "";

  function close() {
    list.hidden = true; list.textContent = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false");
  }

  function go(url) { window.location.assign(url); }

  function option(actor, i) {
    var li = document.createElement("li");
    li.setAttribute("role", "option");
    li.id = "suggestion-" + i;
    li.className = "suggestion";
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = actor.name;
    var what = document.createElement("span");
    what.className = "muted small";
    what.textContent = " " + (actor.type || "actor").toLowerCase() +
      (actor.country ? " · " + actor.country : "") + " · " + actor.reports + " statements, mentioned " +
      actor.mentioned_in + "×";
    li.appendChild(name); li.appendChild(what);
    [["said by", actor.said_by, actor.reports], ["about", actor.about, actor.mentioned_in]].forEach(function (pair) {
      var a = document.createElement("a");
      a.href = pair[1]; a.textContent = pair[0]; a.className = "pick pick-" + pair[0].replace(" ", "-");
      if (!pair[2]) a.classList.add("none");
      li.appendChild(a);
    });
    // Choosing the name itself: what they said if they speak, else what is said of them.
    li.addEventListener("mousedown", function (event) {
      if (event.target.tagName === "A") return;
      event.preventDefault();
      go(actor.reports ? actor.said_by : actor.about);
    });
    li.dataset.url = actor.reports ? actor.said_by : actor.about;
    return li;
  }

  function show(actors) {
    list.textContent = "";
    items = actors.map(option);
    items.forEach(function (li) { list.appendChild(li); });
    active = -1;
    list.hidden = !items.length;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  function highlight(i) {
    items.forEach(function (li, j) { li.classList.toggle("active", i === j); });
    active = i;
    if (i >= 0) input.setAttribute("aria-activedescendant", items[i].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function lookUp() {
    var text = input.value.trim();
    if (text.length < 2 || /["\-]|\bOR\b/.test(text)) { close(); return; }
    if (text === asked) return;
    asked = text;
    fetch("/api/v1/suggest?limit=6&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { actors: [] }; })
      .then(function (data) { if (data.q === input.value.trim()) show(data.actors); })
      .catch(function () { close(); });
  }

  if (input && list) {
    input.addEventListener("input", function () {
      clearTimeout(pending);
      pending = setTimeout(lookUp, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, -1)); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); go(items[active].dataset.url); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function copy(text, button) {
    function done() {
      var was = button.textContent;
      button.textContent = "copied";
      setTimeout(function () { button.textContent = was; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", "");
    area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } catch (e) { /* the text stays selectable */ }
    document.body.removeChild(area);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy, button.copy-link");
    if (!button) return;
    if (button.classList.contains("copy-link")) {
      copy(new URL(button.getAttribute("data-copy-url"), window.location.href).href, button);
    } else {
      copy(button.parentNode.querySelector("textarea").value, button);
    }
  });
})();

// Article page: click (or focus + Enter) a highlighted statement to see who said it, how,
// and with what confidence. Quote data comes from a JSON block; nothing is eval'd and
// article text is only ever assigned through textContent.
(function () {
  "use strict";
  var dataNode = document.getElementById("quotes-data");
  var panel = document.getElementById("quote-details");
  if (!dataNode || !panel) return;
  var quotes = {};
  JSON.parse(dataNode.textContent).forEach(function (q) { quotes[q.qid] = q; });

  function row(dl, label, value, href) {
    if (value === null || value === undefined || value === "") return;
    var dt = document.createElement("dt");
    dt.textContent = label;
    var dd = document.createElement("dd");
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = value;
      dd.appendChild(a);
    } else {
      dd.textContent = value;
    }
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function show(id) {
    var q = quotes[id];
    if (!q) return;
    document.querySelectorAll(".quote.selected").forEach(function (el) {
      el.classList.remove("selected");
    });
    document.querySelectorAll('.quote[data-q="' + CSS.escape(id) + '"]').forEach(function (el) {
      el.classList.add("selected");
    });
    var body = panel.querySelector(".body");
    body.textContent = "";
    var h = document.createElement("h3");
    h.textContent = "Statement " + q.qid;
    body.appendChild(h);
    var dl = document.createElement("dl");
    row(dl, "Speaker", q.speaker_name || q.speaker_text || "unknown",
        q.speaker_key ? "/actors/" + encodeURIComponent(q.speaker_key) : null);
    if (q.speaker_name && q.speaker_text && q.speaker_text !== q.speaker_name) {
      row(dl, "Named as", "\u201c" + q.speaker_text + "\u201d");
    }
    if (q.corrected) {
      row(dl, "Corrected", "speaker set by hand", "/api/v1/corrections/" + encodeURIComponent(q.corrected));
    }
    row(dl, "Kind", q.kind);
    row(dl, "Confidence", typeof q.confidence === "number" ? q.confidence.toFixed(2) : null);
    row(dl, "Cue", q.cue);
    row(dl, "Inside", q.parent);
    row(dl, "Characters", q.start + "\u2013" + q.end);
    body.appendChild(dl);
    if (q.about_actors && q.about_actors.length) {
      var p = document.createElement("p");
      p.className = "small";
      p.textContent = "About: ";
      q.about_actors.forEach(function (a, i) {
        if (i) p.appendChild(document.createTextNode(", "));
        var link = document.createElement("a");
        link.href = "/actors/" + encodeURIComponent(a.id);
        link.textContent = a.name;
        p.appendChild(link);
      });
      body.appendChild(p);
    }
    var text = document.createElement("blockquote");
    text.className = "small";
    text.textContent = q.text;
    body.appendChild(text);
    if (panel.getAttribute("data-admin")) {
      var fix = document.createElement("a");
      fix.className = "button secondary small";
      fix.href = "/quotes/" + encodeURIComponent(q.article_id + ":" + q.qid) + "/speaker";
      fix.textContent = "Wrong speaker?";
      body.appendChild(fix);
    }
    if (history.replaceState) history.replaceState(null, "", "#" + encodeURIComponent(id));
  }

  function quoteOf(target) {
    // The innermost statement under the pointer: a nested quote wins over its parent.
    var el = target.closest ? target.closest(".quote") : null;
    return el ? el.getAttribute("data-q") : null;
  }

  document.addEventListener("click", function (ev) {
    var id = quoteOf(ev.target);
    if (id) show(id);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var id = quoteOf(ev.target);
    if (id) show(id);
  });
  var fromUrl = decodeURIComponent(location.hash.slice(1));
  if (fromUrl && quotes[fromUrl]) show(fromUrl);
})();

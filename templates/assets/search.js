// Search across themes and feedback with the index heed writes at build
// time (search/index.json). Every query word must appear in an entry.
(function () {
  "use strict";
  var form = document.querySelector("form[data-index]");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  if (!form || !input || !results) { return; }
  document.documentElement.className += " js";
  var entries = null;
  var limit = 50;

  function words(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function score(e, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      if (e.title.indexOf(t) >= 0) { total += 3; }
      else if (e.body.indexOf(t) >= 0) { total += 1; }
      else { return 0; }
    }
    return total + (e.k === "theme" ? 1 : 0);
  }

  function show(query) {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var terms = words(query);
    if (!terms.length) { status.textContent = entries.length + " themes and pieces of feedback to search."; return; }
    var found = [];
    for (var i = 0; i < entries.length; i++) {
      var s = score(entries[i], terms);
      if (s > 0) { found.push({ s: s, e: entries[i], i: i }); }
    }
    found.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
    status.textContent = found.length === 0 ? "Nothing found for \u201c" + query + "\u201d." :
      found.length + (found.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d" + (found.length > limit ? ", showing the first " + limit + "." : ".");
    for (var j = 0; j < found.length && j < limit; j++) {
      var e = found[j].e;
      var li = document.createElement("li");
      var a = document.createElement(e.u ? "a" : "span");
      if (e.u) { a.href = e.u; }
      a.textContent = e.t;
      li.appendChild(a);
      var p = document.createElement("p");
      p.textContent = (e.k === "theme" ? "Theme" : "Feedback") + (e.m ? " · " + e.m : "") + (e.s ? " — " + e.s : "");
      li.appendChild(p);
      results.appendChild(li);
    }
  }

  status.textContent = "Loading the search index\u2026";
  fetch(form.getAttribute("data-index"))
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      entries = data.entries.map(function (e) {
        e.title = words(e.t).join(" ");
        e.body = e.title + " " + words((e.s || "") + " " + (e.x || "")).join(" ");
        return e;
      });
      var q = new URLSearchParams(window.location.search).get("q") || "";
      input.value = q;
      show(q);
      input.addEventListener("input", function () {
        show(input.value);
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", window.location.pathname + (input.value ? "?q=" + encodeURIComponent(input.value) : ""));
        }
      });
      form.addEventListener("submit", function (ev) { ev.preventDefault(); show(input.value); });
    })
    .catch(function () { status.textContent = "The search index could not be loaded."; });
})();

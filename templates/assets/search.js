// Search across themes and feedback with the index heed writes at build
// time, split so that a query fetches only the files of its words
// (generator/render/search.go describes them): search/meta.json, then for
// each word the terms file that holds it (and, for the word being typed,
// the words it begins), for a word of five letters or more that is in no
// document the typo files of its one-letter variants, and the documents
// files of the results shown. Results are ranked by the sum of their
// words' scores (BM25, titles and themes weighted up); every word must
// match. What the index holds is put into the page as text, the matched
// words marked with <mark> elements, never as HTML.
(function () {
  "use strict";
  var form = document.querySelector("form[data-search]");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  if (!form || !input || !results || !status) { return; }
  document.documentElement.className += " js";
  // Opened from disk (file:), a browser fetches nothing.
  if (!window.fetch || window.location.protocol === "file:") {
    status.textContent = "Search needs the site to be served over HTTP (heed serve, or any static host). Browse the themes or the feedback list instead.";
    return;
  }
  var root = form.getAttribute("data-root") || "";
  var base = form.getAttribute("data-search");
  var shown = 20; // results shown at a time
  var typoMin = 5; // letters a word needs to be forgiven a typo
  var meta = null, stop = Object.create(null);

  var cache = {};
  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) { throw new Error(r.status + " for " + path); }
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  // fold makes a word as the index does: lower case, accents removed.
  function fold(w) {
    return w.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  var wordRE = /[\p{L}\p{N}][\p{L}\p{N}\p{Mn}]*/gu;
  function words(s) {
    var out = [], m;
    wordRE.lastIndex = 0;
    while ((m = wordRE.exec(s)) !== null) {
      var w = fold(m[0]);
      if (w && !stop[w]) { out.push(w); }
    }
    return out;
  }

  // file returns the number of the file whose range holds key: the last
  // whose first key is at most key.
  function file(firsts, key) {
    var lo = 0, hi = firsts.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= key) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return at;
  }

  function termFile(n) { return getJSON("t/" + n + ".json"); }

  // postings decodes a term's documents into scores by document, times
  // a factor (1 for the word itself, less for a longer word or a typo).
  function add(into, list, factor) {
    var doc = 0;
    for (var i = 0; i + 1 < list.length; i += 2) {
      doc += list[i];
      var s = list[i + 1] * factor;
      if (!(doc in into) || into[doc] < s) { into[doc] = s; }
    }
  }

  // oneEdit reports whether a and b are one typo apart: a letter wrong,
  // missing or added, or two neighbours swapped.
  function oneEdit(a, b) {
    if (a === b) { return false; }
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) { return false; }
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) { i++; }
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) { return true; }
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // match finds one query word: its scores by document and the terms that
  // matched (for highlighting). prefix also takes the words it begins.
  function match(word, prefix) {
    var first = file(meta.terms, word);
    var last = prefix ? Math.min(first + 2, file(meta.terms, word + "\uffff")) : first;
    var wanted = [];
    for (var n = first; n <= last; n++) { wanted.push(termFile(n)); }
    return Promise.all(wanted).then(function (files) {
      var scores = {}, terms = [];
      for (var f = 0; f < files.length; f++) {
        for (var t in files[f]) {
          if (t === word) { add(scores, files[f][t], 1); terms.push(t); }
          else if (prefix && t.lastIndexOf(word, 0) === 0) { add(scores, files[f][t], 0.8); terms.push(t); }
        }
      }
      if (terms.length || Array.from(word).length < typoMin) { return { scores: scores, terms: terms }; }
      return typos(word);
    });
  }

  // typos finds the terms one typo from word through the typo files: a
  // term is filed under itself and under itself less each letter.
  function typos(word) {
    var chars = Array.from(word), keys = [word];
    for (var i = 0; i < chars.length; i++) { keys.push(chars.slice(0, i).concat(chars.slice(i + 1)).join("")); }
    var files = {};
    keys.forEach(function (k) { files[file(meta.fuzzy, k)] = true; });
    return Promise.all(Object.keys(files).map(function (n) { return getJSON("f/" + n + ".json"); })).then(function (got) {
      var found = {};
      got.forEach(function (f) {
        keys.forEach(function (k) {
          (Object.prototype.hasOwnProperty.call(f, k) ? f[k] : []).forEach(function (t) {
            if (oneEdit(word, t)) { found[t] = true; }
          });
        });
      });
      var terms = Object.keys(found).slice(0, 5);
      return Promise.all(terms.map(function (t) { return termFile(file(meta.terms, t)); })).then(function (tf) {
        var scores = {};
        for (var i = 0; i < terms.length; i++) {
          if (Object.prototype.hasOwnProperty.call(tf[i], terms[i])) { add(scores, tf[i][terms[i]], 0.6); }
        }
        return { scores: scores, terms: terms };
      });
    });
  }

  // marked appends text to el, the words that matched in <mark>.
  function marked(el, text, terms) {
    var at = 0, m;
    wordRE.lastIndex = 0;
    while ((m = wordRE.exec(text)) !== null) {
      if (terms[fold(m[0])]) {
        if (m.index > at) { el.appendChild(document.createTextNode(text.slice(at, m.index))); }
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        el.appendChild(mark);
        at = m.index + m[0].length;
      }
    }
    if (at < text.length) { el.appendChild(document.createTextNode(text.slice(at))); }
  }

  function href(u) { return root + u; }

  var token = 0, ranked = [], terms = Object.create(null), done = 0;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "more";
  more.textContent = "Show more results";
  more.hidden = true;
  results.parentNode.insertBefore(more, results.nextSibling);

  function render(my) {
    var next = ranked.slice(done, done + shown);
    var files = {};
    next.forEach(function (d) { files[Math.floor(d / meta.per)] = true; });
    var names = Object.keys(files);
    return Promise.all(names.map(function (n) { return getJSON("d/" + n + ".json"); })).then(function (got) {
      if (my !== token) { return; }
      var byFile = {};
      for (var i = 0; i < names.length; i++) { byFile[names[i]] = got[i].docs; }
      next.forEach(function (d) {
        var e = byFile[Math.floor(d / meta.per)][d % meta.per];
        if (!e) { return; }
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = href(e.u);
        marked(a, e.t, terms);
        li.appendChild(a);
        var p = document.createElement("p");
        p.className = "result-meta";
        p.textContent = (e.k === "theme" ? "Theme" : "Feedback") + (e.m ? " · " + e.m : "");
        li.appendChild(p);
        if (e.s) {
          var s = document.createElement("p");
          marked(s, e.s, terms);
          li.appendChild(s);
        }
        results.appendChild(li);
      });
      done += next.length;
      more.hidden = done >= ranked.length;
    });
  }

  function show(q) {
    var my = ++token;
    var ws = words(q);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    more.hidden = true;
    if (!ws.length) {
      status.textContent = "Type a word to search the themes and the published feedback.";
      return Promise.resolve();
    }
    // The last word is still being typed unless a space follows it.
    var typing = !/\s$/.test(q);
    return Promise.all(ws.map(function (w, i) {
      return match(w, Array.from(w).length >= 2 && (i === ws.length - 1 ? typing : Array.from(w).length >= 3));
    })).then(function (found) {
      if (my !== token) { return; }
      found.sort(function (a, b) { return Object.keys(a.scores).length - Object.keys(b.scores).length; });
      var total = found[0].scores, sum = {};
      terms = Object.create(null);
      found.forEach(function (f) { f.terms.forEach(function (t) { terms[t] = true; }); });
      Object.keys(total).forEach(function (d) {
        var s = 0;
        for (var i = 0; i < found.length; i++) {
          if (!(d in found[i].scores)) { return; }
          s += found[i].scores[d];
        }
        sum[d] = s;
      });
      ranked = Object.keys(sum).map(Number).sort(function (a, b) { return sum[b] - sum[a] || a - b; });
      done = 0;
      return render(my).then(function () {
        if (my !== token) { return; }
        status.textContent = ranked.length === 0 ? "Nothing found for \u201c" + q + "\u201d." :
          ranked.length + (ranked.length === 1 ? " result" : " results") + " for \u201c" + q + "\u201d.";
      });
    });
  }

  function failed() { status.textContent = "The search index could not be loaded."; }

  status.textContent = "Loading the search index\u2026";
  getJSON("meta.json").then(function (m) {
    meta = m;
    (m.stop || []).forEach(function (w) { stop[w] = true; });
    var q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    show(q).catch(failed);
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        show(input.value).catch(failed);
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", window.location.pathname + (input.value ? "?q=" + encodeURIComponent(input.value) : ""));
        }
      }, 60);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); show(input.value).catch(failed); });
    more.addEventListener("click", function () { render(token).catch(failed); });
  }).catch(failed);
})();

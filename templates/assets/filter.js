// Filters of the feedback list. The list is complete without this script,
// over numbered pages; with it, a filter shows the matching feedback from
// every page. It fetches only what a filter needs: for each chosen value,
// feedback/filters/<facet>/<n>.json (the positions in the list of the items
// that have it), then the few feedback/rows/<k>.json that hold the first
// matches. Everything fetched is put into the page as text, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var pages = document.getElementById("item-pages");
  var count = document.getElementById("filter-count");
  // Opened from disk (file:), a browser fetches nothing: the pages list
  // everything and the form stays hidden.
  if (!form || !pages || !count || !window.fetch || window.location.protocol === "file:") { return; }
  var root = form.getAttribute("data-root") || "";
  var total = parseInt(form.getAttribute("data-total"), 10) || 0;
  var selects = form.querySelectorAll("select[data-filter]");
  var unfiltered = count.textContent;
  var chunk = 25; // items per rows file: rowChunk in generator/render/filters.go
  var batch = 25; // matches shown at a time

  var results = document.createElement("ul");
  results.className = "item-list";
  results.id = "filter-results";
  results.hidden = true;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "more";
  more.textContent = "Show more";
  more.hidden = true;
  pages.parentNode.insertBefore(results, pages.nextSibling);
  pages.parentNode.insertBefore(more, results.nextSibling);

  var cache = {};
  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) { throw new Error(r.status + " for " + path); }
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function positions(name, option) {
    return getJSON("feedback/filters/" + name + "/" + option + ".json").then(function (d) {
      var out = [], at = 0;
      for (var i = 0; i < d.gaps.length; i++) { at += d.gaps[i]; out.push(at); }
      return out;
    });
  }

  // intersect keeps what two sorted lists share.
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) { i++; } else if (a[i] > b[j]) { j++; } else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text) { e.textContent = text; }
    return e;
  }

  function link(rel, text) {
    var a = el("a", "", text);
    a.href = root + rel;
    return a;
  }

  // row makes what the item-row partial shows of an item, from its row.
  function row(r) {
    var li = el("li", "item-row");
    var title = el("p", "item-title");
    title.appendChild(link(r.u, r.t));
    li.appendChild(title);
    var meta = el("p", "item-meta");
    meta.appendChild(el("span", "status status-" + r.k, r.s));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(el("span", "tag", r.y));
    var tail = " via " + r.o + (r.c ? " · " + r.c : "") + (r.g ? " · " + r.g : "") + (r.n ? " · " + r.n + " people" : "") + " · ";
    meta.appendChild(document.createTextNode(tail));
    var time = el("time", "", r.dl);
    time.setAttribute("datetime", r.d);
    meta.appendChild(time);
    li.appendChild(meta);
    if (r.h && r.h.length) {
      var themes = el("p", "item-themes", "Themes: ");
      for (var i = 0; i < r.h.length; i++) {
        if (i) { themes.appendChild(document.createTextNode(", ")); }
        themes.appendChild(link(r.h[i][0], r.h[i][1]));
      }
      li.appendChild(themes);
    }
    return li;
  }

  var token = 0, matches = [], shown = 0;

  function showMore(my) {
    var next = matches.slice(shown, shown + batch);
    var files = {}, wanted = [];
    for (var i = 0; i < next.length; i++) {
      var k = Math.floor(next[i] / chunk);
      if (!files[k]) { files[k] = true; wanted.push(k); }
    }
    return Promise.all(wanted.map(function (k) { return getJSON("feedback/rows/" + k + ".json"); })).then(function (got) {
      if (my !== token) { return; }
      var byFile = {};
      for (var i = 0; i < wanted.length; i++) { byFile[wanted[i]] = got[i].rows; }
      for (var j = 0; j < next.length; j++) {
        var r = byFile[Math.floor(next[j] / chunk)][next[j] % chunk];
        if (r) { results.appendChild(row(r)); }
      }
      shown += next.length;
      more.hidden = shown >= matches.length;
    });
  }

  function apply(updateURL) {
    var active = [], query = new URLSearchParams();
    for (var i = 0; i < selects.length; i++) {
      if (selects[i].value) {
        active.push(selects[i]);
        query.set(selects[i].name, selects[i].value);
      }
    }
    if (updateURL && window.history && window.history.replaceState) {
      var q = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : ""));
    }
    var my = ++token;
    if (!active.length) {
      results.hidden = true;
      more.hidden = true;
      pages.hidden = false;
      count.textContent = unfiltered;
      return;
    }
    count.textContent = "Filtering\u2026";
    Promise.all(active.map(function (s) { return positions(s.name, s.selectedIndex - 1); })).then(function (lists) {
      if (my !== token) { return; }
      lists.sort(function (a, b) { return a.length - b.length; });
      var found = lists[0];
      for (var i = 1; i < lists.length; i++) { found = intersect(found, lists[i]); }
      matches = found;
      shown = 0;
      while (results.firstChild) { results.removeChild(results.firstChild); }
      pages.hidden = true;
      results.hidden = false;
      more.hidden = true;
      return showMore(my).then(function () {
        if (my !== token) { return; }
        count.textContent = found.length === 0 ? "No feedback matches these filters." :
          "Showing " + found.length + " of " + total + " pieces of feedback.";
      });
    }).catch(function () {
      if (my === token) { count.textContent = "The filters could not be loaded."; }
    });
  }

  var params = new URLSearchParams(window.location.search);
  for (var i = 0; i < selects.length; i++) {
    var wanted = params.get(selects[i].name);
    if (wanted) { selects[i].value = wanted; }
    selects[i].addEventListener("change", function () { apply(true); });
  }
  more.addEventListener("click", function () {
    var my = token;
    showMore(my).catch(function () { count.textContent = "The filters could not be loaded."; });
  });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply(false);
})();

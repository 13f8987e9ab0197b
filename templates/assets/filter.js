// Filters of the feedback list. The list is complete without this script;
// it only shows the filter form and hides the items that do not match.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("item-list");
  var count = document.getElementById("filter-count");
  if (!form || !list) { return; }
  var selects = form.querySelectorAll("select[data-filter]");
  var rows = list.querySelectorAll("li.item-row");
  var total = rows.length;

  function matches(row, name, value) {
    if (!value) { return true; }
    var have = (row.getAttribute("data-" + name) || "").split(" ");
    return have.indexOf(value) >= 0;
  }

  function apply(updateURL) {
    var shown = 0;
    var query = new URLSearchParams();
    for (var i = 0; i < rows.length; i++) {
      var ok = true;
      for (var j = 0; j < selects.length; j++) {
        ok = ok && matches(rows[i], selects[j].name, selects[j].value);
      }
      rows[i].hidden = !ok;
      if (ok) { shown++; }
    }
    for (var k = 0; k < selects.length; k++) {
      if (selects[k].value) { query.set(selects[k].name, selects[k].value); }
    }
    count.textContent = shown === total ? total + " pieces of feedback." : "Showing " + shown + " of " + total + " pieces of feedback.";
    if (updateURL && window.history && window.history.replaceState) {
      var q = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : ""));
    }
  }

  var params = new URLSearchParams(window.location.search);
  for (var i = 0; i < selects.length; i++) {
    var wanted = params.get(selects[i].name);
    if (wanted) { selects[i].value = wanted; }
    selects[i].addEventListener("change", function () { apply(true); });
  }
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply(false);
})();

// Pipeline filters: hide cards that do not match, recount each column.
// Without JavaScript the form stays hidden and every card is shown.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var board = document.querySelector(".board");
  if (!form || !board) { return; }
  form.hidden = false;
  var fields = ["owner", "team", "region", "size", "industry", "product"];
  var format = new Intl.NumberFormat(document.documentElement.lang || "en", { maximumFractionDigits: 0 });
  var base = board.getAttribute("data-base") || "";

  function matches(card, want, query) {
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i], v = want[f];
      if (!v) { continue; }
      if (f === "team") {
        var chain = (card.getAttribute("data-team") || "").split(" ");
        if (card.getAttribute("data-owner") !== v && chain.indexOf(v) < 0) { return false; }
      } else if (card.getAttribute("data-" + f) !== v) {
        return false;
      }
    }
    return !query || (card.getAttribute("data-search") || "").indexOf(query) >= 0;
  }

  function apply() {
    var want = {};
    fields.forEach(function (f) { var el = form.elements[f]; want[f] = el ? el.value : ""; });
    var query = (form.elements.q.value || "").trim().toLowerCase();
    var shown = 0, all = 0;
    board.querySelectorAll(".column").forEach(function (col) {
      var count = 0, total = 0, weighted = 0;
      col.querySelectorAll(".card").forEach(function (card) {
        all++;
        var ok = matches(card, want, query);
        card.hidden = !ok;
        if (ok) {
          count++; shown++;
          total += parseFloat(card.getAttribute("data-base") || "0");
          weighted += parseFloat(card.getAttribute("data-weighted") || "0");
        }
      });
      var c = col.querySelector(".count"), t = col.querySelector(".total"), w = col.querySelector(".weighted");
      if (c) { c.textContent = String(count); }
      if (t) { t.textContent = format.format(total) + " " + base; }
      if (w) { w.textContent = format.format(weighted) + " " + base; }
    });
    form.elements.shown.value = shown + " / " + all;
    var params = new URLSearchParams();
    fields.concat(["q"]).forEach(function (f) { var el = form.elements[f]; if (el && el.value) { params.set(f, el.value); } });
    var hash = params.toString();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", hash ? "#" + hash : window.location.pathname + window.location.search);
    }
  }

  // Restore filters from the address, so a filtered view can be shared.
  var initial = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  initial.forEach(function (value, key) { var el = form.elements[key]; if (el) { el.value = value; } });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();

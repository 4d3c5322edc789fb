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

// Needs attention: the same owner and team filters, over the deals of the
// list. Without JavaScript the form stays hidden and every deal is shown.
(function () {
  "use strict";
  var form = document.getElementById("attention-filters");
  if (!form) { return; }
  form.hidden = false;
  var groups = document.querySelectorAll(".attention-deal");
  var none = document.getElementById("attention-nomatch");

  function apply() {
    var owner = form.elements.owner.value, team = form.elements.team ? form.elements.team.value : "";
    var shown = 0;
    groups.forEach(function (g) {
      var chain = (g.getAttribute("data-team") || "").split(" ");
      var ok = (!owner || g.getAttribute("data-owner") === owner) &&
        (!team || g.getAttribute("data-owner") === team || chain.indexOf(team) >= 0);
      g.hidden = !ok;
      if (ok) { shown++; }
    });
    form.elements.shown.value = shown + " / " + groups.length;
    if (none) { none.hidden = shown > 0; }
    var params = new URLSearchParams();
    if (owner) { params.set("owner", owner); }
    if (team) { params.set("team", team); }
    var hash = params.toString();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", hash ? "#" + hash : window.location.pathname + window.location.search);
    }
  }

  // The filter is in the address: restored on load, and when the address
  // changes (a link, back and forward).
  function restore() {
    form.reset();
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    params.forEach(function (value, key) { var el = form.elements[key]; if (el) { el.value = value; } });
    apply();
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  window.addEventListener("hashchange", restore);
  restore();
})();

// Sortable tables: a click on a column's heading sorts the rows by it, a
// second click the other way. Cells sort by their data-v number when they
// have one (amounts are written for people, "1,2 Mio." or "120万"), else
// by a leading number, else as text. Without JavaScript the table keeps
// the order it was built in.
(function () {
  "use strict";
  function key(cell) {
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-v");
    if (v !== null && v !== "") { return parseFloat(v); }
    var t = (cell.textContent || "").trim();
    var n = parseFloat(t.replace(/,/g, ""));
    return isNaN(n) ? t.toLowerCase() : n;
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    if (typeof a === "number") { return -1; }
    if (typeof b === "number") { return 1; }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) { return; }
    Array.prototype.forEach.call(head.cells, function (th, col) {
      // The heading keeps its text (printed without the control); a small
      // button named after the column sorts, and so does a click anywhere
      // on the heading.
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.setAttribute("aria-label", (th.textContent || "").trim());
      button.textContent = "↕";
      th.appendChild(document.createTextNode(" "));
      th.appendChild(button);
      th.classList.add("sortable-head");
      th.addEventListener("click", function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var d = compare(key(a.cells[col]), key(b.cells[col]));
          return up ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();

// Stakeholder map: coverage lines on and off, and zoom in the map's
// scrollable frame. Without JavaScript the tools stay hidden, the lines
// show, and the map keeps its own size, scrolled in its frame.
(function () {
  "use strict";
  var step = 1.25, least = 0.2, most = 3;
  document.querySelectorAll("figure.map").forEach(function (figure) {
    var tools = figure.querySelector(".map-tools");
    var frame = figure.querySelector(".map-frame");
    var svg = frame && frame.querySelector("svg");
    if (!tools || !svg || !svg.viewBox || !svg.viewBox.baseVal) { return; }
    var width = svg.viewBox.baseVal.width, scale = 1;
    var shown = tools.querySelector("output");
    tools.hidden = false;

    // zoom keeps the point at the centre of the frame where it is.
    function zoom(to) {
      to = Math.min(most, Math.max(least, to));
      var cx = (frame.scrollLeft + frame.clientWidth / 2) / scale;
      var cy = (frame.scrollTop + frame.clientHeight / 2) / scale;
      scale = to;
      var px = Math.round(width * scale) + "px";
      svg.style.width = px;
      svg.style.minWidth = px;
      svg.style.maxWidth = px;
      frame.scrollLeft = cx * scale - frame.clientWidth / 2;
      frame.scrollTop = cy * scale - frame.clientHeight / 2;
      if (shown) { shown.value = Math.round(scale * 100) + "%"; }
    }
    tools.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-zoom]");
      if (!button) { return; }
      var how = button.getAttribute("data-zoom");
      zoom(how === "in" ? scale * step : how === "out" ? scale / step : 1);
    });
    var lines = tools.querySelector(".map-lines input");
    if (lines) {
      lines.addEventListener("change", function () { figure.classList.toggle("map-no-coverage", !lines.checked); });
    }
  });
})();

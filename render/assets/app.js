// The site's script: the filters of the Needs attention page and of the
// pipeline board, and the board's sorting, folding and table view.
// Without JavaScript the filter forms stay hidden and every deal is shown.
(function () {
  "use strict";

  // --- the view in the address ---------------------------------------------

  // bindView keeps a page's view in its address. The view is a form: each
  // field not at its value as built is a parameter of the address's
  // fragment (#owner=li-na&sort=amount-desc), so that a view can be shared. Every
  // change is a step of the browser's history; back and forward, a link
  // and an address edited by hand bring the view they name.
  //
  // apply(params) shows the view; keep names the fields that "Clear
  // filters" leaves as they are; lazy says that the page as built is the
  // empty view, so that nothing needs doing when the address has none;
  // prepare(params), when given, readies the form for a view before its
  // fields are set (adds a choice the view needs).
  function bindView(form, apply, keep, lazy, prepare) {
    var applied = lazy ? "" : null;
    // Each field and its value as the page is built, which the address
    // leaves out.
    var names = [], defaults = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.tagName !== "BUTTON" && el.tagName !== "OUTPUT" && names.indexOf(el.name) < 0) {
        names.push(el.name);
      }
    });
    names.forEach(function (name) {
      var el = form.elements[name];
      if (el.tagName === "SELECT") {
        var selected = Array.prototype.filter.call(el.options, function (o) { return o.defaultSelected; })[0] || el.options[0];
        defaults[name] = selected ? selected.value : "";
      } else if (el.tagName) {
        defaults[name] = el.defaultValue;
      } else {
        // Radio buttons: the one checked as built.
        defaults[name] = (Array.prototype.filter.call(el, function (r) { return r.defaultChecked; })[0] || { value: "" }).value;
      }
    });

    function read() {
      var params = new URLSearchParams();
      names.forEach(function (name) {
        var value = form.elements[name].value;
        if (value && value !== defaults[name]) { params.set(name, value); }
      });
      return params.toString();
    }

    // set puts a value in a field. A value the page does not offer (an
    // address edited by hand) is the field's value as built.
    function set(name, value) {
      var el = form.elements[name];
      if (!el.tagName) {
        var found = false;
        Array.prototype.forEach.call(el, function (r) { r.checked = r.value === value; found = found || r.checked; });
        if (!found && value !== defaults[name]) { set(name, defaults[name]); }
        return;
      }
      el.value = value;
      if (el.tagName === "SELECT" && el.value !== value) { el.value = defaults[name]; }
    }

    function write(state) {
      var params = new URLSearchParams(state);
      if (prepare) { prepare(params); }
      names.forEach(function (name) {
        var value = params.get(name);
        set(name, value === null ? defaults[name] : value);
      });
    }

    function show(state) {
      if (state !== applied) {
        applied = state;
        apply(new URLSearchParams(state));
      }
    }

    function here() { return window.location.hash.replace(/^#/, ""); }

    // commit shows the form's view and records it: as a new step of the
    // history, or in place of the current one.
    function commit(push) {
      var state = read();
      show(state);
      if (state === here()) { return; }
      var url = state ? "#" + state : window.location.pathname + window.location.search;
      if (push) {
        window.history.pushState(null, "", url);
      } else {
        window.history.replaceState(null, "", url);
      }
    }

    function restore() {
      write(here());
      show(read());
    }

    // Typing is one step of the history, recorded once it pauses.
    var typing = null, typed = false;
    function isText(el) { return el.type === "search" || el.type === "text" || el.type === "number"; }
    form.addEventListener("input", function (e) {
      if (!isText(e.target)) { return; }
      clearTimeout(typing);
      typing = setTimeout(function () { commit(!typed); typed = true; }, 150);
    });
    form.addEventListener("change", function () {
      clearTimeout(typing);
      commit(!typed);
      typed = false;
    });
    form.addEventListener("reset", function (e) {
      e.preventDefault();
      names.forEach(function (name) {
        if (keep.indexOf(name) < 0) { set(name, defaults[name]); }
      });
      commit(true);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      commit(true);
    });
    window.addEventListener("popstate", restore);
    window.addEventListener("hashchange", restore);
    form.hidden = false;
    restore();
    // state is the view shown, as the address writes it.
    return { commit: commit, state: function () { return applied || ""; } };
  }

  // inTeam reports whether an owner is in the team of a manager: the
  // manager themself, or anyone they are above (chain lists the managers
  // above the owner, nearest first, separated by spaces).
  function inTeam(owner, chain, team) {
    return owner === team || (" " + chain + " ").indexOf(" " + team + " ") >= 0;
  }

  // --- Needs attention -----------------------------------------------------

  (function () {
    var form = document.getElementById("attention-filters");
    if (!form) { return; }
    var groups = document.querySelectorAll(".attention-deal");
    var none = document.getElementById("attention-nomatch");
    bindView(form, function (params) {
      var owner = params.get("owner") || "", team = params.get("team") || "";
      var shown = 0;
      Array.prototype.forEach.call(groups, function (g) {
        var who = g.getAttribute("data-owner");
        var ok = (!owner || who === owner) && (!team || inTeam(who, g.getAttribute("data-team") || "", team));
        g.hidden = !ok;
        if (ok) { shown++; }
      });
      form.elements.shown.value = shown + " / " + groups.length;
      if (none) { none.hidden = shown > 0; }
    }, [], false);
  })();

  // --- the pipeline board --------------------------------------------------

  var boardEl = document.getElementById("board");
  var boardForm = document.getElementById("filters");
  if (!boardEl || !boardForm) { return; }

  var zh = /^zh/.test(document.documentElement.lang || "");
  var baseCurrency = boardEl.getAttribute("data-base") || "";
  var today = boardEl.getAttribute("data-today") || "";
  var isDate = /^\d{4}-\d{2}-\d{2}$/;
  var table = document.getElementById("deal-table");
  var tableHead = document.getElementById("deal-table-head");
  var noMatch = document.getElementById("board-nomatch");

  // Numbers as the site writes them (text.Number, text.Wan and
  // translator.money in Go): 1,234,567 USD; in Chinese 123.46万 USD.
  function group(n) {
    var s = String(Math.round(n)), neg = s.charAt(0) === "-";
    if (neg) { s = s.slice(1); }
    if (s === "0") { neg = false; }
    var out = "";
    for (var i = 0; i < s.length; i++) {
      if (i > 0 && (s.length - i) % 3 === 0) { out += ","; }
      out += s.charAt(i);
    }
    return (neg ? "-" : "") + out;
  }
  function wan(v) {
    var sign = "";
    if (v < 0) { sign = "-"; v = -v; }
    var p = 100, units = [[1e8, "亿"], [1e4, "万"]];
    for (var i = 0; i < units.length; i++) {
      if (v < units[i][0] && i < units.length - 1) { continue; }
      if (v < units[i][0]) { break; }
      var r = Math.round(v / units[i][0] * p) / p;
      if (i > 0 && r >= 1e4) {
        r = Math.round(v / units[i - 1][0] * p) / p;
        return sign + String(r) + units[i - 1][1];
      }
      return sign + String(r) + units[i][1];
    }
    if (Math.round(v) >= 1e4) { return sign + "1万"; }
    if (Math.round(v) === 0) { sign = ""; }
    return sign + group(v);
  }
  function money(v) {
    var s = zh ? wan(v) : group(v);
    return baseCurrency ? s + " " + baseCurrency : s;
  }

  // The filters' choices: a card names its owner, region, size, industry
  // and product by their index among them.
  function choices(name) {
    var el = boardForm.elements[name];
    return el ? Array.prototype.slice.call(el.options, 1) : [];
  }
  var owners = choices("owner"), regions = choices("region"), sizes = choices("size");
  var industries = choices("industry"), products = choices("product");
  var flagNames = {};
  choices("flag").forEach(function (o) { flagNames[o.value] = o.textContent; });

  var columns = Array.prototype.map.call(boardEl.querySelectorAll("details.column"), function (el, i) {
    var p = el.getAttribute("data-p");
    var figure = function (f) { return el.querySelector("summary [data-f=" + f + "]"); };
    return {
      el: el, index: i, key: el.getAttribute("data-key"), kind: el.getAttribute("data-kind"),
      p: p === null ? null : parseFloat(p), name: el.querySelector("h2").textContent,
      list: el.querySelector("ol"), defaultOpen: el.open, deals: null,
      n: figure("n"), t: figure("t"), w: figure("w")
    };
  });
  var allCount = +boardEl.getAttribute("data-n");
  boardForm.elements.shown.value = group(allCount) + " / " + group(allCount);

  // A column shows at most cap cards, the first of those its view
  // matches, and says how many more there are, with a button that shows
  // them all. As built, a long column shows its first cards and a link to
  // its own pages; the rest of its cards are in the board's companion
  // script (data-more), loaded when a view first needs every deal (a
  // filter, a sort, the table) or the link is followed. It calls
  // dealsBoardMore with the cards' markup by column, as the build wrote it
  // for the page: a card is read from its markup and made an element only
  // when it is shown or its words are needed, since parsing thousands of
  // cards takes longer than the view.
  var cap = +boardEl.getAttribute("data-cap") || Infinity;
  var moreSrc = boardEl.getAttribute("data-more");
  var complete = !moreSrc, waiting = null;
  columns.forEach(function (c) { c.cards = Array.prototype.slice.call(c.list.children); });
  function loadAll(then) {
    if (complete) { then(); return; }
    if (waiting) { waiting.push(then); return; }
    waiting = [then];
    boardEl.setAttribute("aria-busy", "true");
    window.dealsBoardMore = function (more) {
      columns.forEach(function (c) {
        if (more[c.key]) { c.cards = c.cards.concat(more[c.key]); }
      });
      complete = true;
      deals = null;
    };
    var script = document.createElement("script");
    script.src = moreSrc;
    script.onload = script.onerror = function () {
      var then = waiting;
      waiting = null;
      if (complete) {
        then.forEach(function (f) { f(); });
      } else {
        // Without every card the filters' counts and totals would be
        // wrong: the board stays as built, each column's link still
        // leads to its pages.
        document.getElementById("board-failed").hidden = false;
        boardForm.hidden = true;
      }
      boardEl.removeAttribute("aria-busy");
    };
    document.head.appendChild(script);
  }
  // expand shows every card of a column the view matches, and gives the
  // first of those it did not show the focus.
  function expand(c) {
    var first = c.list.children.length;
    loadAll(function () {
      c.expanded = true;
      applyBoard(new URLSearchParams(view.state()), true);
      var next = c.list.children[first];
      if (next) { next.querySelector("a").focus(); }
    });
  }
  var moreWords = boardEl.getAttribute("data-l-more") || "", allWords = boardEl.getAttribute("data-l-all") || "";
  // A long column's link as built shows the rest of its cards in place;
  // the first view replaces it (showMore).
  columns.forEach(function (c) {
    c.built = c.el.querySelector(".more");
    if (c.built) {
      c.built.querySelector("a").addEventListener("click", function (e) {
        e.preventDefault();
        expand(c);
      });
    }
  });
  // showMore says under a column how many of the cards its view matches
  // it shows, with the button that shows them all; nothing when it shows
  // all.
  function showMore(c, shown, n) {
    if (c.built) {
      c.built.remove();
      c.built = null;
    }
    if (shown >= n) {
      if (c.more) { c.more.hidden = true; }
      return;
    }
    if (!c.more) {
      c.more = document.createElement("p");
      c.more.className = "more";
      c.more.appendChild(document.createElement("span"));
      c.more.appendChild(document.createTextNode(" "));
      var button = document.createElement("button");
      button.type = "button";
      button.addEventListener("click", function () { expand(c); });
      c.more.appendChild(button);
      c.el.appendChild(c.more);
    }
    c.more.hidden = false;
    c.more.firstChild.textContent = moreWords.replace("{shown}", group(shown)).replace("{count}", group(n));
    c.more.lastChild.textContent = allWords.replace("{count}", group(n));
  }
  // needsAll says whether a view needs every card: anything but which
  // columns are open.
  function needsAll(params) {
    var all = false;
    params.forEach(function (value, name) { all = all || name !== "open"; });
    return all;
  }

  // A deal as its card tells it. Cards are read on first use (a page
  // opened without a view in its address does not need them), and what
  // only the table and the search need of a card is read when they do.
  function option(list, i) { return i === "-" ? null : list[+i] || null; }
  // readCard reads a card: an element, or its markup (cardOf).
  function readCard(card, column, order) {
    if (typeof card === "string") { return cardOf(card, column, order); }
    var kids = card.children, flags = [];
    if (kids[5]) {
      for (var i = 0; i < kids[5].children.length; i++) { flags.push(kids[5].children[i].className.split(" ")[1]); }
    }
    return dealOf(card, null, card.getAttribute("data-v"), kids[2].textContent, flags, column, order);
  }
  // cardOf reads a card from its markup as the card template writes it:
  // <li data-v="V"><p>account</p><a href=PAGE>title</a><p>amount · close
  // · owner</p>… and its flags, <ul><li class="SEVERITY KIND"></li>…</ul>,
  // last. Text in it is escaped, so none of these marks can be text.
  var flagPattern = /<li class="[a-z] ([A-Za-z]+)">/g;
  function cardOf(html, column, order) {
    var facts = html.indexOf("</a><p>") + 7, end = html.indexOf("</p>", facts);
    var flags = [], list = html.indexOf("<ul>", end), m;
    if (list >= 0) {
      flagPattern.lastIndex = list;
      while ((m = flagPattern.exec(html))) { flags.push(m[1]); }
    }
    return dealOf(null, html, html.slice(12, html.indexOf('"', 12)), unescapeHTML(html.slice(facts, end)), flags, column, order);
  }
  function unescapeHTML(s) {
    if (s.indexOf("&") < 0) { return s; }
    return s.replace(/&(#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g, function (all, e) {
      switch (e) {
        case "amp": return "&";
        case "lt": return "<";
        case "gt": return ">";
        case "quot": return '"';
        case "apos": return "'";
      }
      return String.fromCodePoint(e.charAt(1) === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    });
  }
  // elements makes the cards of deals read from markup elements, all in
  // one parse.
  function elements(list) {
    var need = list.filter(function (d) { return !d.li; });
    if (need.length === 0) { return; }
    var parsed = document.createElement("template");
    parsed.innerHTML = need.map(function (d) { return d.html; }).join("");
    var made = parsed.content.children;
    for (var i = 0; i < need.length; i++) {
      need[i].li = made[i];
      need[i].html = null;
    }
  }
  function dealOf(li, html, data, factsText, flags, column, order) {
    var v = data.split(" ");
    var cents = v[7] === "x" ? null : +v[7];
    var close = factsText.split(" · ")[1] || "";
    var d = {
      li: li, html: html, column: column, order: order,
      owner: option(owners, v[0]), region: option(regions, v[1]), size: option(sizes, v[2]),
      industry: option(industries, v[3]), product: option(products, v[4]),
      score: +v[5], days: v[6] === "-" ? null : +v[6], cents: cents,
      amount: v.length > 8 ? +v[8] : (cents === null ? null : cents / 100),
      weighted: cents === null || column.p === null ? null : cents * column.p / 100,
      close: isDate.test(close) ? close : "", flags: flags, search: null, read: false
    };
    d.ownerName = d.owner ? d.owner.textContent : "";
    return d;
  }
  // readText adds the card's words to a deal: for the table, the CSV and
  // the sorts by them.
  function readText(d) {
    if (d.read) { return d; }
    elements([d]);
    var kids = d.li.children, link = kids[1];
    d.read = true;
    d.account = kids[0].textContent;
    d.title = link.textContent;
    d.href = link.getAttribute("href");
    d.amountText = kids[2].textContent.split(" · ")[0];
    d.currency = d.amount ? d.amountText.slice(d.amountText.lastIndexOf(" ") + 1) : "";
    d.next = "";
    d.nextDate = "";
    d.dm = d.coach = null;
    if (kids.length > 4) {
      var next = kids[3];
      if (!next.classList.contains("no")) {
        var text = next.textContent, at = text.lastIndexOf(" · ");
        if (at >= 0 && isDate.test(text.slice(at + 3))) {
          d.next = text.slice(0, at);
          d.nextDate = text.slice(at + 3);
        } else {
          d.next = text;
        }
      }
      d.dm = kids[4].classList.contains("d");
      d.coach = kids[4].classList.contains("c");
    }
    return d;
  }
  // searchText is what the search looks in: the card's text (account,
  // title, amount, close date, owner, next step), the owner's id and the
  // deal's page.
  function searchText(d) {
    if (d.search === null) {
      var text, href;
      if (d.li) {
        text = d.li.textContent;
        href = d.li.children[1].getAttribute("href");
      } else {
        text = unescapeHTML(d.html.replace(/<[^>]*>/g, ""));
        var at = d.html.indexOf('<a href="') + 9;
        href = unescapeHTML(d.html.slice(at, d.html.indexOf('"', at)));
      }
      d.search = (text + " " + (d.owner ? d.owner.value : "") + " " + href).toLowerCase();
    }
    return d.search;
  }
  var deals = null;
  function readDeals() {
    if (deals) { return deals; }
    deals = [];
    columns.forEach(function (c) {
      c.sorted = null;
      c.deals = c.cards.map(function (li) {
        var d = readCard(li, c, deals.length);
        deals.push(d);
        return d;
      });
    });
    return deals;
  }

  // closePeriod says when a close date falls, counted from the build's
  // today: before it, this month, this quarter, next quarter, later.
  function quarterOf(date) { return (+date.slice(0, 4)) * 4 + Math.floor((+date.slice(5, 7) - 1) / 3); }
  function inPeriod(close, period) {
    if (period === "none") { return !close; }
    if (!close) { return false; }
    if (period === "past") { return close < today; }
    if (close < today) { return false; }
    var q = quarterOf(close), now = quarterOf(today);
    switch (period) {
      case "month": return close.slice(0, 7) === today.slice(0, 7);
      case "quarter": return q === now;
      case "next": return q === now + 1;
      case "later": return q > now + 1;
    }
    return true;
  }

  function filtersOf(params) {
    var number = function (name) {
      var v = params.get(name);
      return v === null || v === "" || isNaN(parseFloat(v)) ? null : parseFloat(v);
    };
    return {
      q: (params.get("q") || "").trim().toLowerCase(), owner: params.get("owner") || "", team: params.get("team") || "",
      region: params.get("region") || "", size: params.get("size") || "", industry: params.get("industry") || "",
      product: params.get("product") || "", flag: params.get("flag") || "", close: params.get("close") || "",
      min: number("min"), max: number("max")
    };
  }
  function is(o, want) { return !want || (o !== null && o.value === want); }
  function matches(d, f) {
    if (!is(d.owner, f.owner) || !is(d.region, f.region) || !is(d.size, f.size) ||
      !is(d.industry, f.industry) || !is(d.product, f.product)) { return false; }
    if (f.team && !(d.owner && inTeam(d.owner.value, d.owner.getAttribute("data-team") || "", f.team))) { return false; }
    if (f.flag && (f.flag === "any" ? d.flags.length === 0 : d.flags.indexOf(f.flag) < 0)) { return false; }
    if (f.close && !inPeriod(d.close, f.close)) { return false; }
    if (f.min !== null && (d.cents === null || d.cents < f.min * 100)) { return false; }
    if (f.max !== null && (d.cents === null || d.cents > f.max * 100)) { return false; }
    return !f.q || searchText(d).indexOf(f.q) >= 0;
  }

  // Sorting: by a key, up or down; what a deal lacks (no date, no amount,
  // unknown days) comes last either way, and ties keep the board's order.
  var keys = {
    title: function (d) { return readText(d).title.toLowerCase(); },
    account: function (d) { return readText(d).account.toLowerCase(); },
    stage: function (d) { return d.column.index; },
    owner: function (d) { return d.ownerName.toLowerCase(); },
    amount: function (d) { return d.cents; },
    currency: function (d) { return readText(d).currency || null; },
    base: function (d) { return d.cents; },
    weighted: function (d) { return d.weighted; },
    close: function (d) { return d.close || null; },
    days: function (d) { return d.days; },
    next: function (d) { return readText(d).next.toLowerCase() || null; },
    nextDate: function (d) { return readText(d).nextDate || null; },
    dm: function (d) { return readText(d).dm; },
    coach: function (d) { return readText(d).coach; },
    score: function (d) { return d.score; },
    flags: function (d) { return d.flags.length; },
    page: function (d) { return readText(d).href; }
  };
  // The sorts by a card's words, which need its element.
  var byWords = { title: 1, account: 1, currency: 1, next: 1, nextDate: 1, dm: 1, coach: 1, page: 1 };
  function sortOf(value) {
    var m = /^([A-Za-z]+)(?:-(asc|desc))?$/.exec(value || "");
    if (!m || !keys[m[1]]) { return null; }
    return { key: m[1], down: m[2] === "desc" };
  }
  function comparator(sort) {
    if (!sort) {
      return function (a, b) { return a.order - b.order; };
    }
    var key = keys[sort.key], sign = sort.down ? -1 : 1;
    return function (a, b) {
      var x = key(a), y = key(b);
      if (x === null || y === null) {
        if (x !== y) { return x === null ? 1 : -1; }
      } else if (x < y) {
        return -sign;
      } else if (x > y) {
        return sign;
      }
      return a.order - b.order;
    };
  }

  // The columns open by the view: open=KEY,KEY lists them when they are
  // not the board's own (open stages open, won and lost folded); "-" for
  // none.
  function openKeys() {
    var open = [], same = true;
    columns.forEach(function (c) {
      if (c.el.open) { open.push(c.key); }
      if (c.el.open !== c.defaultOpen) { same = false; }
    });
    if (same) { return ""; }
    return open.length ? open.join(",") : "-";
  }
  columns.forEach(function (c) {
    c.el.addEventListener("toggle", function () {
      // A column the view opened or folded is the view already.
      if (c.toggled) {
        c.toggled = false;
        return;
      }
      var value = openKeys();
      if (boardForm.elements.open.value !== value) {
        boardForm.elements.open.value = value;
        view.commit(true);
      }
    });
  });

  var sortedBy = "", pending = null;
  // applyBoard shows a view. A column's "show all" keeps its column
  // showing all until the view changes; kept says it did not.
  function applyBoard(params, kept) {
    var open = params.get("open");
    var openList = open ? open.split(",") : null;
    columns.forEach(function (c) {
      var want = openList ? openList.indexOf(c.key) >= 0 : c.defaultOpen;
      if (c.el.open !== want) {
        c.toggled = true;
        c.el.open = want;
      }
    });
    if (!complete) {
      // The board as built is the view until one needs every card; the
      // view asked for while they load is the one shown once they are.
      if (!needsAll(params)) { return; }
      if (pending === null) {
        loadAll(function () {
          var latest = pending;
          pending = null;
          applyBoard(latest);
        });
      }
      pending = params;
      return;
    }
    readDeals();
    var f = filtersOf(params);

    var sortValue = params.get("sort") || "";
    var sort = sortOf(sortValue);
    var cmp = comparator(sort);
    if (sortValue !== sortedBy) {
      columns.forEach(function (c) { c.sorted = null; });
    }
    sortedBy = sortValue;

    var shown = [];
    var totals = { open: [0, 0, 0], won: [0, 0], lost: [0, 0], unconverted: 0 };
    columns.forEach(function (c) {
      var n = 0, cents = 0, cards = [];
      if (!kept) { c.expanded = false; }
      var limit = c.expanded ? Infinity : cap;
      if (!c.sorted) {
        if (sort && byWords[sort.key]) { elements(c.deals); }
        c.sorted = sort ? c.deals.slice().sort(cmp) : c.deals;
      }
      c.sorted.forEach(function (d) {
        if (!matches(d, f)) { return; }
        n++;
        shown.push(d);
        if (cards.length < limit) { cards.push(d); }
        if (d.cents !== null) {
          cents += d.cents;
        } else if (c.kind === "open") {
          totals.unconverted++;
        }
      });
      // The list is changed out of the page and put back: Chromium
      // otherwise lays out again every card that comes or goes.
      var place = c.list.nextSibling;
      c.list.remove();
      elements(cards);
      c.list.replaceChildren.apply(c.list, cards.map(function (d) { return d.li; }));
      c.el.insertBefore(c.list, place);
      showMore(c, cards.length, n);
      // As the build sums them: cents, and the weighted total from the
      // column's sum.
      var weighted = c.p === null ? 0 : cents * c.p / 100 / 100;
      if (c.n) { c.n.textContent = group(n); }
      if (c.t) { c.t.textContent = money(cents / 100); }
      if (c.w) { c.w.textContent = money(weighted); }
      var t = totals[c.kind];
      if (t) {
        t[0] += n;
        t[1] += cents;
        if (c.kind === "open") { t[2] += weighted; }
      }
    });
    var figures = {
      "open-n": group(totals.open[0]), "open-t": money(totals.open[1] / 100), "open-w": money(totals.open[2]),
      "won-n": group(totals.won[0]), "won-t": money(totals.won[1] / 100),
      "lost-n": group(totals.lost[0]), "lost-t": money(totals.lost[1] / 100), "x-n": group(totals.unconverted)
    };
    Array.prototype.forEach.call(document.querySelectorAll("#board-totals [data-f], #board-unconverted [data-f]"), function (el) {
      el.textContent = figures[el.getAttribute("data-f")];
    });
    var unconverted = document.getElementById("board-unconverted");
    if (unconverted) { unconverted.hidden = totals.unconverted === 0; }
    boardForm.elements.shown.value = group(shown.length) + " / " + group(deals.length);


    var asTable = params.get("view") === "table";
    noMatch.hidden = shown.length > 0;
    boardEl.hidden = asTable || shown.length === 0;
    table.hidden = !asTable || shown.length === 0;
    if (asTable) {
      shown.sort(sort ? cmp : function (a, b) { return a.order - b.order; });
      renderTable(shown, sort);
    }
  }

  // offerSort makes sure the sort field can show the view's order: a
  // table column sorted by its header has no option of its own.
  function offerSort(value, sort) {
    var select = boardForm.elements.sort;
    if (!sort || select.querySelector("option:not([data-extra])[value='" + value + "']")) { return; }
    var th = sort && tableHead.content.querySelector("th[data-key=" + sort.key + "]");
    if (!th) { return; }
    var extra = select.querySelector("option[data-extra]");
    if (!extra) {
      extra = document.createElement("option");
      extra.setAttribute("data-extra", "");
      select.appendChild(extra);
    }
    extra.value = value;
    extra.textContent = th.textContent + (sort.down ? " ↓" : " ↑");
    select.value = value;
  }

  // --- the table view and its CSV --------------------------------------------

  var shownRows = [];
  var words = tableHead.content.querySelector("table");
  function yesNo(v) { return v === null ? "" : words.getAttribute(v ? "data-yes" : "data-no"); }
  function flagsText(d, sep) { return d.flags.map(function (k) { return flagNames[k] || k; }).join(sep); }
  // cells are a deal's values in the table (text, or a node) and in CSV.
  var cells = {
    title: function (d, csv) {
      if (csv) { return d.title; }
      var a = document.createElement("a");
      a.href = d.href;
      a.textContent = d.title;
      return a;
    },
    account: function (d) { return d.account; },
    stage: function (d) { return d.column.name; },
    owner: function (d) { return d.ownerName; },
    amount: function (d, csv) { return csv ? (d.amount ? String(d.amount) : "") : d.amountText; },
    currency: function (d) { return d.currency; },
    base: function (d, csv) { return d.cents === null ? "" : csv ? (d.cents / 100).toFixed(2) : money(d.cents / 100); },
    weighted: function (d, csv) { return d.weighted === null ? "" : csv ? (d.weighted / 100).toFixed(2) : money(d.weighted / 100); },
    close: function (d) { return d.close; },
    days: function (d, csv) { return d.days === null ? (csv ? "" : words.getAttribute("data-unknown")) : String(d.days); },
    next: function (d) { return d.next; },
    nextDate: function (d) { return d.nextDate; },
    dm: function (d) { return yesNo(d.dm); },
    coach: function (d) { return yesNo(d.coach); },
    score: function (d, csv) {
      if (csv) { return String(d.score); }
      var s = document.createElement("span");
      s.className = "s" + Math.floor(Math.min(Math.max(d.score, 0), 100) / 10);
      s.textContent = d.score + "%";
      return s;
    },
    flags: function (d, csv) { return flagsText(d, csv ? "; " : ", "); },
    page: function (d) { return new URL(d.href, window.location.href).href; }
  };
  var headers = Array.prototype.map.call(words.querySelectorAll("th"), function (th) {
    return { key: th.getAttribute("data-key"), label: th.textContent, csvOnly: th.hasAttribute("data-csv"), num: th.classList.contains("num") };
  });

  var built = null;
  function renderTable(rows, sort) {
    shownRows = rows;
    if (!built) {
      built = words.cloneNode(false);
      var thead = document.createElement("thead"), tr = document.createElement("tr");
      headers.forEach(function (h) {
        if (h.csvOnly) { return; }
        var th = document.createElement("th");
        th.scope = "col";
        th.setAttribute("data-key", h.key);
        if (h.num) { th.className = "num"; }
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = h.label;
        button.addEventListener("click", function () { sortBy(h.key); });
        th.appendChild(button);
        tr.appendChild(th);
      });
      thead.appendChild(tr);
      built.appendChild(thead);
      built.appendChild(document.createElement("tbody"));
      table.querySelector(".table-wrap").appendChild(built);
    }
    Array.prototype.forEach.call(built.querySelectorAll("thead th"), function (th) {
      if (sort && th.getAttribute("data-key") === sort.key) {
        th.setAttribute("aria-sort", sort.down ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    var body = document.createElement("tbody");
    built.replaceChild(body, built.tBodies[0]);
    more(body, 0);
  }

  // more adds the next rows of the table from row from on, and the rest
  // once the last of them scrolls into view: a table of 10,000 rows at
  // once would take the browser seconds to lay out.
  var tableRows = 200, watching = null;
  function more(body, from) {
    if (watching) { watching.disconnect(); watching = null; }
    var rows = shownRows, end = Math.min(rows.length, from + tableRows);
    elements(rows.slice(from, end));
    var fragment = document.createDocumentFragment();
    for (var i = from; i < end; i++) {
      var d = rows[i], tr = document.createElement("tr");
      headers.forEach(function (h) {
        if (h.csvOnly) { return; }
        var td = document.createElement("td"), v = cells[h.key](readText(d), false);
        if (h.num) { td.className = "num"; }
        if (typeof v === "string") { td.textContent = v; } else { td.appendChild(v); }
        tr.appendChild(td);
      });
      fragment.appendChild(tr);
    }
    body.appendChild(fragment);
    if (end < rows.length && window.IntersectionObserver) {
      watching = new IntersectionObserver(function (entries) {
        if (entries[0].isIntersecting && body.parentNode) { more(body, end); }
      }, { root: table.querySelector(".table-wrap"), rootMargin: "400px" });
      watching.observe(body.lastChild);
    } else if (end < rows.length) {
      more(body, end);
    }
  }

  // sortBy sorts the table by a column: up, and down when it already is.
  function sortBy(key) {
    var now = sortOf(boardForm.elements.sort.value);
    var value = key + (now && now.key === key && !now.down ? "-desc" : "-asc");
    offerSort(value, sortOf(value));
    view.commit(true);
  }

  // csv is the shown rows as a spreadsheet reads them: UTF-8 with a
  // byte-order mark (for Excel), and text that a spreadsheet would run as
  // a formula (=, +, -, @ first) behind an apostrophe, as deals export
  // writes it.
  function csvCell(s, text) {
    if (text && s && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) { s = "'" + s; }
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  var textual = { title: 1, account: 1, stage: 1, owner: 1, next: 1, flags: 1 };
  function csv(rows) {
    var lines = [headers.map(function (h) { return csvCell(h.label, true); }).join(",")];
    elements(rows);
    rows.forEach(function (d) {
      readText(d);
      lines.push(headers.map(function (h) { return csvCell(cells[h.key](d, true), textual[h.key]); }).join(","));
    });
    return "\uFEFF" + lines.join("\r\n") + "\r\n";
  }
  document.getElementById("deal-csv").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([csv(shownRows)], { type: "text/csv;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = "pipeline.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  var view = bindView(boardForm, applyBoard, ["view", "sort", "open"], true, function (params) {
    var value = params.get("sort") || "";
    offerSort(value, sortOf(value));
  });
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

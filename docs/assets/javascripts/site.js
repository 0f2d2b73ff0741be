// Reader-side fixes for Material's markup. No tracking, no third-party requests.
// Loaded before Material's bundle (overrides/main.html, block "scripts").
(function () {
  "use strict";

  // 1. The search index (about 90 KB compressed) is downloaded only when the reader turns
  //    to search, not with every page. Material asks for it at start-up; that request is
  //    held until the reader focuses or opens the search box, or presses a search key.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = false;

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = /\/search\/search_index\.json(\?|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (xhr.__searchIndex && !wanted) {
      held.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(xhr, args);
  };

  function inSearch(el) {
    return el && el.closest && el.closest(".md-search, label[for='__search']");
  }
  document.addEventListener("focusin", function (e) { if (inSearch(e.target)) release(); }, true);
  document.addEventListener("pointerdown", function (e) { if (inSearch(e.target)) release(); }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" || e.key === "s" || e.key === "f" || e.key === "S" || e.key === "F") release();
  }, true);

  // 2. Crisis help first, and fewer noise matches. Material's search runs in a web worker
  //    (assets/javascripts/workers/search.*.js); its messages pass through this small
  //    wrapper. The words come with the search index (config.site, written by
  //    overrides/hooks/search.py from data/search.yml):
  //    - a query with crisis wording ("i want to die", "kms", "suicidle") gets the
  //      "Get help now" page as its first result, and so does a query with no result;
  //    - small words ("i", "can", "the") are left out of the query, and other one-letter
  //      words must match whole words, so "can i drive" no longer matches "infusion".
  //    Message types are Material's: 0 setup, 2 query, 3 result.
  var NativeWorker = window.Worker;
  var site = { crisis: null, stop: {}, help: null };

  function tokens(text) {
    var out = String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/['\u2018\u2019`]/g, "").replace(/[^a-z0-9]+/g, " ").trim().split(" ");
    var words = [];
    for (var i = 0; i < out.length; i++) {
      var w = out[i];
      if (!w) continue;
      if (w === "wanna" || w === "wana") w = "want";
      if (w === "self" && words[words.length - 1] === "my") { words[words.length - 1] = "myself"; continue; }
      if (w === "not" && words[words.length - 1] === "do") { words[words.length - 1] = "dont"; continue; }
      if (w === "t" && words[words.length - 1] === "don") { words[words.length - 1] = "dont"; continue; }
      words.push(w);
    }
    return words;
  }

  // Edit distance with swapped neighbours counted once (Damerau-Levenshtein, restricted).
  function distance(a, b) {
    if (Math.abs(a.length - b.length) > 2) return 3;
    var d = [];
    for (var i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (var j = 0; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  function same(q, w) {
    if (q === w) return true;
    if (/^\d+$/.test(w) || /^\d+$/.test(q)) return false;   // numbers must be exact
    if (w.length >= 5 && q.length > w.length && q.indexOf(w) === 0) return true;
    var allowed = w.length >= 7 ? 2 : w.length >= 4 ? 1 : 0;
    return allowed > 0 && distance(q, w) <= allowed;
  }

  function isCrisis(query) {
    var c = site.crisis;
    if (!c) return false;
    var q = tokens(query);
    var i, j, k;
    for (i = 0; i < q.length; i++)
      for (j = 0; j < c.words.length; j++)
        if (same(q[i], c.words[j])) return true;
    // A phrase's words in order, at most three other words between two of them.
    for (k = 0; k < c.phrases.length; k++) {
      var p = c.phrases[k];
      for (i = 0; i < q.length; i++) {
        if (!same(q[i], p[0])) continue;
        var at = i, n = 1;
        for (j = i + 1; j < q.length && n < p.length && j - at <= 4; j++)
          if (same(q[j], p[n])) { at = j; n++; }
        if (n === p.length) return true;
      }
    }
    return false;
  }

  function syntax(query) {
    return /["+\-:*~^]/.test(query);   // the reader wrote search syntax: leave it alone
  }

  function rewrite(query) {
    var q = String(query || "");
    if (syntax(q)) return q;
    var words = q.replace(/['\u2018\u2019`]/g, "").trim().split(/\s+/);
    var kept = words.filter(function (w) {
      var t = tokens(w);
      return t.length && !t.every(function (x) { return site.stop[x]; });
    });
    if (!kept.length) return q;
    return kept.map(function (w) { return /^[a-z0-9]$/i.test(w) ? w + "~0" : w; }).join(" ");
  }

  // A second try when nothing matched, or a word matched nothing: each such longer word
  // may have a wrong letter ("pregnent", "troshes", "addictve"), two in a long word.
  function unmatched(result) {
    var items = result.items || [];
    var none = null;
    items.forEach(function (group) {
      group.forEach(function (doc) {
        if (!doc.terms || !Object.keys(doc.terms).length) return;  // added only as a heading
        var missing = {};
        for (var t in doc.terms || {}) if (doc.terms[t] === false) missing[t] = true;
        if (none === null) none = missing;
        else for (var k in none) if (!missing[k]) delete none[k];
      });
    });
    return none && Object.keys(none).length ? none : null;
  }

  function fuzzy(query, only) {
    if (syntax(query)) return "";
    var words = rewrite(query).split(/\s+/);
    var loose = false;
    var out = words.map(function (w) {
      if (w.length < 4 || /~/.test(w) || (only && !only[w.toLowerCase()])) return w;
      loose = true;
      return w + (w.length >= 8 ? "~2" : "~1");
    });
    return loose ? out.join(" ") : "";
  }

  function helpGroup(result, empty) {
    var page = site.crisis.page;
    var items = result.items || [];
    var top = items.length && items[0].length ? items[0][0].score : 1;
    var group = null;
    var rest = [];
    for (var i = 0; i < items.length; i++) {
      var first = items[i][0];
      if (!group && first && String(first.location).split("#")[0] === page) group = items[i];
      else rest.push(items[i]);
    }
    if (!group) {
      if (!site.help) return result;
      var doc = {};
      for (var key in site.help) doc[key] = site.help[key];
      if (empty) doc.text = "<p>Nothing in this guide matches your search. If you need help now, " +
        "this page lists crisis lines and emergency numbers you can call or text.</p>";
      doc.score = top + 1;
      doc.terms = {};
      group = [doc];
    } else {
      var lift = top + 1 - group[0].score;
      group = group.map(function (d) {
        var copy = {}; for (var key in d) copy[key] = d[key];
        copy.score = d.score + lift; return copy;
      });
    }
    var out = {};
    for (var k in result) out[k] = result[k];
    out.items = [group].concat(rest);
    return out;
  }

  function watch(worker) {
    var queries = [];
    var seq = 0;
    var changed = new WeakMap();
    var emptied = new WeakSet();
    var hidden = new WeakSet();
    var post = worker.postMessage;
    var add = worker.addEventListener;
    var remove = worker.removeEventListener;
    var wrappers = new Map();
    worker.postMessage = function (message) {
      if (message && message.type === 0 && message.data && message.data.config) {
        var conf = message.data.config.site || {};
        if (conf.crisis) site.crisis = conf.crisis;
        (conf.stop_words || []).forEach(function (w) { site.stop[w] = true; });
        (message.data.docs || []).forEach(function (d) {
          if (site.crisis && d.location === site.crisis.page) site.help = d;
        });
      }
      if (message && message.type === 2) {
        queries.push({ text: String(message.data), id: ++seq, retry: false });
        message = { type: 2, data: rewrite(message.data) };
      }
      return post.call(worker, message);
    };
    // Registered first, so it runs before Material's own listener.
    add.call(worker, "message", function (ev) {
      if (!ev.data || ev.data.type !== 3) return;
      var asked = queries.shift() || { text: "", id: seq, retry: false };
      var query = asked.text;
      var result = ev.data.data || { items: [] };
      if (asked.retry && asked.id !== seq) { hidden.add(ev); return; }  // the reader typed on
      if (!site.crisis || !query.trim()) return;
      var empty = !(result.items && result.items.length);
      var missing = empty ? null : unmatched(result);
      var again = (empty || missing) && !asked.retry && !isCrisis(query) && fuzzy(query, missing);
      if (again) {
        hidden.add(ev);
        queries.push({ text: query, id: asked.id, retry: true });
        post.call(worker, { type: 2, data: again });
        return;
      }
      if (isCrisis(query) || empty) {
        changed.set(ev, { type: 3, data: helpGroup(result, empty && !isCrisis(query)) });
        if (empty && !isCrisis(query)) emptied.add(ev);
      }
    });
    worker.addEventListener = function (type, fn, options) {
      if (type !== "message" || typeof fn !== "function") return add.call(worker, type, fn, options);
      var wrapped = function (ev) {
        if (hidden.has(ev)) return undefined;
        var data = changed.get(ev);
        var out = fn.call(this, data ? new MessageEvent("message", { data: data }) : ev);
        if (emptied.has(ev)) {
          var meta = document.querySelector(".md-search-result__meta");
          if (meta) meta.textContent = "No matching pages";
        }
        return out;
      };
      wrappers.set(fn, wrapped);
      return add.call(worker, type, wrapped, options);
    };
    worker.removeEventListener = function (type, fn, options) {
      return remove.call(worker, type, wrappers.get(fn) || fn, options);
    };
    return worker;
  }

  if (typeof NativeWorker === "function") {
    var SiteWorker = function (url, options) {
      var worker = new NativeWorker(url, options);
      return /\/workers\/search\.[^/]*\.js/.test(String(url)) ? watch(worker) : worker;
    };
    SiteWorker.prototype = NativeWorker.prototype;
    window.Worker = SiteWorker;
  }
  // For the tests (tests/test_search.py): the same decision the search box makes.
  window.__siteSearch = { isCrisis: isCrisis, rewrite: rewrite, tokens: tokens };

  // 3. Glossary terms (abbreviations with a meaning, from includes/glossary.md) can be
  //    reached with the Tab key, once per term on a page, so the meaning shows as a
  //    tooltip for keyboard users too, and is read out by screen readers.
  var seenTerms = {};
  document.querySelectorAll(".md-typeset abbr[title]").forEach(function (el) {
    var term = el.textContent.trim();
    if (seenTerms[term]) return;
    seenTerms[term] = true;
    el.setAttribute("tabindex", "0");
  });

  // 4. Side-menu status icons: their words (mkdocs.yml extra.status) as text too, so a
  //    screen reader says "PTSD, Status: off-label", and the whole link shows the tooltip.
  document.querySelectorAll(".md-nav__link .md-status[title]").forEach(function (el) {
    var text = document.createElement("span");
    text.className = "site-sr-only";
    text.textContent = " (" + el.getAttribute("title") + ")";
    el.parentNode.insertBefore(text, el);
    el.setAttribute("aria-hidden", "true");
    el.closest(".md-nav__link").setAttribute("title", el.getAttribute("title"));
  });

  // 5. "Report an error" in a copy built without the repository's name: on GitHub Pages
  //    (owner.github.io/name/) the form's address follows from the page's own address.
  var route = document.querySelector("[data-report-route]");
  var pages = /^([a-z0-9-]+)\.github\.io$/i.exec(location.hostname);
  var project = location.pathname.split("/")[1];
  if (route && pages && project) {
    var repo = "https://github.com/" + pages[1] + "/" + project;
    var link = document.createElement("a");
    link.className = "md-button md-button--primary";
    link.href = repo + "/issues/new?template=content-correction.yml";
    link.textContent = "Open the correction form";
    route.textContent = "";
    route.appendChild(link);
  }

  // 6. The search overlay is a dialog; give it a name screen readers announce (WCAG 4.1.2).
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (el) {
    el.setAttribute("aria-label", "Search this guide");
  });
})();

// 7. "Get help now": open the tab of the reader's country, guessed from the browser's time
//    zone, then its language. Nothing is sent anywhere. Runs before Material's bundle, so a
//    tab the reader chose before (remembered by Material) still wins. Without JavaScript the
//    first tab (United States) shows.
(function () {
  "use strict";
  var set = document.querySelector(".tabbed-set input#united-kingdom");
  if (!set) return;
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
  var canada = /^(America\/(Toronto|Montreal|Vancouver|Edmonton|Winnipeg|Halifax|St_Johns|Regina|Moncton|Glace_Bay|Goose_Bay|Whitehorse|Dawson|Dawson_Creek|Yellowknife|Iqaluit|Rankin_Inlet|Resolute|Cambridge_Bay|Inuvik|Swift_Current|Thunder_Bay|Nipigon|Rainy_River|Atikokan|Creston|Fort_Nelson|Pangnirtung|Blanc-Sablon)|Canada\/)/;
  var us = /^(America\/(New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Adak|Boise|Detroit|Indiana\/|Kentucky\/|North_Dakota\/|Juneau|Sitka|N[o]me|Yakutat|Metlakatla|Menominee|Louisville|Indianapolis)|Pacific\/Honolulu|US\/)/;
  var country = "";
  if (/^Europe\/(London|Belfast|Guernsey|Jersey|Isle_of_Man)$/.test(zone)) country = "united-kingdom";
  else if (/^(Europe\/Dublin|Eire)$/.test(zone)) country = "ireland";
  else if (/^Australia\//.test(zone)) country = "australia";
  else if (/^(Pacific\/(Auckland|Chatham)|NZ|NZ-CHAT)$/.test(zone)) country = "new-zealand";
  else if (canada.test(zone)) country = "canada";
  else if (us.test(zone)) country = "united-states";
  else if (zone && zone !== "UTC" && zone !== "Etc/UTC") country = "elsewhere";
  if (!country) {
    var lang = (navigator.languages && navigator.languages[0]) || navigator.language || "";
    var region = (lang.split("-")[1] || "").toUpperCase();
    country = { GB: "united-kingdom", UK: "united-kingdom", IE: "ireland", AU: "australia", NZ: "new-zealand", CA: "canada", US: "united-states" }[region] || "";
  }
  var input = country && document.getElementById(country);
  if (input) input.checked = true;
})();

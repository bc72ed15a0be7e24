/* Baimo search: reads window.BAIMO_SEARCH (search-index.js, loaded as a script, so it works from a
   folder as well as from a server) and shows every page that has all the words typed, best first, each
   with what kind of page it is and up to three places on it, linked. No fetch, no network, no spinner. */
(function () {
  "use strict";
  var HAN = /[\u3400-\u9fff]/;
  var index = window.BAIMO_SEARCH;
  var box = document.getElementById("baimo-q");
  var status = document.getElementById("baimo-search-status");
  var list = document.getElementById("baimo-results");
  if (!box || !status || !list) { return; }
  if (!index) {
    status.textContent = "The search index (search-index.js) did not load: rebuild the site with ./dev build. " +
      "搜索索引未能加载。";
    return;
  }
  var longest = Object.keys(index.words.freq).reduce(function (m, w) { return Math.max(m, w.length); }, 1);
  index.pages.forEach(function (p) {
    p.texts = p.sections.map(function (s) { return s[1] ? s[1] + " · " + s[2] : s[2]; });  // heading, then text
    p.low = p.texts.map(function (t) { return t.toLowerCase(); });
    p.lowTitle = p.title.toLowerCase();
  });

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Where `term` occurs in `low` (lower-cased text): anywhere for Chinese, at a word start for Latin. */
  function hits(low, term) {
    var out = [], at = low.indexOf(term), latin = !HAN.test(term);
    while (at >= 0) {
      if (!latin || at === 0 || !/[a-z0-9]/.test(low.charAt(at - 1))) { out.push(at); }
      at = low.indexOf(term, at + 1);
    }
    return out;
  }

  function anywhere(term) {
    return index.pages.some(function (p) { return p.low.some(function (t) { return hits(t, term).length; }); });
  }

  /* jieba's dictionary route (no HMM) over the site's dictionary words, with jieba's frequencies. */
  function cut(run) {
    var freq = index.words.freq, logtotal = index.words.logtotal, n = run.length, route = new Array(n + 1);
    route[n] = [0, n];
    for (var i = n - 1; i >= 0; i--) {
      var best = null;
      for (var j = i + 1; j <= Math.min(n, i + longest); j++) {
        var w = run.slice(i, j), f = freq[w];
        if (j > i + 1 && !f) { continue; }
        var score = Math.log(f || 1) - logtotal + route[j][0];
        if (!best || score > best[0]) { best = [score, j]; }
      }
      route[i] = best;
    }
    var words = [];
    for (var k = 0; k < n; k = route[k][1]) { words.push(run.slice(k, route[k][1])); }
    return words;
  }

  /* The query as words to find: split at spaces; a Chinese word found nowhere as typed is cut as jieba
     cuts it (one-character pieces dropped). Returns [words, note]. */
  function terms(query) {
    var out = [], split = [];
    query.normalize("NFKC").toLowerCase().split(/\s+/).forEach(function (t) {
      if (!t) { return; }
      if (HAN.test(t) && t.length > 2 && !anywhere(t)) {
        var parts = cut(t).filter(function (w) { return w.length > 1 || !HAN.test(w); });
        if (parts.length > 1) { split.push(t + " → " + parts.join(" ")); out = out.concat(parts); return; }
      }
      out.push(t);
    });
    return [out.filter(function (t, i) { return out.indexOf(t) === i; }), split];
  }

  function excerpt(text, low, words) {
    var first = text.length, marks = [];
    words.forEach(function (w) {
      hits(low, w).forEach(function (at) { marks.push([at, at + w.length]); first = Math.min(first, at); });
    });
    var start = Math.max(0, first - 40), end = Math.min(text.length, first + 110);
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var out = start > 0 ? "…" : "", pos = start;
    marks.forEach(function (m) {
      if (m[0] < pos || m[1] > end) { return; }
      out += escapeHtml(text.slice(pos, m[0])) + "<mark>" + escapeHtml(text.slice(m[0], m[1])) + "</mark>";
      pos = m[1];
    });
    return out + escapeHtml(text.slice(pos, end)) + (end < text.length ? "…" : "");
  }

  /* A place's excerpt: from its text where a word is in it, else (a word only in its heading) its heading. */
  function place(s, words) {
    var low = s[2].toLowerCase();
    if (words.some(function (w) { return hits(low, w).length; })) { return excerpt(s[2], low, words); }
    return excerpt(s[1], s[1].toLowerCase(), words);
  }

  function score(p, words) {
    var total = 0, places = [];
    for (var i = 0; i < words.length; i++) {
      var count = 0;
      p.low.forEach(function (t) { count += hits(t, words[i]).length; });
      var inTitle = hits(p.lowTitle, words[i]).length > 0;
      if (!count && !inTitle) { return null; }
      total += Math.log(1 + count) / Math.LN2 + (inTitle ? 4 : 0);
    }
    p.low.forEach(function (t, n) {
      var found = words.filter(function (w) { return hits(t, w).length; });
      if (found.length) { places.push([found.length, n]); }
    });
    places.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return { page: p, score: total, places: places };
  }

  function render(query) {
    var parsed = terms(query), words = parsed[0];
    list.innerHTML = "";
    if (!words.length) {
      status.textContent = index.pages.length + " pages searchable. Type a word: 算力, 百模大战, GPT-4, lag …";
      return;
    }
    var found = index.pages.map(function (p) { return score(p, words); }).filter(Boolean);
    found.sort(function (a, b) { return b.score - a.score; });
    var note = parsed[1].length ? " (searched as: " + parsed[1].join("; ") + ")" : "";
    status.textContent = found.length + (found.length === 1 ? " page has " : " pages have ") + words.join(" + ") +
      note + " · " + found.length + " 个页面";
    found.forEach(function (r) {
      var p = r.page, kind = index.kinds[p.kind] || index.kinds.page;
      var li = document.createElement("li");
      var html = '<span class="kind kind-' + p.kind + '">' + escapeHtml(kind[0] + " " + kind[1]) + "</span> " +
        '<a class="title" href="' + escapeHtml(p.url) + '">' + escapeHtml(p.title) + "</a><ul>";
      r.places.slice(0, 3).forEach(function (pl) {
        var s = p.sections[pl[1]], href = p.url + (s[0] ? "#" + s[0] : "");
        html += '<li><a href="' + escapeHtml(href) + '">' + escapeHtml(s[1] || p.title) +
          "</a> " + place(s, words) + "</li>";
      });
      if (r.places.length > 3) { html += '<li class="more">+ ' + (r.places.length - 3) + " more places on this page</li>"; }
      li.innerHTML = html + "</ul>";
      list.appendChild(li);
    });
  }

  index.cut = cut;  // (the tests compare it with jieba's own cut)
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { box.value = params.get("q"); }
  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      render(box.value);
      var url = new URL(window.location.href);
      url.searchParams.set("q", box.value);
      try { window.history.replaceState(null, "", url); } catch (e) { /* file:// in some browsers */ }
    }, 120);
  });
  render(box.value);
})();

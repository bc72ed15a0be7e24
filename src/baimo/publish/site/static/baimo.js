/* Baimo tables: filter by text and by column value, sort by clicking a header. No libraries, no network. */
document.querySelectorAll("table.baimo-data").forEach(function (table) {
  var bar = document.getElementById(table.id + "-bar");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = bar && bar.querySelector(".count");
  function apply() {
    var q = bar ? bar.querySelector("input[type=search]").value.trim().toLowerCase() : "";
    var selects = bar ? bar.querySelectorAll("select") : [];
    var shown = 0;
    rows.forEach(function (tr) {
      var ok = !q || tr.textContent.toLowerCase().indexOf(q) >= 0;
      selects.forEach(function (s) {
        if (s.value && tr.cells[+s.dataset.col].textContent.trim() !== s.value) { ok = false; }
      });
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (count) { count.textContent = shown + " / " + rows.length; }
  }
  if (bar) {
    bar.querySelector("input[type=search]").addEventListener("input", apply);
    bar.querySelectorAll("select").forEach(function (s) { s.addEventListener("change", apply); });
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { bar.querySelector("input[type=search]").value = params.get("q"); }
    apply();
  }
  /* Sort by a column: numbers as numbers (a cell's data-sort first: a range sorts by its middle),
     text in Chinese order; empty cells last either way. */
  function key(tr, col) {
    var td = tr.cells[col], text = td.textContent.trim();
    if (td.dataset.sort !== undefined) { return { empty: false, num: parseFloat(td.dataset.sort), text: text }; }
    var num = parseFloat(text.replace(/,/g, ""));
    return { empty: text === "", num: /^[-+]?[\d,.]+(e[-+]?\d+)?$/i.test(text) ? num : NaN, text: text };
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, col), y = key(b, col);
        if (x.empty !== y.empty) { return x.empty ? 1 : -1; }
        var c = (!isNaN(x.num) && !isNaN(y.num)) ? x.num - y.num : x.text.localeCompare(y.text, "zh");
        return dir * c;
      });
      rows.forEach(function (tr) { table.tBodies[0].appendChild(tr); });
    });
  });
  /* "Download these rows": the rows now shown, in the order shown, as their CSV file has them. */
  var button = bar && bar.querySelector("button.rows-csv");
  if (button) {
    button.addEventListener("click", function () {
      var lines = [button.dataset.header];
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) { if (!tr.hidden) { lines.push(tr.dataset.csv); } });
      var blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = button.dataset.file;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
  }
});

/* Charts wider than the page (a phone keeps their text legible): say they scroll sideways. */
(function () {
  function mark() {
    document.querySelectorAll(".baimo-chart").forEach(function (c) {
      c.parentNode.classList.toggle("scrolls", c.scrollWidth > c.clientWidth + 1);
    });
  }
  window.addEventListener("resize", mark);
  mark();
})();

/* Article pages: the passage a link points to (#q-<claim id>) is highlighted, all of it (a passage can
   run over several marked pieces), and scrolled into view. */
(function () {
  function highlight() {
    document.querySelectorAll("mark.q.hit").forEach(function (m) { m.classList.remove("hit"); });
    var id = decodeURIComponent(location.hash || "").replace(/^#q-/, "");
    if (!id || id === location.hash) { return; }
    var hits = Array.prototype.filter.call(document.querySelectorAll("mark.q"), function (m) {
      return (" " + m.dataset.ids + " ").indexOf(" " + id + " ") >= 0;
    });
    hits.forEach(function (m) { m.classList.add("hit"); });
    if (hits.length) { hits[0].scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", highlight);
  highlight();
})();

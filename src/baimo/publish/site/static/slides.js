/* Slides: → space Page Down Enter next, ← Page Up Backspace back, Home End, a click or a swipe; the slide
   number is in the URL. ↓ ↑ scroll a chart taller than the screen (then move on). P opens the presenter
   view (the teacher's notes) in a second window; both windows follow each other. */
(function () {
  var slides = document.querySelectorAll("section.slide");
  var counter = document.querySelector(".counter span");
  var notesView = /[?&]notes\b/.test(location.search);
  var other = null;  // the other window: the notes window (from the projector), or the projector (from the notes)
  var i = 0;
  if (notesView) { document.body.classList.add("notes-view"); other = window.opener; }
  function fit(slide) {  // a chart as large as the screen allows, never below the size that keeps its text ≥ 16 px
    slide.querySelectorAll("div.chart svg[data-min]").forEach(function (svg) {
      var box = svg.parentNode, ar = parseFloat(svg.dataset.ar), min = parseFloat(svg.dataset.min);
      var w = Math.max(min, Math.min(box.clientWidth, box.clientHeight * ar));
      svg.style.width = w + "px"; svg.style.height = (w / ar) + "px";
    });
  }
  function title(s) { var h = s.querySelector("h1, h2, .quote"); return h ? h.textContent : ""; }
  function presenter() {
    var p = document.querySelector(".presenter"), s = slides[i], n = slides[i + 1];
    var notes = s.querySelector("aside.notes");
    p.innerHTML = '<p class="now">Slide ' + (i + 1) + " / " + slides.length + " · ← → move both windows</p><h2></h2>" +
      (notes ? notes.innerHTML : "<p>(no notes)</p>") + '<p class="next">Next: <span></span></p>';
    p.querySelector("h2").textContent = title(s);
    p.querySelector(".next span").textContent = n ? title(n) : "(the end)";
  }
  function show(n, quiet) {
    i = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, k) { s.classList.toggle("current", k === i); });
    if (counter) { counter.textContent = (i + 1) + " / " + slides.length; }
    history.replaceState(null, "", location.search + "#" + (i + 1));
    if (notesView) { presenter(); } else { fit(slides[i]); }
    if (!quiet && other && !other.closed) { other.postMessage({ baimoSlide: i }, "*"); }
  }
  window.addEventListener("message", function (e) {
    if (e.data && typeof e.data.baimoSlide === "number") { show(e.data.baimoSlide, true); }
  });
  window.addEventListener("resize", function () { if (!notesView) { fit(slides[i]); } });
  function scrolls(dir) {  // the current chart (or slide) still has room to scroll that way
    var box = slides[i].querySelector("div.chart") || slides[i];
    return dir > 0 ? box.scrollTop + box.clientHeight < box.scrollHeight - 1 : box.scrollTop > 0;
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "p" || e.key === "P") {
      if (notesView) { return; }
      other = window.open(location.pathname + "?notes#" + (i + 1), "baimo-notes", "popup,width=900,height=700");
      e.preventDefault();
      return;
    }
    if (!notesView && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      var dir = e.key === "ArrowDown" ? 1 : -1;
      if (scrolls(dir)) {
        var box = slides[i].querySelector("div.chart") || slides[i];
        box.scrollBy(0, dir * box.clientHeight * 0.6);
        e.preventDefault();
        return;
      }
    }
    if (["ArrowRight", "ArrowDown", "PageDown", " ", "Enter"].indexOf(e.key) >= 0) { show(i + 1); e.preventDefault(); }
    else if (["ArrowLeft", "ArrowUp", "PageUp", "Backspace"].indexOf(e.key) >= 0) { show(i - 1); e.preventDefault(); }
    else if (e.key === "Home") { show(0); } else if (e.key === "End") { show(slides.length - 1); }
  });
  var x0 = null;
  document.addEventListener("touchstart", function (e) { x0 = e.touches[0].clientX; }, { passive: true });
  document.addEventListener("touchend", function (e) {
    if (x0 === null) { return; }
    var dx = e.changedTouches[0].clientX - x0;
    if (Math.abs(dx) > 40) { show(dx < 0 ? i + 1 : i - 1); }
    x0 = null;
  });
  document.addEventListener("click", function (e) {
    if (notesView || e.target.closest("a")) { return; }
    show(e.clientX > window.innerWidth / 3 ? i + 1 : i - 1);
  });
  show(parseInt((location.hash || "#1").slice(1), 10) - 1 || 0, true);
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(function () { if (!notesView) { fit(slides[i]); } }); }
})();

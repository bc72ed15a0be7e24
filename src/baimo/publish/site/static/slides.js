/* Slides: arrow keys, space, Page Up/Down, Home/End, a click or a swipe; the slide number is in the URL.
   Z shows a chart at full size (↑ ↓ then scroll it); Z again fits it to the screen. */
(function () {
  var slides = document.querySelectorAll("section.slide");
  var counter = document.querySelector(".counter span");
  var i = 0;
  function show(n) {
    i = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, k) { s.classList.toggle("current", k === i); });
    if (counter) { counter.textContent = (i + 1) + " / " + slides.length; }
    history.replaceState(null, "", "#" + (i + 1));
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "z" || e.key === "Z") { document.body.classList.toggle("zoom"); return; }
    if (document.body.classList.contains("zoom") && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      slides[i].scrollBy(0, (e.key === "ArrowDown" ? 1 : -1) * window.innerHeight * 0.6);
      e.preventDefault();
      return;
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
    if (e.target.closest("a")) { return; }
    show(e.clientX > window.innerWidth / 3 ? i + 1 : i - 1);
  });
  show(parseInt((location.hash || "#1").slice(1), 10) - 1 || 0);
})();

// Wide tables: a table wider than its box gets the class "scrolls", which shows a cue in its
// caption; the box itself is focusable (tabindex in the HTML) so arrow keys scroll it.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      wrap.classList.toggle("scrolls", wrap.scrollWidth > wrap.clientWidth + 1);
    });
  }
  mark();
  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) cancelAnimationFrame(pending);
    pending = requestAnimationFrame(mark);
  });
})();

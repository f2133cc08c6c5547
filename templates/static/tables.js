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
  function later() {
    if (pending) cancelAnimationFrame(pending);
    pending = requestAnimationFrame(mark);
  }
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true);  // a table unfolded gets its measure only now
})();

// A link to a place inside folded content (a city on the bureaus page, a section of a report's
// full text) unfolds it: browsers reveal only a target that is itself hidden.
(function () {
  "use strict";
  function unfold() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }
  unfold();
  window.addEventListener("hashchange", unfold);
})();

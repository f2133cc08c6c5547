// A measure page opened for one bureau (?bureau=<id>, as its bureau page links to it): that
// bureau's line and dots stand out on the chart, drawn over the others, and its row is marked
// in each table. Without JavaScript the link's #bureau-<id> still leads to its row.
(function () {
  "use strict";
  var chosen = new URLSearchParams(location.search).get("bureau");
  if (!chosen) return;
  document.querySelectorAll("svg.over-time-plot [data-bureau]").forEach(function (mark) {
    if (mark.getAttribute("data-bureau") !== chosen) return;
    mark.classList.add("chosen");
    mark.parentNode.appendChild(mark);  // last drawn is on top
  });
  var row = document.getElementById("bureau-" + chosen);
  if (row) row.classList.add("chosen");
})();

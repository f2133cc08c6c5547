// A measure page opened for one bureau (?bureau=<id>, as its bureau page links to it): that
// bureau's dots stand out on the chart, joined year to year, and its row is marked in each
// table. Without JavaScript the link's #bureau-<id> still leads to its row.
(function () {
  "use strict";
  var chosen = new URLSearchParams(location.search).get("bureau");
  if (!chosen) return;
  document.querySelectorAll("svg.over-time-plot").forEach(function (plot) {
    var dots = [].slice.call(plot.querySelectorAll("circle.dot")).filter(function (d) {
      return d.getAttribute("data-bureau") === chosen;
    });
    if (!dots.length) return;
    var layer = dots[0].parentNode;
    var ns = "http://www.w3.org/2000/svg";
    for (var i = 1; i < dots.length; i++) {
      var line = document.createElementNS(ns, "line");
      line.setAttribute("class", "chosen-line");
      ["x", "y"].forEach(function (axis) {
        line.setAttribute(axis + "1", dots[i - 1].getAttribute("c" + axis));
        line.setAttribute(axis + "2", dots[i].getAttribute("c" + axis));
      });
      layer.appendChild(line);
    }
    dots.forEach(function (d) { d.classList.add("chosen"); layer.appendChild(d); });
  });
  var row = document.getElementById("bureau-" + chosen);
  if (row) row.classList.add("chosen");
})();

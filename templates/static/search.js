// Starts Pagefind's search UI on the search page; runs the query from ?q=.
(function () {
  "use strict";
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var base = element.getAttribute("data-base") || "/";
  // A large site's index comes in shards (one bundle each), merged here into one search.
  var bundles = (element.getAttribute("data-bundles") || "pagefind/").split(" ");
  var ui = new PagefindUI({
    element: "#search",
    baseUrl: base,
    bundlePath: base + bundles[0],
    mergeIndex: bundles.slice(1).map(function (bundle) { return { bundlePath: base + bundle }; }),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "搜索报告全文", zero_results: "没有找到含有 [SEARCH_TERM] 的报告" }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();

// Finding a searched term in text, the same way on the search page and on the page a result
// leads to: text is folded (full-width to half-width, traditional to simplified once the table
// is loaded, ASCII lower case, spaces and thousands separators dropped) with a map back to the
// original, so "６９２８．９７", "6928.97" and "6,928.97" are one term.
// On any page opened with ?hl=words, the words are highlighted and the first one after the
// link's #section is scrolled into view.
(function () {
  "use strict";
  var t2s = null;
  var loading = null;

  function isDigit(c) { return c >= "0" && c <= "9"; }

  function foldChar(c) {
    var code = c.charCodeAt(0);
    if (code >= 0xFF01 && code <= 0xFF5E) c = String.fromCharCode(code - 0xFEE0);
    else if (t2s && t2s.has(c)) c = t2s.get(c);
    return c >= "A" && c <= "Z" ? c.toLowerCase() : c;
  }

  // The folded text and, for each of its characters, the index of the character it came from.
  function fold(text) {
    var chars = [], from = [];
    for (var i = 0; i < text.length; i++) {
      var c = foldChar(text[i]);
      if (/\s/.test(c) || c === "\u200b") continue;
      if (c === "," && isDigit(chars[chars.length - 1] || "")) {
        var next = "";
        for (var j = i + 1; j < text.length && next.length < 4; j++) next += foldChar(text[j]);
        if (/^\d{3}(\D|$)/.test(next)) continue;  // a thousands separator
      }
      chars.push(c);
      from.push(i);
    }
    return { text: chars.join(""), from: from };
  }

  // Where the folded words occur in text, as [start, end) ranges of the original, in order.
  function ranges(text, words) {
    var folded = fold(text), found = [];
    words.forEach(function (word) {
      if (!word) return;
      for (var at = folded.text.indexOf(word); at >= 0; at = folded.text.indexOf(word, at + word.length)) {
        found.push([folded.from[at], folded.from[at + word.length - 1] + 1]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    found.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  // The traditional → simplified table, fetched once: pairs of characters in one string.
  function loadTable(url) {
    if (!loading) {
      loading = fetch(url).then(function (response) { return response.json(); }).then(function (pairs) {
        var table = new Map();
        for (var i = 0; i + 1 < pairs.length; i += 2) table.set(pairs[i], pairs[i + 1]);
        t2s = table;
      });
    }
    return loading;
  }

  function highlight(root, words) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var found = ranges(node.data, words);
      for (var k = found.length - 1; k >= 0; k--) {
        node.splitText(found[k][1]);
        var hit = node.splitText(found[k][0]);
        var mark = document.createElement("mark");
        mark.className = "hit";
        hit.parentNode.replaceChild(mark, hit);
        mark.appendChild(hit);
      }
    });
    return root.querySelectorAll("mark.hit");
  }

  function highlightSearchedWords() {
    var words = (new URLSearchParams(window.location.search).get("hl") || "").split(/\s+/)
      .map(function (w) { return fold(w).text; }).filter(Boolean);
    var main = document.getElementById("main");
    if (!words.length || !main) return;
    var marks = highlight(main, words);
    var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    var first = target ? Array.prototype.find.call(marks, function (mark) {
      return target.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING;
    }) : marks[0];
    if (first) first.scrollIntoView({ block: "center" });
  }

  window.SiteFind = { fold: fold, ranges: ranges, loadTable: loadTable, tableLoaded: function () { return t2s !== null; } };
  highlightSearchedWords();
})();

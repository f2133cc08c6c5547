// The search page, on Pagefind's JS API. The index holds every Chinese character as a word
// (outputs/search.py), so a quoted phrase of characters finds exactly the pages containing the
// query as typed: those are the results; pages holding its characters apart are offered after
// them, folded away. Query, filters and sort live in the URL, so links can be shared and Back works.
(function () {
  "use strict";
  var find = window.SiteFind;
  var form = document.getElementById("search-form");
  if (!form || !find) return;
  var base = form.getAttribute("data-base");
  var bundles = form.getAttribute("data-bundles").split(" ");
  var status = document.getElementById("search-status");
  var out = document.getElementById("results");
  var PAGE = 10;
  var EXCERPT = 80;
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var hanChar = new RegExp("[" + HAN + "]");
  var eachHan = new RegExp("([" + HAN + "])", "g");
  var spacedHan = new RegExp("([" + HAN + "])[ \u200a](?=[" + HAN + "])", "g");
  var engine = null;
  var generation = 0;

  function pagefind() {
    if (!engine) {
      engine = import(base + bundles[0] + "pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: base }).then(function () {
          // A large site's index comes in shards, merged here into one search.
          return Promise.all(bundles.slice(1).map(function (b) { return pf.mergeIndex(base + b); }));
        }).then(function () { return pf.init(); }).then(function () { return pf; });
      });
    }
    return engine;
  }

  // ---- state: the form and the URL ------------------------------------------------------

  function fieldsets() { return Array.prototype.slice.call(form.querySelectorAll("fieldset[data-filter]")); }

  function boxes(fieldset) { return Array.prototype.slice.call(fieldset.querySelectorAll("input[type=checkbox]")); }

  function stateFromForm() {
    var params = new URLSearchParams();
    var q = form.elements.q.value.trim();
    if (q) params.set("q", q);
    fieldsets().forEach(function (fs) {
      boxes(fs).forEach(function (box) { if (box.checked) params.append(box.name, box.value); });
    });
    if (form.elements.sort.value) params.set("sort", form.elements.sort.value);
    return params;
  }

  function showState(params) {
    form.elements.q.value = params.get("q") || "";
    fieldsets().forEach(function (fs) {
      boxes(fs).forEach(function (box) { box.checked = params.getAll(box.name).indexOf(box.value) >= 0; });
    });
    form.elements.sort.value = params.get("sort") || "";
  }

  function remember(params, replace) {
    var url = window.location.pathname + (params.toString() ? "?" + params : "");
    if (url === window.location.pathname + window.location.search) return;
    window.history[replace ? "replaceState" : "pushState"](null, "", url);
  }

  // ---- the query --------------------------------------------------------------------------

  // Each Chinese character its own word, as the index holds them.
  function spaced(word) {
    return word.replace(eachHan, " $1 ").trim().replace(/\s+/g, " ");
  }

  function filtersOf(params) {
    var filters = {};
    fieldsets().forEach(function (fs) {
      var values = params.getAll(fs.getAttribute("data-param"));
      if (values.length) filters[fs.getAttribute("data-filter")] = { any: values };  // OR within a filter
    });
    return filters;
  }

  // Results in relevance order, or by year: pages without a year (bureaus, comparisons) follow.
  function ordered(pf, term, filters, sort) {
    var searches = [pf.search(term, { filters: filters })];
    if (sort) searches.push(pf.search(term, { filters: filters, sort: { "年度": sort === "year-asc" ? "asc" : "desc" } }));
    return Promise.all(searches).then(function (found) {
      var byYear = found[1] ? found[1].results : [];
      var seen = new Set(byYear.map(function (r) { return r.id; }));
      return { results: byYear.concat(found[0].results.filter(function (r) { return !seen.has(r.id); })), response: found[0] };
    });
  }

  // What a query finds: the results containing every word as typed (main), then the rest of
  // the pages holding all its characters (loose), each in relevance or year order.
  function searchFor(q, filters, sort) {
    var typed = q.split(/\s+/).filter(Boolean);
    var table = hanChar.test(q) ? find.loadTable(form.getAttribute("data-t2s")) : Promise.resolve();
    return Promise.all([pagefind(), table]).then(function (loaded) {
      var pf = loaded[0];
      var words = typed.map(function (w) { return find.fold(w).text; }).filter(Boolean);
      if (!words.length) {
        return ordered(pf, null, filters, sort || "year-desc").then(function (all) {
          return { words: [], main: all.results, loose: [], counts: all.response.filters };
        });
      }
      var exact = words.map(function (w) { return pf.search("\"" + spaced(w) + "\"", { filters: filters }); });
      return Promise.all([ordered(pf, words.map(spaced).join(" "), filters, sort)].concat(exact)).then(function (found) {
        var broad = found[0].results;
        var inAll = found.slice(1).map(function (s) { return new Set(s.results.map(function (r) { return r.id; })); });
        var contains = function (r) { return inAll.every(function (ids) { return ids.has(r.id); }); };
        return {
          words: words,
          main: broad.filter(contains),
          loose: broad.filter(function (r) { return !contains(r); }),
          counts: words.length === 1 ? found[1].filters : null,
          unfiltered: words.length === 1 ? found[1].unfilteredResultCount : null
        };
      });
    });
  }

  function run(params) {
    var mine = ++generation;
    var q = params.get("q") || "";
    var filters = filtersOf(params);
    var hasFilters = Object.keys(filters).length > 0;
    if (!q.trim() && !hasFilters) {
      out.replaceChildren();
      out.setAttribute("aria-busy", "false");
      status.textContent = "输入关键词，或勾选筛选条件浏览。";
      return pagefind().then(function (pf) { return pf.filters(); }).then(function (counts) {
        if (mine === generation) showCounts(counts);
      });
    }
    status.textContent = "正在查找……";
    out.setAttribute("aria-busy", "true");
    return searchFor(q, filters, params.get("sort")).then(function (found) {
      if (mine !== generation) return;
      showCounts(found.counts);
      return show(found, q, hasFilters, mine);
    });
  }

  // ---- showing results --------------------------------------------------------------------

  function showCounts(counts) {
    fieldsets().forEach(function (fs) {
      var byValue = counts && counts[fs.getAttribute("data-filter")];
      boxes(fs).forEach(function (box) {
        var count = box.parentNode.querySelector(".count");
        count.textContent = byValue ? "（" + (byValue[box.value] || 0) + "）" : "";
      });
    });
  }

  function describe(found, q, hasFilters) {
    var shown = "「" + q + "」";
    if (!found.words.length) return "符合所选条件的页面 " + found.main.length + " 个。";
    if (found.main.length) {
      return "含有" + shown + "的页面 " + found.main.length + " 个" +
        (found.loose.length ? "；另有 " + found.loose.length + " 个页面只含其中的字，列在后面" : "") + "。";
    }
    if (hasFilters) {
      return "所选条件下没有页面含有" + shown + (found.unfiltered ? "；去掉筛选条件有 " + found.unfiltered + " 个" : "") + "。";
    }
    return "没有页面含有" + shown + (found.loose.length ? "；有 " + found.loose.length + " 个页面含有其中的字，列在下面" : "") + "。";
  }

  function show(found, q, hasFilters, mine) {
    status.textContent = describe(found, q, hasFilters);
    var parts = [];
    var first = Promise.resolve();
    if (found.main.length) {
      var list = resultList(found.main, found.words, mine);
      parts.push(list.element);
      first = list.more();
    }
    var details = null, loose = null;
    if (found.loose.length) {
      details = document.createElement("details");
      details.className = "loose-results";
      var summary = document.createElement("summary");
      summary.textContent = "只含其中的字、但不连在一起的页面（" + found.loose.length + "）";
      loose = resultList(found.loose, found.words, mine);
      details.append(summary, loose.element);
      details.addEventListener("toggle", function () { if (details.open && !loose.started()) loose.more(); });
      parts.push(details);
    }
    out.replaceChildren.apply(out, parts);
    if (details && !found.main.length) {
      details.open = true;
      first = loose.more();
    }
    return first.then(function () { if (mine === generation) out.setAttribute("aria-busy", "false"); });
  }

  // A list that shows PAGE results at a time, loading each result's text only when shown.
  function resultList(results, words, mine) {
    var wrap = document.createElement("div");
    var list = document.createElement("ol");
    list.className = "results";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "more-results";
    button.hidden = true;
    wrap.append(list, button);
    var shown = 0;
    function more() {
      var batch = results.slice(shown, shown + PAGE);
      shown += batch.length;
      button.hidden = true;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
        if (mine !== generation) return;
        var items = pages.map(function (data) { return resultItem(data, words); });
        list.append.apply(list, items);
        button.hidden = shown >= results.length;
        button.textContent = "显示更多结果（还有 " + (results.length - shown) + " 个）";
        return items;
      });
    }
    button.addEventListener("click", function () {
      more().then(function (items) { if (items && items.length) items[0].querySelector("a").focus(); });
    });
    return { element: wrap, more: more, started: function () { return shown > 0; } };
  }

  // Pagefind keeps the word breaks it indexed (spaces, zero-width spaces); the reader sees none.
  function readable(text) {
    return (text || "").replace(/\u200b/g, "").replace(spacedHan, "$1");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function linkTo(url, words, anchor) {
    return url + (words.length ? "?hl=" + encodeURIComponent(words.join(" ")) : "") + (anchor ? "#" + anchor : "");
  }

  // About EXCERPT characters of text[from, to) around its first match, the matches marked.
  function excerpt(text, from, to, found) {
    var first = found.length ? found[0][0] : from;
    var start = Math.max(from, Math.min(first - EXCERPT / 3, to - EXCERPT)) | 0;
    var end = Math.min(to, start + EXCERPT);
    var p = el("p", "excerpt");
    var at = start;
    if (start > from) p.append("…");
    found.forEach(function (r) {
      if (r[1] <= start || r[0] >= end) return;
      p.append(text.slice(at, Math.max(at, r[0])));
      p.append(el("mark", null, text.slice(Math.max(at, r[0]), Math.min(r[1], end))));
      at = Math.min(r[1], end);
    });
    p.append(text.slice(at, end));
    if (end < to) p.append("…");
    return p;
  }

  // The page's headings with ids, found in its text in order: the sections a result links into.
  function sections(data, text) {
    var found = [], at = 0;
    (data.anchors || []).forEach(function (a) {
      if (!/^h[2-6]$/.test(a.element) || !a.id) return;
      var title = readable(a.text).trim();
      var start = title ? text.indexOf(title, at) : -1;
      if (start < 0) return;
      found.push({ id: a.id, title: title, start: start });
      at = start + title.length;
    });
    found.forEach(function (s, i) { s.end = i + 1 < found.length ? found[i + 1].start : text.length; });
    return found;
  }

  function resultItem(data, words) {
    var text = readable(data.content);
    var filters = data.filters || {};
    var li = el("li", "result");
    var facts = [filters["页面类型"], filters["机构"], filters["年度"] && filters["年度"] + " 年度", filters["报告类型"]]
      .filter(Boolean).map(String);
    li.append(el("p", "result-facts", facts.join(" · ")));
    var heading = el("h3", "result-title");
    var link = el("a", null, readable(data.meta && data.meta.title) || data.url);
    link.href = linkTo(data.url, words);
    heading.append(link);
    li.append(heading);
    if (!words.length) return li;
    var found = find.ranges(text, words);
    var parts = sections(data, text);
    var headEnd = parts.length ? parts[0].start : text.length;
    var inHead = found.filter(function (r) { return r[0] < headEnd; });
    var subs = parts.map(function (s) {
      return { section: s, found: found.filter(function (r) { return r[0] >= s.start && r[0] < s.end; }) };
    }).filter(function (s) { return s.found.length; });
    if (inHead.length || !subs.length) li.append(excerpt(text, 0, headEnd, inHead.length ? inHead : found));
    if (subs.length) {
      var list = el("ul", "sub-results");
      subs.slice(0, 3).forEach(function (s) {
        var item = el("li");
        var a = el("a", null, s.section.title);
        a.href = linkTo(data.url, words, s.section.id);
        item.append(a, excerpt(text, s.section.start + s.section.title.length, s.section.end, s.found));
        list.append(item);
      });
      if (subs.length > 3) list.append(el("li", "more-sections", "另有 " + (subs.length - 3) + " 节含有此词"));
      li.append(list);
    }
    return li;
  }

  // ---- events -----------------------------------------------------------------------------

  var typing = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    var params = stateFromForm();
    remember(params, false);
    run(params);
  });
  form.addEventListener("change", function (event) {
    if (event.target === form.elements.q) return;
    var params = stateFromForm();
    remember(params, false);
    run(params);
  });
  form.elements.q.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      var params = stateFromForm();
      remember(params, true);
      run(params);
    }, 300);
  });
  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    showState(params);
    run(params);
  });
  // For tests and measurements: the URLs a query finds, as the page lists them.
  window.SiteSearch = {
    query: function (q, filters) {
      var urls = function (results) {
        return Promise.all(results.map(function (r) { return r.data(); })).then(function (pages) {
          return pages.map(function (d) { return d.url; });
        });
      };
      return searchFor(q, filters || {}, "").then(function (found) {
        return Promise.all([urls(found.main), urls(found.loose)]);
      }).then(function (both) { return { main: both[0], loose: both[1] }; });
    }
  };
  var initial = new URLSearchParams(window.location.search);
  showState(initial);
  run(initial);
})();

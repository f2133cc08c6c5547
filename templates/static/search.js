// The search page, on the site's own static index (outputs/search.py): a query's words are
// folded as the index was (find.js), each word gives its keys (every pair of neighbouring
// characters, or the one character), and the pages whose postings hold every key are the
// candidates. Each shown result's text confirms it holds the words as typed; pages holding the
// characters only apart are offered after them, folded away. Query, filters and sort live in
// the URL, so links can be shared and Back works.
(function () {
  "use strict";
  var find = window.SiteFind;
  var form = document.getElementById("search-form");
  if (!form || !find) return;
  var root = form.getAttribute("data-index");
  var status = document.getElementById("search-status");
  var out = document.getElementById("results");
  var PAGE = 10;
  var EXCERPT = 80;
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var hanChar = new RegExp("[" + HAN + "]");
  var BODY = 0, BITMAP = 1, TITLE = 2;
  var generation = 0;
  var cache = {};

  function once(name, load) {
    if (!cache[name]) cache[name] = load();
    return cache[name];
  }

  function json(path) {
    return fetch(root + path).then(function (response) {
      if (!response.ok) throw new Error(path + " " + response.status);
      return response.json();
    });
  }

  function meta() { return once("index.json", function () { return json("index.json"); }); }

  // ---- the index: buckets of keys and their postings --------------------------------------

  function bucketOf(key, buckets) {  // FNV-1a over UTF-8, as outputs/search.py
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h % buckets;
  }

  function gunzip(response) {
    if (response.status === 404) return new ArrayBuffer(0);  // no key fell in this bucket
    if (!response.ok) throw new Error("bucket " + response.status);
    return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  }

  // A bucket's records: key → {body, title}, each a function giving the ids as a sorted array.
  function bucket(n) {
    return once("keys/" + n, function () {
      return fetch(root + "keys/" + n + ".bin").then(gunzip).then(function (buffer) {
        var read = reader(new Uint8Array(buffer)), records = new Map(), text = new TextDecoder();
        while (read.at < read.bytes.length) {
          var length = read.bytes[read.at++];
          var key = text.decode(read.bytes.subarray(read.at, read.at + length));
          read.at += length;
          var kind = read.bytes[read.at++], count = read.varint(), size = read.varint();
          var record = records.get(key) || {};
          record[kind === TITLE ? "title" : "body"] = decoder(kind, count, read.bytes.subarray(read.at, read.at + size));
          records.set(key, record);
          read.at += size;
        }
        return records;
      });
    });
  }

  // Bytes read from `at` on; varints are 7 bits a byte, low bits first (outputs/search.py's _varint).
  function reader(bytes) {
    var read = { bytes: bytes, at: 0 };
    read.varint = function () {
      var v = 0, shift = 0, b;
      do { b = bytes[read.at++]; v += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
      return v;
    };
    return read;
  }

  function decoder(kind, count, payload) {
    var ids = null;
    return function () {
      if (ids) return ids;
      ids = new Int32Array(count);
      var read = reader(payload), n = 0;
      if (kind === BITMAP) {
        var first = read.varint();
        for (var i = read.at; i < payload.length; i++) {
          for (var bit = 0; bit < 8; bit++) if (payload[i] & (1 << bit)) ids[n++] = first + (i - read.at) * 8 + bit;
        }
      } else {
        var previous = -1;
        while (n < count) { previous += read.varint() + 1; ids[n++] = previous; }
      }
      return ids;
    };
  }

  // The keys a word is looked up by: the word itself up to `grams` characters, else its runs
  // of that many (outputs/search.py's query_keys).
  function keysOf(word, grams) {
    var chars = Array.from(word);
    if (chars.length <= grams) return [word];
    var keys = [];
    for (var i = 0; i + grams <= chars.length; i++) keys.push(chars.slice(i, i + grams).join(""));
    return keys;
  }

  // The postings of each key: {body, title} arrays, or null for a key no page holds.
  function postings(keys) {
    return meta().then(function (index) {
      return Promise.all(keys.map(function (key) {
        return bucket(bucketOf(key, index.buckets)).then(function (records) {
          var record = records.get(key);
          return record ? { body: record.body ? record.body() : new Int32Array(0),
                            title: record.title ? record.title() : new Int32Array(0) } : null;
        });
      }));
    });
  }

  function intersect(lists) {
    if (!lists.length) return [];
    lists = lists.slice().sort(function (a, b) { return a.length - b.length; });
    var result = Array.from(lists[0]);
    lists.slice(1).forEach(function (list) {
      var set = new Set(list);
      result = result.filter(function (id) { return set.has(id); });
    });
    return result;
  }

  // ---- filters, kept as runs of value numbers per document ---------------------------------

  function filterData() {
    return once("filters.json", function () {
      return json("filters.json").then(function (data) {
        var byName = {};
        data.names.forEach(function (name) {
          var values = new Int32Array(data.runs[name].reduce(function (n, r) { return n + r[1]; }, 0)), at = 0;
          data.runs[name].forEach(function (r) { values.fill(r[0], at, at + r[1]); at += r[1]; });
          byName[name] = { values: data.values[name], of: values };
        });
        return byName;
      });
    });
  }

  function valueOf(data, name, id) {
    var f = data[name];
    return f && f.of[id] >= 0 ? f.values[f.of[id]] : null;
  }

  function matching(data, filters) {
    var names = Object.keys(filters);
    return function (id) {
      return names.every(function (name) { return filters[name].any.indexOf(valueOf(data, name, id)) >= 0; });
    };
  }

  function counts(data, ids) {
    var found = {};
    Object.keys(data).forEach(function (name) {
      var byValue = found[name] = {};
      ids.forEach(function (id) {
        var value = valueOf(data, name, id);
        if (value !== null) byValue[value] = (byValue[value] || 0) + 1;
      });
    });
    return found;
  }

  // ---- results: listed from their page's chunk, excerpts from their text ------------------

  function result(id) {
    return {
      id: id,
      listed: function () {
        return meta().then(function (index) {
          var chunk = Math.floor(id / index.chunk);
          return once("pages/" + chunk, function () { return json("pages/" + chunk + ".json"); }).then(function (pages) {
            var page = pages[id % index.chunk];
            return { url: page[0], title: page[1], filters: page[2] };
          });
        });
      },
      data: function () {
        var self = this;
        return Promise.all([self.listed(), json("text/" + id + ".json")]).then(function (both) {
          return Object.assign({}, both[0], both[1]);
        });
      }
    };
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

  function filtersOf(params) {
    var filters = {};
    fieldsets().forEach(function (fs) {
      var values = params.getAll(fs.getAttribute("data-param"));
      if (values.length) filters[fs.getAttribute("data-filter")] = { any: values };  // OR within a filter
    });
    return filters;
  }

  // Pages by relevance (the words in the title first, then in the index's order: other pages,
  // then reports newest first) or by year (pages without a year follow).
  function order(ids, inTitle, sort, data) {
    var rank = function (id) { return inTitle.has(id) ? 0 : 1; };
    var year = function (id) { var y = valueOf(data, "年度", id); return y === null ? null : +y; };
    return ids.slice().sort(function (a, b) {
      if (sort) {
        var ya = year(a), yb = year(b);
        if (ya !== yb) {
          if (ya === null || yb === null) return ya === null ? 1 : -1;
          return sort === "year-asc" ? ya - yb : yb - ya;
        }
      }
      return rank(a) - rank(b) || a - b;
    });
  }

  // What a query finds: the pages holding every key of every word (main), and later the pages
  // holding only all its characters (loose), each in relevance or year order. A key no page
  // holds may be a traditional character: the table is loaded and the words folded again.
  function searchFor(q, filters, sort) {
    var typed = q.split(/\s+/).filter(Boolean);
    var hasFilters = Object.keys(filters).length > 0;
    var data = hasFilters || sort || !typed.length ? filterData() : Promise.resolve(null);
    return Promise.all([meta(), data]).then(function (loaded) {
      var index = loaded[0], filterTable = loaded[1];
      var keep = hasFilters ? matching(filterTable, filters) : function () { return true; };
      if (!typed.length) {
        var all = [];
        for (var id = 0; id < index.documents; id++) if (keep(id)) all.push(id);
        return { words: [], main: order(all, new Set(), sort || "year-desc", filterTable).map(result),
                 loose: function () { return Promise.resolve([]); }, counts: counts(filterTable, all) };
      }
      return wordsFound(typed, hanChar.test(q)).then(function (found) {
        var main = found.main.filter(keep);
        var mainSet = new Set(found.main);
        return {
          words: found.words,
          main: order(main, found.inTitle, sort, filterTable).map(result),
          all: found.main,
          unfiltered: hasFilters ? found.main.length : null,
          loose: function () {  // asked for once the first results are shown
            return looseFor(found.words).then(function (loose) {
              return order(loose.filter(function (id) { return !mainSet.has(id) && keep(id); }), new Set(), sort,
                           filterTable).map(result);
            });
          }
        };
      });
    });
  }

  function wordsFound(typed, han) {
    var words = typed.map(function (w) { return find.fold(w).text; }).filter(Boolean);
    return meta().then(function (index) {
      var keys = [];
      words.forEach(function (w) { keysOf(w, index.grams).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); }); });
      return postings(keys);
    }).then(function (lists) {
      if (han && !find.tableLoaded() && lists.some(function (l) { return l === null; })) {
        return find.loadTable(form.getAttribute("data-t2s")).then(function () { return wordsFound(typed, false); });
      }
      var held = lists.map(function (l) { return l ? l.body : new Int32Array(0); });
      var titled = lists.map(function (l) { return l ? l.title : new Int32Array(0); });
      return { words: words, main: intersect(held), inTitle: new Set(intersect(titled)) };
    });
  }

  // Pages holding every character of the words, wherever they are.
  function looseFor(words) {
    var chars = [];
    words.forEach(function (w) { Array.from(w).forEach(function (c) { if (chars.indexOf(c) < 0) chars.push(c); }); });
    if (words.every(function (w) { return Array.from(w).length < 2; })) return Promise.resolve([]);
    return postings(chars).then(function (lists) {
      return intersect(lists.map(function (l) { return l ? l.body : new Int32Array(0); }));
    });
  }

  function run(params) {
    var mine = ++generation;
    if (!window.DecompressionStream) {  // the index's buckets are gzipped (Chrome 80, Firefox 113, Safari 16.4)
      status.textContent = "这个浏览器版本太旧，无法使用本站搜索；请更新浏览器，或从机构列表逐份查阅报告。";
      out.setAttribute("aria-busy", "false");
      return Promise.resolve();
    }
    var q = params.get("q") || "";
    var filters = filtersOf(params);
    var hasFilters = Object.keys(filters).length > 0;
    if (!q.trim() && !hasFilters) {
      out.replaceChildren();
      out.setAttribute("aria-busy", "false");
      status.textContent = "输入关键词，或勾选筛选条件浏览。";
      return meta().then(function (index) {
        return filterData().then(function (data) {
          var all = [];
          for (var id = 0; id < index.documents; id++) all.push(id);
          if (mine === generation) showCounts(counts(data, all));
        });
      });
    }
    status.textContent = "正在查找……";
    out.setAttribute("aria-busy", "true");
    return searchFor(q, filters, params.get("sort")).then(function (found) {
      if (mine !== generation) return;
      if (found.counts) showCounts(found.counts);
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

  function describe(found, q, hasFilters, loose) {
    var shown = "「" + q + "」";
    if (!found.words.length) return "符合所选条件的页面 " + found.main.length + " 个。";
    var apart = loose === null ? "" : loose.length;
    if (found.main.length) {
      return "含有" + shown + "的页面 " + found.main.length + " 个" +
        (apart ? "；另有 " + apart + " 个页面只含其中的字，列在后面" : "") + "。";
    }
    if (hasFilters) {
      return "所选条件下没有页面含有" + shown + (found.unfiltered ? "；去掉筛选条件有 " + found.unfiltered + " 个" : "") + "。";
    }
    return "没有页面含有" + shown + (apart ? "；有 " + apart + " 个页面含有其中的字，列在下面" : "") + "。";
  }

  // The results containing the words first; the pages holding only their characters follow,
  // folded away, once their postings are in; then the filters' counts for this query.
  function show(found, q, hasFilters, mine) {
    status.textContent = describe(found, q, hasFilters, null);
    var list = resultList(found.main, found.words, mine, true);
    out.replaceChildren(list.element);
    var first = found.main.length ? list.more() : Promise.resolve();
    out.removeAttribute("data-loose");
    var rest = first.then(found.loose).then(function (loose) {
      if (mine !== generation) return;
      status.textContent = describe(found, q, hasFilters, loose);
      out.setAttribute("data-loose", String(loose.length));  // known now: tests wait for it
      if (!loose.length) return;
      var details = document.createElement("details");
      details.className = "loose-results";
      var summary = document.createElement("summary");
      summary.textContent = "只含其中的字、但不连在一起的页面（" + loose.length + "）";
      var apart = resultList(loose, found.words, mine, false);
      details.append(summary, apart.element);
      details.addEventListener("toggle", function () { if (details.open && !apart.started()) apart.more(); });
      out.append(details);
      if (!found.main.length) {
        details.open = true;
        return apart.more();
      }
    });
    if (found.all) {  // the filters' counts for this query, once the first results are shown
      first.then(filterData).then(function (data) { if (mine === generation) showCounts(counts(data, found.all)); });
    }
    return (found.main.length ? first : rest).then(function () {
      if (mine === generation) out.setAttribute("aria-busy", "false");
    });
  }

  // A list that shows PAGE results at a time, each added, in order, once its text is in (only
  // its title and facts without a query): nothing above it moves as the rest arrive. A
  // candidate whose text lacks a word is left out of a list that confirms them (the main one).
  function resultList(results, words, mine, confirm) {
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
      out.setAttribute("aria-busy", "true");
      var added = [], failed = 0;
      // The first result's text alone, then the rest together: on a slow line the first shows
      // as soon as its own text is in, not when all ten are.
      var load = function (r) { return words.length ? r.data() : r.listed(); };
      var lead = batch.length ? load(batch[0]) : null;
      var ready = batch.map(function (r, i) {
        return i === 0 ? lead : lead.then(function () { return load(r); }, function () { return load(r); });
      });
      var chain = Promise.resolve();
      ready.forEach(function (arriving) {
        chain = chain.then(function () { return arriving; }).then(function (data) {
          if (mine !== generation) return;
          var item = resultItem(data, words);
          if (words.length && !addExcerpts(item, data, words, confirm)) return;
          list.append(item);
          added.push(item);
        }, function () { failed += 1; });  // a result that could not be loaded does not hold up the rest
      });
      return chain.then(function () {
        if (mine !== generation) return added;
        button.hidden = shown >= results.length;
        button.textContent = "显示更多结果（还有 " + (results.length - shown) + " 个）";
        if (failed) status.textContent += "（" + failed + " 个结果没能载入，请稍后重试）";
        out.setAttribute("aria-busy", "false");
        return added;
      });
    }
    button.addEventListener("click", function () {
      more().then(function (items) { if (items && items.length) items[0].querySelector("a").focus(); });
    });
    return { element: wrap, more: more, started: function () { return shown > 0; } };
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

  function resultItem(page, words) {
    var filters = page.filters || {};
    var li = el("li", "result");
    var facts = [filters["页面类型"], filters["机构"], filters["年度"] && filters["年度"] + " 年度", filters["报告类型"]]
      .filter(Boolean).map(String);
    li.append(el("p", "result-facts", facts.join(" · ")));
    var heading = el("h3", "result-title");
    var link = el("a", null, page.title || page.url);
    link.href = linkTo(page.url, words);
    heading.append(link);
    li.append(heading);
    return li;
  }

  // The result's excerpts: where the words are before the first section, and up to three
  // sections holding them, each linking into its section. False if asked to confirm the words
  // and the text lacks one.
  function addExcerpts(li, data, words, confirm) {
    var text = data.text;
    var found = find.ranges(text, words);
    var folded = find.fold(text).text;
    if (confirm && !words.every(function (w) { return folded.indexOf(w) >= 0; })) return false;
    var parts = data.sections.map(function (s, i) {
      return { id: s[0], title: s[1], start: s[2], end: i + 1 < data.sections.length ? data.sections[i + 1][2] : text.length };
    });
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
    return true;
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
        return Promise.all(results.map(function (r) { return r.listed(); })).then(function (pages) {
          return pages.map(function (page) { return page.url; });
        });
      };
      return searchFor(q, filters || {}, "").then(function (found) {
        return found.loose().then(function (loose) { return Promise.all([urls(found.main), urls(loose)]); });
      }).then(function (both) { return { main: both[0], loose: both[1] }; });
    }
  };
  var initial = new URLSearchParams(window.location.search);
  showState(initial);
  run(initial);
})();

/* Search the minutes with Pagefind (partials/pagefind.html). Pagefind's index lies in the
   site's own pagefind/ folder and is fetched a piece at a time as words are typed, so the
   site searches offline and stays fast at thousands of meetings. Results use the theme's
   classes; the count is announced; arrow keys move between the results.
   The first result comes first: Pagefind starts loading once the page has (not before, so
   the page is never held up), typing searches without waiting for the filters' values
   (fetched when the results have shown or a filter is touched), and results appear one by
   one as their text arrives, a few at first and more on request or on scrolling down.
   A large site's index comes in parts, merged here, so a word in every meeting is scored
   part by part rather than against all of them at once (see pagefind_index.py). */
(function () {
  var root = document.querySelector("[data-mk-search]");
  if (!root) return;
  var FIRST = 5, PAGE = 20, PAUSE = 120;  // results shown at first, per "more"; ms typing may pause
  var base = new URL(root.getAttribute("data-mk-search").replace(/\/?$/, "/"), location.href);
  var toggle = document.getElementById("__search");
  var form = root.querySelector("form");
  var input = document.getElementById("mk-search-query");
  var committee = document.getElementById("mk-search-committee");
  var year = document.getElementById("mk-search-year");
  var status = document.getElementById("mk-search-status");
  var list = document.getElementById("mk-search-results");
  var more = document.getElementById("mk-search-more");
  var engine = null, partCount = 1, filtering = null, found = [], asked = 0, showing = Promise.resolve(), typing = 0;
  var current = Promise.resolve();  // the latest search, until its first results are listed

  /* Pagefind with every part of the index merged in: a large site's index is in parts of
     whole years (pagefind/parts.json lists the older ones), each tagged with its number as
     the filter "part" so that a listing can go through them newest first. */
  function load() {
    if (!engine) {
      var parts = fetch(new URL("pagefind/parts.json", base).href).then(function (response) {
        return response.ok ? response.json() : [];
      });
      engine = Promise.all([import(new URL("pagefind/pagefind.js", base).href), parts]).then(function (loaded) {
        var pagefind = loaded[0], older = loaded[1];
        var options = {baseUrl: base.pathname};
        if (older.length) options.mergeFilter = {part: "0"};
        return pagefind.options(options).then(function () {
          return pagefind.init();  // its script and WebAssembly, before the first word
        }).then(function () {
          return Promise.all(older.map(function (folder, n) {
            return pagefind.mergeIndex(new URL("pagefind/" + folder, base).pathname,
                                       {baseUrl: base.pathname, mergeFilter: {part: String(n + 1)}});
          }));
        }).then(function () { partCount = older.length + 1; return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  /* Filters alone list their meetings, newest first: Pagefind sorts within each part, so
     the parts are listed one after the other, newest part first. */
  function listing(pagefind, filters) {
    var sort = {date: "desc"}, numbers = [];
    if (partCount === 1) return pagefind.search(null, {filters: filters, sort: sort});
    for (var n = 0; n < partCount; n++) numbers.push(n);
    return Promise.all(numbers.map(function (n) {
      return pagefind.search(null, {filters: Object.assign({part: String(n)}, filters), sort: sort});
    })).then(function (searches) {
      return {results: [].concat.apply([], searches.map(function (search) { return search.results; }))};
    });
  }

  function fill(select, counts, newestFirst) {
    var values = Object.keys(counts || {}).sort();
    if (newestFirst) values.reverse();
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value + " (" + counts[value] + ")";
      select.appendChild(option);
    });
  }

  /* The filters' values: every meeting's committee and year, a larger fetch than a word's. */
  function loadFilters() {
    if (!filtering) {
      filtering = load().then(function (pagefind) { return pagefind.filters(); }).then(function (filters) {
        fill(committee, filters.committee, false);
        fill(year, filters.year, true);
      });
      filtering.catch(function () { filtering = null; });
    }
    return filtering;
  }

  /* Pagefind marks the words found with <mark>; every other part is kept as text only. */
  function excerpt(html) {
    var template = document.createElement("template"), paragraph = document.createElement("p");
    template.innerHTML = html;
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var marked = document.createElement("mark");
        marked.textContent = node.textContent;
        paragraph.appendChild(marked);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function item(data) {
    var entry = document.createElement("li"), link = document.createElement("a");
    var article = document.createElement("article"), title = document.createElement("h1");
    var about = document.createElement("p");
    entry.className = "md-search-result__item";
    link.className = "md-search-result__link";
    link.href = data.url;
    article.className = "md-search-result__article md-typeset";
    title.textContent = data.meta.title || data.url;
    about.className = "mk-search-about";
    about.textContent = [data.meta.date, (data.filters.committee || [])[0]].filter(Boolean).join(" · ");
    article.append(title, about, excerpt(data.excerpt));
    link.appendChild(article);
    entry.appendChild(link);
    return entry;
  }

  function count(n) {
    return n === 1 ? "1 meeting" : n.toLocaleString("en-GB") + " meetings";
  }

  function describe(term) {
    var within = [committee.value, year.value].filter(Boolean).join(", ");
    var what = found.length ? count(found.length) + " found" : "No meetings found";
    return what + (term ? " for \u2018" + term + "\u2019" : "") + (within ? " in " + within : "") +
      (found.length > list.children.length ? "; showing " + list.children.length : "") + ".";
  }

  /* Shows results up to `upTo`: their texts are fetched together and each is listed as soon
     as it and those before it have arrived. The count is announced once they are all in. */
  function show(upTo, term, asking) {
    showing = showing.then(function () {
      if (asking !== asked) return;
      var listed = Promise.resolve();
      found.slice(list.children.length, upTo).forEach(function (result) {
        var text = result.data();
        listed = listed.then(function () { return text; }).then(function (data) {
          if (asking === asked) list.appendChild(item(data));
        });
      });
      return listed.then(function () {
        if (asking !== asked) return;
        var left = found.length - list.children.length;
        more.hidden = left <= 0;
        more.textContent = "Show " + Math.min(left, PAGE) + " more";
        status.textContent = describe(term);
      });
    }).catch(function () {
      if (asking === asked) status.textContent = "Search could not load its index: reload the page to try again.";
    });
    return showing;
  }

  function run() {
    clearTimeout(typing);
    typing = 0;
    var term = input.value.trim(), asking = ++asked, filters = {};
    if (committee.value) filters.committee = committee.value;
    if (year.value) filters.year = year.value;
    if (!term && !committee.value && !year.value) {
      found = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Type a word to search the minutes of every meeting.";
      current = Promise.resolve();
      return;
    }
    current = load().then(function (pagefind) {
      if (asking !== asked) return null;
      return term ? pagefind.search(term, {filters: filters}) : listing(pagefind, filters);
    }).then(function (search) {
      if (!search || asking !== asked) return;
      found = search.results;
      list.replaceChildren();
      return show(FIRST, term, asking).then(function () { loadFilters().catch(function () {}); });
    }).catch(function () {
      if (asking === asked) status.textContent = "Search could not load its index: reload the page to try again.";
    });
  }

  /* Typing searches once it pauses; meanwhile the index pieces for the word so far load. */
  function typed() {
    var term = input.value.trim();
    clearTimeout(typing);
    asked++;  // a search under way for fewer letters is not shown
    // Not for one or two letters: their index pieces are of the words they begin, not the word typed.
    if (term.length > 2) load().then(function (pagefind) { return pagefind.preload(term); }).catch(function () {});
    typing = setTimeout(run, term ? PAUSE : 0);
  }

  /* Open, the search is a modal dialog: the page behind it is inert, so neither Tab nor
     a screen reader wanders into what the results cover. */
  function opened(state) {
    if (toggle.checked !== state) toggle.checked = state;
    var page = document.querySelector(".md-container");
    if (page) page.inert = state;
    if (state) {
      load();
      if (document.activeElement !== input) input.focus();
    }
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("focus", function () { opened(true); });
  input.addEventListener("input", typed);
  [committee, year].forEach(function (select) {
    select.addEventListener("change", run);
    ["focus", "pointerdown"].forEach(function (kind) { select.addEventListener(kind, loadFilters); });
  });
  more.addEventListener("click", function () {
    var next = list.children.length;
    show(next + PAGE, input.value.trim(), asked).then(function () {
      var first = links()[next];
      if (first) first.focus();
    });
  });
  /* Scrolling to the end of the results lists the next ones, as the button would. */
  var wrap = root.querySelector(".md-search__scrollwrap");
  wrap.addEventListener("scroll", function () {
    if (!more.hidden && wrap.scrollTop + wrap.clientHeight >= wrap.scrollHeight - more.offsetHeight * 4) {
      show(list.children.length + PAGE, input.value.trim(), asked);
    }
  }, {passive: true});
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (typing) run();  // Enter before typing paused: search now, then open its first result
    current.then(function () {
      var first = links()[0];
      if (first) first.click();
    });
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () { opened(toggle.checked); });
  root.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      opened(false);
      input.blur();
      event.preventDefault();
    } else if (event.key === "ArrowDown" && (document.activeElement === input || at >= 0)) {
      if (all[at + 1]) all[at + 1].focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && at >= 0) {
      (at > 0 ? all[at - 1] : input).focus();
      event.preventDefault();
    }
  });
  /* Pagefind loads once the page has, while the reader looks at it, not in its way. */
  function early() {
    if (window.requestIdleCallback) window.requestIdleCallback(function () { load(); }, {timeout: 2000});
    else setTimeout(load, 0);
  }
  if (document.readyState === "complete") early();
  else window.addEventListener("load", early);
})();

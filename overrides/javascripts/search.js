/* Search the minutes with Pagefind (partials/pagefind.html). Pagefind's index lies in the
   site's own pagefind/ folder and is fetched a piece at a time as words are typed, so the
   site searches offline and stays fast at thousands of meetings. Results use the theme's
   classes; the count is announced; arrow keys move between the results. */
(function () {
  var root = document.querySelector("[data-mk-search]");
  if (!root) return;
  var PAGE = 20;
  var base = new URL(root.getAttribute("data-mk-search").replace(/\/?$/, "/"), location.href);
  var toggle = document.getElementById("__search");
  var form = root.querySelector("form");
  var input = document.getElementById("mk-search-query");
  var committee = document.getElementById("mk-search-committee");
  var year = document.getElementById("mk-search-year");
  var status = document.getElementById("mk-search-status");
  var list = document.getElementById("mk-search-results");
  var more = document.getElementById("mk-search-more");
  var engine = null, found = [], asked = 0;

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

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        return pagefind.options({baseUrl: base.pathname}).then(function () {
          return pagefind.filters();
        }).then(function (filters) {
          fill(committee, filters.committee, false);
          fill(year, filters.year, true);
          return pagefind;
        });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
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

  function show(upTo, term, asking) {
    var shown = list.children.length;
    return Promise.all(found.slice(shown, upTo).map(function (result) { return result.data(); }))
      .then(function (pages) {
        if (asking !== asked) return;
        pages.forEach(function (data) { list.appendChild(item(data)); });
        var left = found.length - list.children.length;
        more.hidden = left <= 0;
        more.textContent = "Show " + Math.min(left, PAGE) + " more";
        status.textContent = describe(term);
      });
  }

  function run() {
    var term = input.value.trim(), asking = ++asked, filters = {};
    if (committee.value) filters.committee = committee.value;
    if (year.value) filters.year = year.value;
    if (!term && !committee.value && !year.value) {
      found = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Type a word to search the minutes of every meeting.";
      return;
    }
    load().then(function (pagefind) {
      // Filters alone list their meetings, newest first.
      return pagefind.search(term || null, term ? {filters: filters} : {filters: filters, sort: {date: "desc"}});
    }).then(function (search) {
      if (asking !== asked) return;
      found = search.results;
      list.replaceChildren();
      return show(PAGE, term, asking);
    }).catch(function () {
      if (asking === asked) status.textContent = "Search could not load its index: reload the page to try again.";
    });
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
  input.addEventListener("input", run);
  committee.addEventListener("change", run);
  year.addEventListener("change", run);
  more.addEventListener("click", function () {
    var next = list.children.length;
    show(next + PAGE, input.value.trim(), asked).then(function () {
      var first = links()[next];
      if (first) first.focus();
    });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
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
})();

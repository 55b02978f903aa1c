// podgraph explorer: client-side search over window.PODGRAPH_SEARCH (assets/search-data.js).
// Results are built with textContent, never innerHTML, so a title cannot inject markup.
// `index.html#q=WORD` opens with WORD searched.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  var LIMIT = 60;
  var items = (window.PODGRAPH_SEARCH || []).map(function (d) {
    return { title: d[0], kind: d[1], url: d[2], low: d[0].toLowerCase(),
             hay: (d[0] + " " + d[3]).toLowerCase(), weight: d[4] };
  });

  // Exact title first, then titles that start with the query, then titles that contain it,
  // then matches in aliases or dates; more mentioned entities first within each.
  function rank(item, q) {
    if (item.low === q) return 0;
    var at = item.low.indexOf(q);
    if (at === 0) return 1;
    if (at > 0) return 2;
    return item.hay.indexOf(q) >= 0 ? 3 : -1;
  }

  function show(hits) {
    list.textContent = "";
    hits.slice(0, LIMIT).forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.item.url;
      a.textContent = hit.item.title;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = hit.item.kind;
      li.appendChild(a);
      li.appendChild(kind);
      list.appendChild(li);
    });
  }

  function run() {
    var q = input.value.trim().toLowerCase();
    if (!q) { list.textContent = ""; count.textContent = ""; return; }
    var hits = [];
    items.forEach(function (item) {
      var r = rank(item, q);
      if (r >= 0) hits.push({ rank: r, item: item });
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || b.item.weight - a.item.weight ||
        (a.item.low < b.item.low ? -1 : a.item.low > b.item.low ? 1 : 0);
    });
    count.textContent = hits.length + (hits.length === 1 ? " match" : " matches") +
      (hits.length > LIMIT ? ", first " + LIMIT + " shown" : "");
    show(hits);
  }

  input.addEventListener("input", run);
  var m = /^#q=(.*)$/.exec(window.location.hash);
  if (m) { input.value = decodeURIComponent(m[1]); }
  run();
})();

// podgraph explorer: the topic graph (window.PODGRAPH_TOPICS, assets/topics-data.js) drawn by
// the vendored cytoscape.js. Nodes come most mentioned first and links strongest first, so the
// view thins by taking prefixes: `step` topics at first (and `links_per_node` links per topic
// drawn), "Show more" adds `step` topics. Kind and community filters apply before the cut.
// `graph.html#community=ID` opens with one community selected. Clicking a topic opens its page.
// Layout: every community gets a disc of its own (a sunflower spiral of its topics, discs on a
// ring); up to FORCE_LIMIT topics are then refined by cytoscape's force-directed "cose", whose
// cost grows with the square of the topics drawn, so beyond it the disc layout is kept as is.
(function () {
  "use strict";
  var T = window.PODGRAPH_TOPICS;
  var kindSel = document.getElementById("kind");
  var commSel = document.getElementById("community");
  var status = document.getElementById("status");
  var limit = T.step;
  var FORCE_LIMIT = 300;
  // Twelve distinct colours, community id modulo 12; grey when there is none.
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                 "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a"];

  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }
  var kinds = {};
  T.nodes.forEach(function (n) { kinds[n[2]] = true; });
  Object.keys(kinds).sort().forEach(function (k) { option(kindSel, k, k); });
  T.communities.forEach(function (c) { option(commSel, String(c[0]), c[1] + " (" + c[2] + ")"); });

  function chosen() {
    var kind = kindSel.value, comm = commSel.value;
    var picked = [];
    for (var i = 0; i < T.nodes.length && picked.length < limit; i++) {
      var n = T.nodes[i];
      if ((kind === "" || n[2] === kind) && (comm === "" || String(n[3]) === comm)) picked.push(i);
    }
    return picked;
  }

  function elements(picked) {
    var inView = {}, els = [], most = 1;
    picked.forEach(function (i) { inView[i] = true; most = Math.max(most, T.nodes[i][4]); });
    var at = discs(picked);
    picked.forEach(function (i) {
      var n = T.nodes[i];
      els.push({ group: "nodes", data: { id: "n" + i, label: n[1], url: n[5],
        colour: PALETTE[n[3] % PALETTE.length] || "#999",
        size: 12 + 38 * Math.sqrt(n[4] / most), font: Math.round(9 + 11 * Math.sqrt(n[4] / most)) },
        position: at[i] });
    });
    // Each topic's strongest link in view first, so no drawn topic floats alone when it has a
    // link at all; then the strongest links overall, up to the budget.
    var budget = picked.length * T.links_per_node, heaviest = 0, links = [], taken = {}, linked = {};
    function take(e) { taken[e] = true; links.push(T.edges[e]); }
    for (var e = 0; e < T.edges.length; e++) {
      var edge = T.edges[e];
      if (!inView[edge[0]] || !inView[edge[1]]) continue;
      if (!linked[edge[0]] || !linked[edge[1]]) { take(e); linked[edge[0]] = linked[edge[1]] = true; }
    }
    for (e = 0; e < T.edges.length && links.length < budget; e++) {
      if (!taken[e] && inView[T.edges[e][0]] && inView[T.edges[e][1]]) take(e);
    }
    links.forEach(function (l) { heaviest = Math.max(heaviest, l[2]); });
    links.forEach(function (l, k) {
      els.push({ group: "edges", data: { id: "e" + k, source: "n" + l[0], target: "n" + l[1],
        width: 0.5 + 5 * l[2] / (heaviest || 1) } });
    });
    return { els: els, nodes: picked.length, edges: links.length };
  }

  // Positions without randomness (the same on every load): each community's topics on a
  // sunflower spiral, most mentioned at the centre, and the communities' discs around a ring.
  function discs(picked) {
    var members = {}, order = [], pos = {}, SPACING = 34, GOLDEN = Math.PI * (3 - Math.sqrt(5));
    picked.forEach(function (i) {
      var c = T.nodes[i][3];
      if (!members[c]) { members[c] = []; order.push(c); }
      members[c].push(i);
    });
    var radius = order.map(function (c) { return SPACING * (Math.sqrt(members[c].length) + 1); });
    var around = radius.reduce(function (a, r) { return a + 2.4 * r; }, 0);
    var ring = order.length > 1 ? around / (2 * Math.PI) : 0, angle = 0;
    order.forEach(function (c, k) {
      angle += (k ? radius[k - 1] : 0) * 1.2 / Math.max(ring, 1) + radius[k] * 1.2 / Math.max(ring, 1);
      var cx = ring * Math.cos(angle), cy0 = ring * Math.sin(angle);
      members[c].forEach(function (i, j) {
        var r = SPACING * Math.sqrt(j), a = j * GOLDEN;
        pos[i] = { x: cx + r * Math.cos(a), y: cy0 + r * Math.sin(a) };
      });
    });
    return pos;
  }

  var cy = cytoscape({
    container: document.getElementById("cy"),
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": "data(font)", "min-zoomed-font-size": 7,
        "text-valign": "center", "text-halign": "right", "text-margin-x": 3,
        "color": "#1d232b", "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "edge", style: {
        "width": "data(width)", "line-color": "#9aa5b1", "opacity": 0.55, "curve-style": "haystack" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } }
    ]
  });

  function draw() {
    var view = elements(chosen());
    cy.elements().remove();
    cy.add(view.els);
    var force = view.nodes <= FORCE_LIMIT;
    if (force) {
      cy.layout({ name: "cose", animate: false, randomize: false, fit: true, padding: 20,
                  nodeRepulsion: function () { return 60000; }, idealEdgeLength: function () { return 80; },
                  numIter: Math.min(1000, Math.round(150000 / Math.max(view.nodes, 1))) }).run();
    } else {
      cy.fit(undefined, 20);
    }
    status.textContent = "drawing " + view.nodes + " of " + T.nodes.length + " topics and " +
      view.edges + " of " + T.edges.length + " links" +
      (force ? "" : " (grouped by community; above " + FORCE_LIMIT + " topics the force layout is skipped)");
  }

  cy.on("tap", "node", function (evt) { window.location.href = evt.target.data("url"); });
  // The drawn graph, for the browser check (.ci/check_explorer.py) to find a node to click.
  window.PODGRAPH_VIEW = cy;
  kindSel.addEventListener("change", function () { limit = T.step; draw(); });
  commSel.addEventListener("change", function () { limit = T.step; draw(); });
  document.getElementById("more").addEventListener("click", function () { limit += T.step; draw(); });
  document.getElementById("all").addEventListener("click", function () { limit = T.nodes.length; draw(); });

  function fromHash() {
    var m = /community=(\d+)/.exec(window.location.hash);
    commSel.value = m ? m[1] : "";
    if (commSel.value !== (m ? m[1] : "")) commSel.value = "";
    limit = T.step;
    draw();
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();

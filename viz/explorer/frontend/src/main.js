// The explorer: boots from the API only (style, stats, overview) and wires the parts together.

import {api} from "./api.js";
import {$, clear, h, toast} from "./dom.js";
import {GraphView} from "./graphview.js";
import {Panel} from "./panel.js";
import {SearchBox} from "./search.js";
import {CypherBox} from "./cypher.js";
import {Trends} from "./trends.js";
import {swatch} from "./style.js";

const DEFAULT_OVERVIEW = 5000;

function layoutTime(view) {
  return Math.min(9000, 1500 + view.graph.order * 0.4);
}

function boot(style) {
  const view = new GraphView($("#graph"), style);
  const state = {view, ready: null, nodes: 0, edges: 0, cut: false};
  window.kgExplorer = state;
  const labels = new Set(Object.keys(style.labels || {}));
  const nodeId = (id) => (labels.has(String(id).split(":")[0]) ? String(id) : `Paper:${id}`);

  const status = (text) => clear($("#status"), text);
  const describe = () =>
    status(
      `${view.graph.order} nodes · ${view.graph.size} edges` +
        (state.cut ? " (the best-connected part: search or expand for more)" : "") +
        (view.layout ? " · laying out…" : ""),
    );

  async function open(id) {
    id = nodeId(id);
    try {
      if (!view.graph.hasNode(id)) {
        const data = await api.neighborhood(id, {depth: 1, limit: 150});
        view.merge(data, view.selected);
        if (!view.graph.hasNode(id) && data.nodes && data.nodes.length) id = data.nodes[0].id;
        view.runLayout(1500);
      }
      view.select(id, {center: true});
    } catch (error) {
      toast(error.message);
    }
  }

  async function expand(id) {
    try {
      const data = await api.neighborhood(id, {depth: 1, limit: 300});
      const added = view.merge(data, id);
      if (added) view.runLayout(2000);
      view.select(id, {center: true});
      status(`${added} new node(s) around ${view.node(id).label}${data.truncated ? " (more exist: cut at 300)" : ""}`);
    } catch (error) {
      toast(error.message);
    }
  }

  async function showShared(paperId, results) {
    const ids = [paperId, ...results.slice(0, 12).map((r) => nodeId(r.paper.id))];
    try {
      const parts = await Promise.all(ids.map((id) => api.neighborhood(id, {depth: 1, limit: 100, labels: ["Dataset"]})));
      for (const part of parts) view.merge(part, paperId);
      view.runLayout(2000);
      const datasets = results.flatMap((r) => r.datasets.map((name) => `Dataset:${name}`));
      view.select(paperId, {center: true, also: [...ids, ...datasets]});
    } catch (error) {
      toast(error.message);
    }
  }

  const trends = new Trends($("#trends"));
  function trend(id) {
    $("#trends").hidden = false;
    trends.add(id);
  }

  new Panel($("#panel"), view, {open, expand, trend, showShared});
  new SearchBox($("#search"), $("#search-results"), style, open);
  new CypherBox($("#cypher"), view, () => {
    state.cut = false;
    view.runLayout(layoutTime(view));
    refreshFilters();
  });

  // Label and date filters.
  const hidden = new Set();
  function refreshFilters() {
    const counts = view.counts();
    clear(
      $("#label-filters"),
      Object.keys(style.labels).map((label) =>
        h(
          "label",
          {class: `filter${counts[label] ? "" : " empty"}`},
          h("input", {
            type: "checkbox",
            checked: !hidden.has(label),
            dataset: {label},
            onchange: (event) => {
              if (event.target.checked) hidden.delete(label);
              else hidden.add(label);
              view.setFilters({hiddenLabels: hidden});
            },
          }),
          swatch(style, label),
          ` ${label} `,
          h("span", {class: "muted"}, String(counts[label] || 0)),
        ),
      ),
    );
    describe();
  }
  const dateChanged = () => view.setFilters({from: $("#date-from").value, to: $("#date-to").value});
  $("#date-from").addEventListener("change", dateChanged);
  $("#date-to").addEventListener("change", dateChanged);

  view.addEventListener("layout", describe);
  view.addEventListener("changed", () => refreshFilters());
  for (const [button, drawer] of [["#toggle-cypher", "#cypher"], ["#toggle-trends", "#trends"]]) {
    $(button).addEventListener("click", () => ($(drawer).hidden = !$(drawer).hidden));
  }
  document.querySelectorAll(".drawer .close").forEach((b) => b.addEventListener("click", () => (b.closest(".drawer").hidden = true)));
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement.tagName !== "INPUT" && document.activeElement.tagName !== "TEXTAREA") {
      event.preventDefault();
      $("#search").focus();
    }
  });

  async function overview() {
    const params = new URLSearchParams(location.search);
    const limit = Number(params.get("limit")) || DEFAULT_OVERVIEW;
    const data = await api.overview(limit);
    state.cut = Boolean(data.truncated);
    view.replace(data);
    const firstRender = () => {
      if (view.graph.order === 0 && (data.nodes || []).length) return; // an earlier, empty frame
      view.sigma.off("afterRender", firstRender);
      // First interactive render: the graph is drawn and answers the mouse (bench/viz_bench.py reads this).
      performance.mark("kg-first-render");
      state.ready = performance.now();
      state.nodes = view.graph.order;
      state.edges = view.graph.size;
      document.body.dataset.state = "ready";
    };
    if (state.ready === null) view.sigma.on("afterRender", firstRender);
    refreshFilters();
    view.runLayout(layoutTime(view));
    if (params.get("node")) open(params.get("node"));
  }
  $("#show-overview").addEventListener("click", () => overview().catch((error) => toast(error.message)));

  api
    .stats()
    .then((stats) => {
      const nodes = stats.nodes || {};
      const papers = nodes.Paper || 0;
      const entities = Object.entries(nodes).reduce((sum, [label, n]) => sum + (label === "Paper" ? 0 : n), 0);
      const rels = Object.values(stats.relationships || {}).reduce((a, b) => a + b, 0);
      clear($("#stats"), `${papers} papers · ${entities} entities · ${rels} relationships`);
    })
    .catch(() => null);
  overview().catch((error) => {
    toast(error.message);
    document.body.dataset.state = "error";
  });
}

api
  .style()
  .then(boot)
  .catch((error) => {
    document.body.dataset.state = "error";
    toast(`cannot load the explorer: ${error.message}`);
  });

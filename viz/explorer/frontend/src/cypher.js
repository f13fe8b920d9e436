// The Cypher box: POST /cypher (read-only, enforced by the store) and draw what comes back.

import {api} from "./api.js";
import {clear, h, toast} from "./dom.js";
import {caption} from "./style.js";

const nodeId = (ref) => `${ref.label}:${ref.key}`;

// Every node and relationship found anywhere in the rows (lists and maps included).
export function graphFromRows(rows, style) {
  const nodes = new Map();
  const edges = new Map();
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== "object") return;
    if (value.kind === "node") {
      const id = nodeId(value);
      const properties = value.properties || {};
      nodes.set(id, {id, label: value.label, key: value.key, caption: caption(style, value.label, value.key, properties), properties});
    } else if (value.kind === "relationship") {
      const source = nodeId(value.start);
      const target = nodeId(value.end);
      const id = `${source}-${value.type}->${target}`;
      edges.set(id, {id, source, target, type: value.type, properties: value.properties || {}});
    } else {
      Object.values(value).forEach(visit);
    }
  };
  rows.forEach(visit);
  return {nodes: [...nodes.values()], edges: [...edges.values()]};
}

function cell(value) {
  if (value === null || value === undefined) return "";
  if (value.kind === "node") return `(${value.label} ${value.key})`;
  if (value.kind === "relationship") return `[${value.type}]`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export class CypherBox {
  constructor(root, view, onDrawn) {
    this.root = root;
    this.view = view;
    this.onDrawn = onDrawn;
    this.text = root.querySelector("#cypher-text");
    this.output = root.querySelector("#cypher-output");
    this.addToView = root.querySelector("#cypher-add");
    root.querySelector("#cypher-run").addEventListener("click", () => this.run());
    this.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.run();
      }
    });
  }

  async run() {
    const query = this.text.value.trim();
    if (!query) return;
    clear(this.output, h("p", {class: "muted"}, "running…"));
    let answer;
    try {
      answer = await api.cypher(query);
    } catch (error) {
      clear(this.output, h("p", {class: "error", id: "cypher-error"}, error.message));
      toast(error.message);
      return;
    }
    const graph = graphFromRows(answer.rows || [], this.view.style);
    if (graph.nodes.length) {
      if (this.addToView.checked) this.view.merge(graph);
      else this.view.replace(graph);
      this.onDrawn(graph);
    }
    const rows = answer.rows || [];
    clear(
      this.output,
      h(
        "p",
        {class: "muted", id: "cypher-summary"},
        `${rows.length} row(s)${answer.truncated ? " (cut at the row cap)" : ""}; drew ${graph.nodes.length} node(s), ${graph.edges.length} relationship(s)`,
      ),
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, (answer.columns || []).map((c) => h("th", {}, c)))),
        h("tbody", {}, rows.slice(0, 100).map((row) => h("tr", {}, row.map((v) => h("td", {}, cell(v)))))),
      ),
    );
  }
}

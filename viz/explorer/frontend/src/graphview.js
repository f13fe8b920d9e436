// The graph on screen: a graphology graph drawn by sigma.js (WebGL), laid out by ForceAtlas2 in a
// web worker so large views (20k nodes, 60k edges) stay interactive while they settle.

import Graph from "graphology";
import Sigma from "sigma";
import {EdgeArrowProgram, EdgeLineProgram} from "sigma/rendering";
import {createNodeImageProgram} from "@sigma/node-image";
import {WorkerLayout} from "./layout.js";

import {edgeColour, nodeLook} from "./style.js";

const BIG_GRAPH_EDGES = 10000; // above this: plain lines, and edges hidden while the camera moves
const DIMMED = "#e2e2e2";

export class GraphView extends EventTarget {
  constructor(container, style) {
    super();
    this.style = style;
    this.graph = new Graph({type: "directed", multi: true, allowSelfLoops: true});
    this.hiddenLabels = new Set();
    this.dateRange = {from: "", to: ""};
    this.selected = null;
    this.follow = null;
    this.focusSet = null;
    this.layout = null;
    this.layoutTimer = null;
    this.dragged = null;
    this.sigma = new Sigma(this.graph, container, {
      nodeProgramClasses: {
        shape: createNodeImageProgram({
          drawingMode: "color",
          keepWithinCircle: false,
          padding: 0,
          size: {mode: "force", value: 64},
        }),
      },
      edgeProgramClasses: {arrow: EdgeArrowProgram, line: EdgeLineProgram},
      defaultEdgeType: "arrow",
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 9,
      labelFont: "system-ui, sans-serif",
      zIndex: false,
    });
    this.bindEvents();
  }

  // ---- reading the API's graph JSON into the view --------------------------------------------

  // Adds nodes and edges (known ones are merged); new nodes start around `anchor` when given.
  merge(data, anchor = null) {
    this.stopLayout();
    const spread = Math.max(10, Math.sqrt(this.graph.order + (data.nodes || []).length) * 4);
    const origin = anchor && this.graph.hasNode(anchor) ? this.graph.getNodeAttributes(anchor) : null;
    let added = 0;
    for (const node of data.nodes || []) {
      if (this.upsertNode(node, origin, spread)) added++;
    }
    for (const edge of data.edges || []) this.addEdge(edge, origin, spread);
    this.refreshSizes();
    this.dispatch("changed", {added});
    return added;
  }

  replace(data) {
    this.select(null);
    this.stopLayout();
    this.graph.clear();
    this.merge(data);
    this.sigma.getCamera().setState({x: 0.5, y: 0.5, ratio: 1, angle: 0});
  }

  upsertNode(node, origin, spread) {
    const look = nodeLook(this.style, node);
    const attrs = {
      ...look,
      kind: node.label,
      key: String(node.key),
      properties: node.properties || {},
      published: (node.properties && node.properties.published) || "",
    };
    if (this.graph.hasNode(node.id)) {
      const known = this.graph.getNodeAttributes(node.id);
      // A placeholder (a Cypher relationship's end) gets the full properties once they arrive.
      this.graph.mergeNodeAttributes(node.id, {...attrs, properties: {...known.properties, ...attrs.properties}});
      return false;
    }
    const angle = Math.random() * 2 * Math.PI;
    const radius = origin ? 1 + Math.random() * 3 : Math.random() * spread;
    this.graph.addNode(node.id, {
      ...attrs,
      x: (origin ? origin.x : 0) + radius * Math.cos(angle),
      y: (origin ? origin.y : 0) + radius * Math.sin(angle),
    });
    return true;
  }

  addEdge(edge, origin, spread) {
    if (this.graph.hasEdge(edge.id)) return;
    for (const end of [edge.source, edge.target]) {
      if (!this.graph.hasNode(end)) {
        const [label, ...rest] = String(end).split(":");
        this.upsertNode({id: end, label, key: rest.join(":"), properties: {}}, origin, spread);
      }
    }
    this.graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      relType: edge.type,
      properties: edge.properties || {},
      color: edgeColour(this.style, edge.type),
      size: edge.type === "PROPOSES" ? 1.5 : 1,
    });
  }

  refreshSizes() {
    const big = this.graph.order > 5000;
    this.graph.updateEachNodeAttributes((node, attrs) => {
      const degree = this.graph.degree(node);
      const size = attrs.baseSize * (big ? 0.45 : 0.75) + Math.min(Math.sqrt(degree) * (big ? 0.6 : 1.3), 14);
      return {...attrs, size};
    });
    // Small views can afford every caption; big ones only the larger nodes'.
    this.sigma.setSetting("labelRenderedSizeThreshold", this.graph.order < 150 ? 3 : 9);
    const heavy = this.graph.size > BIG_GRAPH_EDGES;
    this.sigma.setSetting("defaultEdgeType", heavy ? "line" : "arrow");
    this.sigma.setSetting("hideEdgesOnMove", heavy);
  }

  // ---- layout ---------------------------------------------------------------------------------

  runLayout(ms) {
    this.stopLayout();
    if (this.graph.order < 2) return;
    this.layout = new WorkerLayout(this.graph).start();
    this.dispatch("layout", {running: true});
    this.layoutTimer = setTimeout(() => this.stopLayout(), ms);
  }

  stopLayout() {
    clearTimeout(this.layoutTimer);
    if (this.layout) {
      this.layout.kill();
      this.layout = null;
      this.dispatch("layout", {running: false});
      if (this.follow && this.follow === this.selected && this.graph.hasNode(this.follow)) {
        const target = this.follow;
        requestAnimationFrame(() => this.centerOn(target));
      }
    }
  }

  // ---- selection, filters, reducers ----------------------------------------------------------

  // Selects `node` and highlights it with its neighbours (and `also`, e.g. the papers sharing a
  // dataset with it); everything else is dimmed.
  select(node, {center = false, also = []} = {}) {
    this.selected = node && this.graph.hasNode(node) ? node : null;
    this.focusSet = this.selected
      ? new Set([this.selected, ...this.graph.neighbors(this.selected), ...also.filter((id) => this.graph.hasNode(id))])
      : null;
    this.updateReducers();
    this.dispatch("select", {node: this.selected});
    // After the panel has opened (it narrows the graph), so the node ends up in the visible part.
    // The layout keeps moving things, so the camera centres again once it has stopped.
    const target = this.selected;
    this.follow = center ? target : null;
    if (target && center) requestAnimationFrame(() => this.centerOn(target));
  }

  centerOn(node) {
    if (!this.graph.hasNode(node)) return; // gone meanwhile (a new Cypher result, say)
    // The camera works in sigma's normalised ("framed") coordinates, not the graph's.
    const {x, y} = this.graph.getNodeAttributes(node);
    const framed = this.sigma.viewportToFramedGraph(this.sigma.graphToViewport({x, y}));
    const camera = this.sigma.getCamera();
    camera.animate({x: framed.x, y: framed.y, ratio: Math.min(camera.ratio, 0.6)}, {duration: 400});
  }

  setFilters({hiddenLabels, from, to}) {
    if (hiddenLabels) this.hiddenLabels = new Set(hiddenLabels);
    if (from !== undefined) this.dateRange.from = from || "";
    if (to !== undefined) this.dateRange.to = to || "";
    this.updateReducers();
  }

  // Reducers only while something is selected or filtered: otherwise sigma can skip a pass over
  // every node and edge on each frame the layout moves them.
  updateReducers() {
    const active = this.selected || this.hiddenLabels.size || this.dateRange.from || this.dateRange.to;
    this.sigma.setSetting("nodeReducer", active ? (node, data) => this.nodeReducer(node, data) : null);
    this.sigma.setSetting("edgeReducer", active ? (edge, data) => this.edgeReducer(edge, data) : null);
    this.sigma.setSetting("zIndex", Boolean(this.selected)); // sorting 60k items per frame is not free
  }

  isFilteredOut(attrs) {
    if (this.hiddenLabels.has(attrs.kind)) return true;
    const {from, to} = this.dateRange;
    if (attrs.kind !== "Paper" || (!from && !to)) return false;
    const month = (attrs.published || "").slice(0, 7);
    if (!month) return true;
    return (from && month < from) || (to && month > to);
  }

  nodeReducer(node, data) {
    const shown = {...data};
    if (this.isFilteredOut(data)) {
      shown.hidden = true;
      return shown;
    }
    if (this.focusSet) {
      if (this.focusSet.has(node)) {
        shown.zIndex = 1;
        shown.forceLabel = node === this.selected || this.focusSet.size < 40;
      } else {
        shown.color = DIMMED;
        shown.label = "";
        shown.zIndex = 0;
      }
    }
    if (node === this.selected) shown.highlighted = true;
    return shown;
  }

  edgeReducer(edge, data) {
    const shown = {...data};
    const [source, target] = this.graph.extremities(edge);
    if (
      this.isFilteredOut(this.graph.getNodeAttributes(source)) ||
      this.isFilteredOut(this.graph.getNodeAttributes(target))
    ) {
      shown.hidden = true;
    } else if (this.focusSet && !(this.focusSet.has(source) && this.focusSet.has(target))) {
      shown.hidden = true;
    } else if (this.selected) {
      shown.size = 2;
    }
    return shown;
  }

  // ---- interaction ----------------------------------------------------------------------------

  bindEvents() {
    this.sigma.on("clickNode", ({node}) => this.select(node));
    this.sigma.on("clickStage", () => this.select(null));
    this.sigma.on("enterNode", () => (this.sigma.getContainer().style.cursor = "pointer"));
    this.sigma.on("leaveNode", () => (this.sigma.getContainer().style.cursor = ""));
    // Drag a node to move it (the layout stops so it stays where it is put).
    this.sigma.on("downNode", ({node}) => {
      this.follow = null; // the user takes over the camera
      this.stopLayout();
      this.dragged = node;
    });
    this.sigma.getMouseCaptor().on("mousemovebody", (event) => {
      if (!this.dragged) return;
      const position = this.sigma.viewportToGraph(event);
      this.graph.mergeNodeAttributes(this.dragged, {x: position.x, y: position.y});
      event.preventSigmaDefault();
      event.original.preventDefault();
      event.original.stopPropagation();
    });
    this.sigma.getMouseCaptor().on("mouseup", () => (this.dragged = null));
  }

  dispatch(name, detail) {
    this.dispatchEvent(new CustomEvent(name, {detail}));
  }

  node(id) {
    return this.graph.hasNode(id) ? {id, ...this.graph.getNodeAttributes(id)} : null;
  }

  // Edges touching `id`, with the node at the other end (for evidence in the side panel).
  incident(id) {
    if (!this.graph.hasNode(id)) return [];
    return this.graph.mapEdges(id, (edge, attrs, source, target) => ({
      id: edge,
      type: attrs.relType,
      properties: attrs.properties,
      other: source === id ? target : source,
      outgoing: source === id,
    }));
  }

  counts() {
    const counts = {};
    this.graph.forEachNode((_, attrs) => (counts[attrs.kind] = (counts[attrs.kind] || 0) + 1));
    return counts;
  }
}

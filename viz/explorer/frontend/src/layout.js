// ForceAtlas2 in a web worker, with positions pushed to the graph at most every `interval` ms.
//
// graphology's own supervisor applies every iteration, and each update makes sigma re-process the
// whole graph: fine for a few thousand nodes, but at 20k nodes / 60k edges that costs a few hundred
// milliseconds per frame and the page stops answering. Here the worker iterates at full speed and
// the page takes a snapshot only now and then, so the camera and clicks stay fluid meanwhile.

import forceAtlas2 from "graphology-layout-forceatlas2";
import DEFAULT_SETTINGS from "graphology-layout-forceatlas2/defaults";
import helpers from "graphology-layout-forceatlas2/helpers";
import workerFunction from "graphology-layout-forceatlas2/webworker";
import {createEdgeWeightGetter} from "graphology-utils/getters";

const getEdgeWeight = createEdgeWeightGetter("weight").fromEntry;

export class WorkerLayout {
  constructor(graph) {
    this.graph = graph;
    // inferSettings gives only what depends on the graph's size; the worker needs every setting.
    this.settings = {...DEFAULT_SETTINGS, ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 1000};
    // Snapshot rate: frequent for small graphs (smooth), rare for big ones (cheap).
    this.interval = Math.min(1500, Math.max(30, graph.order / 15));
    this.lastApplied = 0;
    this.running = false;
    this.worker = null;
    this.matrices = null;
  }

  start() {
    this.matrices = helpers.graphToByteArrays(this.graph, getEdgeWeight);
    this.worker = helpers.createWorker(workerFunction);
    this.worker.addEventListener("message", (event) => this.receive(event));
    this.running = true;
    this.lastApplied = performance.now();
    this.ask(true);
    return this;
  }

  ask(withEdges = false) {
    const payload = {settings: this.settings, nodes: this.matrices.nodes.buffer};
    const buffers = [this.matrices.nodes.buffer];
    if (withEdges) {
      payload.edges = this.matrices.edges.buffer;
      buffers.push(this.matrices.edges.buffer);
    }
    this.worker.postMessage(payload, buffers);
  }

  receive(event) {
    if (!this.running) return;
    this.matrices.nodes = new Float32Array(event.data.nodes);
    if (performance.now() - this.lastApplied >= this.interval) this.apply();
    this.ask();
  }

  apply() {
    helpers.assignLayoutChanges(this.graph, this.matrices.nodes, null);
    this.lastApplied = performance.now();
  }

  // Stops the worker; the last positions it computed are kept.
  kill() {
    if (!this.running) return;
    this.running = false;
    this.worker.terminate();
    if (this.matrices && this.matrices.nodes.byteLength) this.apply();
    this.matrices = null;
  }
}

// Papers per month for chosen entities (GET /trends), drawn as a small SVG line chart.

import {api} from "./api.js";
import {clear, h, toast} from "./dom.js";

const PALETTE = ["#4C78A8", "#F58518", "#54A24B", "#E45756", "#B279A2", "#72B7B2", "#9D755D", "#EECA3B"];
const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text = null) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  if (text !== null) el.textContent = text;
  return el;
}

// Every month from the first to the last one seen, so quiet months show as zeros.
export function monthRange(series) {
  const months = series.flatMap((s) => s.counts.map((c) => c.month)).sort();
  if (!months.length) return [];
  const out = [];
  let [year, month] = months[0].split("-").map(Number);
  const last = months[months.length - 1];
  for (;;) {
    const label = `${year}-${String(month).padStart(2, "0")}`;
    out.push(label);
    if (label >= last || out.length > 600) break;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

export function chart(series, {width = 640, height = 280} = {}) {
  const months = monthRange(series);
  const pad = {left: 40, right: 12, top: 12, bottom: 40};
  const root = svg("svg", {viewBox: `0 0 ${width} ${height}`, class: "trend-chart", role: "img"});
  if (!months.length) {
    root.append(svg("text", {x: width / 2, y: height / 2, "text-anchor": "middle"}, "no dated papers for these entities"));
    return root;
  }
  const max = Math.max(1, ...series.flatMap((s) => s.counts.map((c) => c.papers)));
  const x = (i) => pad.left + (months.length === 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (months.length - 1));
  const y = (v) => height - pad.bottom - (v * (height - pad.top - pad.bottom)) / max;
  const yStep = Math.max(1, Math.ceil(max / 5));
  for (let v = 0; v <= max; v += yStep) {
    root.append(svg("line", {x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: "grid"}));
    root.append(svg("text", {x: pad.left - 6, y: y(v) + 4, "text-anchor": "end", class: "tick"}, String(v)));
  }
  const every = Math.max(1, Math.ceil(months.length / 8));
  months.forEach((month, i) => {
    const last = i === months.length - 1;
    // The last month always gets its label; the regular one before it yields if they would touch.
    const crowded = !last && months.length - 1 - i < every / 2;
    if ((i % every === 0 && !crowded) || last) {
      root.append(svg("text", {x: x(i), y: height - pad.bottom + 16, "text-anchor": "middle", class: "tick"}, month));
    }
  });
  series.forEach((s, k) => {
    const colour = PALETTE[k % PALETTE.length];
    const byMonth = Object.fromEntries(s.counts.map((c) => [c.month, c.papers]));
    const points = months.map((m, i) => `${x(i).toFixed(1)},${y(byMonth[m] || 0).toFixed(1)}`);
    root.append(svg("polyline", {points: points.join(" "), fill: "none", stroke: colour, "stroke-width": 2}));
    months.forEach((m, i) => {
      if (byMonth[m]) root.append(svg("circle", {cx: x(i), cy: y(byMonth[m]), r: 3, fill: colour}, null));
    });
    root.append(svg("rect", {x: pad.left + 8 + k * 150, y: height - 14, width: 10, height: 10, fill: colour}));
    root.append(svg("text", {x: pad.left + 22 + k * 150, y: height - 5, class: "legend"}, s.entity));
  });
  return root;
}

export class Trends {
  constructor(root) {
    this.root = root;
    this.input = root.querySelector("#trend-entities");
    this.output = root.querySelector("#trend-output");
    root.querySelector("#trend-run").addEventListener("click", () => this.run());
    this.input.addEventListener("keydown", (event) => event.key === "Enter" && this.run());
  }

  entities() {
    return this.input.value.split(",").map((s) => s.trim()).filter(Boolean);
  }

  add(entityId) {
    const list = this.entities();
    if (!list.includes(entityId)) list.push(entityId);
    this.input.value = list.join(", ");
    return this.run();
  }

  // "Label:name" as typed; a bare name or alias becomes the best entity match of /search.
  async resolve(entry) {
    if (entry.includes(":")) return entry;
    const answer = await api.search(entry, 5);
    const hit = (answer.results || []).find((item) => item.kind === "entity");
    if (!hit) throw new Error(`no entity called “${entry}”`);
    return hit.id;
  }

  async run() {
    const typed = this.entities();
    if (!typed.length) return;
    clear(this.output, h("p", {class: "muted"}, "counting…"));
    try {
      const entities = await Promise.all(typed.map((entry) => this.resolve(entry)));
      this.input.value = entities.join(", ");
      const answer = await api.trends(entities);
      clear(this.output, chart(answer.series || []));
    } catch (error) {
      clear(this.output, h("p", {class: "error"}, error.message));
      toast(error.message);
    }
  }
}

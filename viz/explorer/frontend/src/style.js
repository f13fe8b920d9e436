// Colours, shapes and captions per label, from schema/style.yaml (served as explorer/style.json).
// Shapes other than "dot" are drawn as WebGL pictograms: one small SVG per shape, coloured per node.

function polygon(points) {
  return `<polygon points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")}"/>`;
}

function regular(count, radius, rotation, inner = null) {
  const points = [];
  const steps = inner === null ? count : count * 2;
  for (let i = 0; i < steps; i++) {
    const r = inner !== null && i % 2 === 1 ? inner : radius;
    const angle = rotation + (i * 2 * Math.PI) / steps;
    points.push([50 + r * Math.cos(angle), 50 + r * Math.sin(angle)]);
  }
  return polygon(points);
}

const SHAPES = {
  square: '<rect x="10" y="10" width="80" height="80"/>',
  diamond: polygon([[50, 2], [98, 50], [50, 98], [2, 50]]),
  triangle: polygon([[50, 4], [97, 90], [3, 90]]),
  triangleDown: polygon([[3, 10], [97, 10], [50, 96]]),
  star: regular(5, 49, -Math.PI / 2, 21),
  hexagon: regular(6, 48, 0),
};

const images = {};

export function shapeImage(shape) {
  if (!SHAPES[shape]) return null;
  if (!images[shape]) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">${SHAPES[shape]}</svg>`;
    images[shape] = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }
  return images[shape];
}

export function labelStyle(style, label) {
  return (style.labels && style.labels[label]) || style.default;
}

export function caption(style, label, key, properties) {
  const look = labelStyle(style, label);
  const value = properties && properties[look.caption];
  let text = value === undefined || value === null || value === "" ? String(key) : String(value);
  const max = style.caption_max_chars || 48;
  if (text.length > max) text = `${text.slice(0, max - 1).trimEnd()}…`;
  return text;
}

// Sigma display attributes for a node of the API's graph JSON.
export function nodeLook(style, node) {
  const look = labelStyle(style, node.label);
  const image = shapeImage(look.shape);
  return {
    label: caption(style, node.label, node.key, node.properties || {}),
    color: look.colour,
    baseSize: look.size,
    type: image ? "shape" : "circle",
    image: image || undefined,
  };
}

export function edgeColour(style, type) {
  return (style.relationships && style.relationships[type]) || style.edge_default || "#bbbbbb";
}

// A small inline-SVG swatch for the legend, filters and panel headers.
export function swatch(style, label) {
  const look = labelStyle(style, label);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 100 100");
  svg.setAttribute("class", "swatch");
  svg.setAttribute("aria-hidden", "true");
  svg.innerHTML = SHAPES[look.shape] || '<circle cx="50" cy="50" r="45"/>'; // our own constant markup
  svg.setAttribute("fill", look.colour);
  return svg;
}

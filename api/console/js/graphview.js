// Cytoscape.js set up the same way on every page: one style sheet whose colours mean the same thing
// everywhere (enterprise, person, our customer, negative events, the focus), a legend, fit and PNG export.
import cytoscape from "../vendor/cytoscape.esm.min.js";
import dagre from "../vendor/cytoscape-dagre.esm.min.js";
import { el } from "./format.js";
import { t } from "./i18n.js";

cytoscape.use(dagre);

export const COLOURS = {
  enterprise: "#2f6fb0", person: "#c77c1e", customer: "#1f9d63", negative: "#c8372d", focus: "#6d3fa6",
  payment: "#7a8aa0", ownership: "#c77c1e", guarantee: "#b23a48", officer: "#8c8c8c", cycle: "#e0201b",
};

const STYLE = [
  { selector: "node", style: {
    label: "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 130, "text-valign": "bottom",
    "text-margin-y": 4, color: "#1d2733", "background-color": COLOURS.enterprise, width: 22, height: 22,
    "border-width": 2, "border-color": "#ffffff", "font-family": "Noto Sans CJK SC, WenQuanYi Zen Hei, sans-serif",
    // Labels too small to read are not drawn: a 200-node ring fitted to the view draws fast and uncluttered,
    // and the labels appear as the user zooms in.
    "min-zoomed-font-size": 5,
  } },
  { selector: "node[kind = 'E']", style: { shape: "round-rectangle" } },
  { selector: "node[kind = 'P']", style: { shape: "ellipse", "background-color": COLOURS.person } },
  { selector: "node.customer", style: { "border-color": COLOURS.customer, "border-width": 4 } },
  { selector: "node.negative", style: { "border-color": COLOURS.negative, "border-width": 4 } },
  { selector: "node.controller", style: { shape: "star", width: 30, height: 30 } },
  { selector: "node.focus", style: { "background-color": COLOURS.focus, width: 34, height: 34, "font-weight": "bold", "font-size": 13 } },
  { selector: "node.hidden, edge.hidden", style: { display: "none" } },
  { selector: "node:selected", style: { "overlay-opacity": 0.15, "overlay-color": COLOURS.focus } },
  { selector: "edge", style: {
    width: "data(width)", "line-color": COLOURS.payment, "target-arrow-color": COLOURS.payment,
    "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 9,
    color: "#3b4756", "text-background-color": "#ffffff", "text-background-opacity": 0.85,
    "text-background-padding": 1, "text-rotation": "autorotate", "min-zoomed-font-size": 6,
  } },
  { selector: "edge[family = 'ownership']", style: { "line-color": COLOURS.ownership, "target-arrow-color": COLOURS.ownership } },
  { selector: "edge[family = 'guarantee']", style: { "line-color": COLOURS.guarantee, "target-arrow-color": COLOURS.guarantee, "line-style": "dashed" } },
  { selector: "edge[family = 'officer']", style: { "line-color": COLOURS.officer, "target-arrow-color": COLOURS.officer, "line-style": "dotted" } },
  { selector: "edge.cycle", style: { "line-color": COLOURS.cycle, "target-arrow-color": COLOURS.cycle, width: 4, "line-style": "solid" } },
];

// A big graph (a 200-node neighbourhood) is drawn lean: straight edges instead of bezier curves, edge
// labels upright without a background box, node labels on one line. Those three are most of the first
// frame's cost (the canvas renderer measures and rotates each label and computes each curve); at the
// zoom that fits 200 nodes the labels are too small to read anyway, and they come back as one zooms in.
export const LEAN_OVER = 150;
const LEAN = [
  { selector: "node", style: { "text-wrap": "none", "min-zoomed-font-size": 7 } },
  { selector: "edge", style: { "curve-style": "straight", "text-rotation": "none", "text-background-opacity": 0,
    "min-zoomed-font-size": 8 } },
];

export function createGraph(container, elements = [], layout = { name: "preset" }, { lean } = {}) {
  performance.clearMarks("liantu:graph-start");
  performance.clearMarks("liantu:graph-drawn");
  performance.mark("liantu:graph-start");
  const slim = lean ?? elements.length > LEAN_OVER;
  const cy = cytoscape({
    container, elements, style: slim ? [...STYLE, ...LEAN] : STYLE, layout, wheelSensitivity: 0.3, minZoom: 0.1,
    maxZoom: 4, textureOnViewport: true, hideEdgesOnViewport: elements.length > 600,
  });
  // For the benchmark (benchmarks/bench_console.py): draw the same elements again, lean or in full, in the
  // same tab, and resolve with the milliseconds to the first frame, so both styles are timed side by side.
  container.liantuRedraw = (leanAgain) => new Promise((done) => {
    const again = cy.elements().jsons();
    cy.destroy();
    const start = performance.now();
    const other = createGraph(container, again, { name: "preset", fit: true, padding: 30 }, { lean: leanAgain });
    other.one("render", () => requestAnimationFrame(() => done(performance.now() - start)));
  });
  // The mark the benchmark reads: the first frame with the elements drawn.
  cy.one("render", () => requestAnimationFrame(() => {
    performance.mark("liantu:graph-drawn");
    performance.measure("liantu:graph-draw", "liantu:graph-start", "liantu:graph-drawn");
    container.dataset.drawn = String(cy.nodes().length);
  }));
  // Names are never cut: hovering a node or tie shows it whole, whatever the zoom.
  cy.on("mouseover", "node, edge", (event) => {
    const d = event.target.data();
    container.title = d.name || d.label || "";
  });
  cy.on("mouseout", "node, edge", () => { container.title = ""; });
  // A graph of a few nodes would otherwise be fitted at a giant zoom.
  const settle = () => { if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); } };
  cy.on("layoutstop", settle);
  settle();
  container.liantuGraph = cy; // the browser tests and the benchmark read node positions through it
  return cy;
}

export function exportPng(cy, name) {
  const blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
  const link = el("a", { href: URL.createObjectURL(blob), download: `${name}.png` });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}

export function toolbar(cy, name, ...extra) {
  return el("div", { class: "toolbar" },
    el("button", { type: "button", onclick: () => cy.fit(undefined, 30) }, t("ent.fit")),
    el("button", { type: "button", class: "export-png", onclick: () => exportPng(cy, name) }, t("ent.png")),
    ...extra);
}

export function legend(withController = false) {
  const item = (cls, text) => el("li", {}, el("span", { class: `swatch ${cls}` }), text);
  return el("ul", { class: "legend", "aria-label": t("ent.legend") },
    item("enterprise", t("legend.enterprise")), item("person", t("legend.person")),
    item("customer", t("legend.customer")), item("negative", t("legend.negative")),
    item("focus", t("legend.focus")), withController ? item("controller", t("legend.controller")) : null,
    item("line payment", t("tie.supplier") + " / " + t("tie.buyer")), item("line ownership", t("tie.owner")),
    item("line guarantee", t("tie.guarantor")), item("line officer", t("tie.officer")));
}

export function nodeData(node, extraClasses = []) {
  const classes = [...extraClasses];
  if (node.customer) classes.push("customer");
  if (node.negative_events) classes.push("negative");
  return { group: "nodes", data: { id: node.id, label: node.name, kind: node.kind, name: node.name }, classes };
}

// 找关系: the shortest relationship paths between two parties, one path per row, left to right.
import { api } from "../api.js";
import { el, empty, money, partyHref, section, share } from "../format.js";
import { createGraph, legend, toolbar } from "../graphview.js";
import { t } from "../i18n.js";

const ID = /^([0-9A-Z]{18}|[0-9a-f]{64})$/;
const FAMILY = { payment: "payment", ownership: "ownership", guarantee: "guarantee", officer: "officer" };

// A typed name becomes the best search hit; an id is taken as it is.
async function resolve(text) {
  const value = text.trim();
  if (ID.test(value.toUpperCase()) || ID.test(value)) return { id: /^[0-9a-f]{64}$/.test(value) ? value : value.toUpperCase(), picked: null };
  const found = await api("/search", { params: { q: value, limit: 1 } });
  const hit = found.enterprises[0] ? { id: found.enterprises[0].uscc, name: found.enterprises[0].name }
    : found.persons[0] ? { id: found.persons[0].person_id, name: found.persons[0].name } : null;
  if (!hit) return { id: null, picked: null, missing: value };
  return { id: hit.id, picked: hit.name };
}

function tieLabel(tie) {
  const f = tie.facts || {};
  if (tie.kind === "payment" && f.total !== undefined) return money(f.total);
  if (tie.kind === "ownership" && f.ratio !== undefined) return share(f.ratio);
  if (tie.kind === "guarantee" && f.amount !== undefined) return money(f.amount);
  return f.role || t(`tie.${tie.kind}`) || tie.kind;
}

export async function render(view, { query, errorBox }) {
  const from = el("input", { id: "path-from", name: "from", value: query.get("from") || "", placeholder: t("paths.placeholder"), required: true });
  const to = el("input", { id: "path-to", name: "to", value: query.get("to") || "", placeholder: t("paths.placeholder"), required: true });
  const hops = el("select", { id: "path-hops", name: "max_hops" }, [2, 3, 4, 5, 6].map((n) =>
    el("option", { value: n, selected: String(n) === (query.get("max_hops") || "4") }, n)));
  const out = el("div", { id: "path-results", "aria-live": "polite" });
  view.replaceChildren(el("h1", {}, t("paths.title")), el("form", { class: "searchbar", onsubmit: (event) => {
    event.preventDefault();
    location.hash = `#/paths?${new URLSearchParams({ from: from.value.trim(), to: to.value.trim(), max_hops: hops.value })}`;
  } }, el("label", { for: "path-from" }, t("paths.from")), from, el("label", { for: "path-to" }, t("paths.to")), to,
  el("label", { for: "path-hops" }, t("paths.hops")), hops, el("button", { type: "submit", class: "primary" }, t("paths.go"))), out);
  if (!query.get("from") || !query.get("to")) return;
  out.replaceChildren(el("p", { class: "muted" }, t("loading")));
  try {
    const [a, b] = await Promise.all([resolve(query.get("from")), resolve(query.get("to"))]);
    const missing = [a, b].find((x) => !x.id);
    if (missing) { out.replaceChildren(empty(t("paths.notFound", { q: missing.missing }))); return; }
    const found = await api("/paths", { params: { from: a.id, to: b.id, max_hops: hops.value, limit: 10 } });
    const notes = [a, b].filter((x) => x.picked).map((x) => el("p", { class: "muted small" }, t("paths.resolved", { name: x.picked })));
    if (!found.paths.length) { out.replaceChildren(...notes, empty(t("paths.none"))); return; }
    const elements = [];
    found.paths.forEach((path, row) => {
      path.nodes.forEach((n, col) => elements.push({ group: "nodes", data: { id: `${row}:${n.id}`, label: n.name, kind: n.kind === "P" ? "P" : "E" },
        position: { x: col * 230, y: row * 110 }, classes: col === 0 || col === path.nodes.length - 1 ? "focus" : "" }));
      path.ties.forEach((tie, i) => elements.push({ group: "edges", data: { id: `${row}:e${i}`, source: `${row}:${tie.source}`,
        target: `${row}:${tie.target}`, label: tieLabel(tie), family: FAMILY[tie.kind] || "officer", width: 2 } }));
    });
    const box = el("div", { class: "graph", id: "path-graph", style: `height: ${Math.max(260, 90 * found.paths.length + 80)}px` });
    out.replaceChildren(...notes, section(`${found.source.name} → ${found.target.name}`, el("div", { id: "path-tools" }), box, legend()),
      section(t("ent.table"), el("ol", { class: "paths" }, found.paths.map((path, n) => el("li", {},
        el("strong", {}, t("paths.path", { n: n + 1, hops: path.hops })), " ",
        path.nodes.map((node, i) => [i ? el("span", { class: "arrow" }, ` —${tieLabel(path.ties[i - 1])}— `) : null,
          el("a", { href: partyHref(node.kind, node.id) }, node.name)]))))));
    const cy = createGraph(box, elements, { name: "preset", fit: true, padding: 40 });
    document.getElementById("path-tools").replaceWith(toolbar(cy, "liantu-path"));
  } catch (error) {
    if (error.status === 401) throw error;
    out.replaceChildren(errorBox(error));
  }
}

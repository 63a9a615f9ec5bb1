// 风险视图: control chain with the rule at each link, beneficial owners, guarantee structures with their
// cycles highlighted, the exposure stress test, fund loops along time, cases and penalties with their
// provenance, the risk overview; and the restricted list (#/restricted). Each part loads on its own, so a
// part the role may not see shows its message while the others show their facts.
import { api } from "../api.js";
import { copyable, day, el, empty, money, partyHref, score, section, share, table } from "../format.js";
import { createGraph, toolbar } from "../graphview.js";
import { t } from "../i18n.js";

const AS_OF = "liantu.asOf";
const SVG = "http://www.w3.org/2000/svg";
const svg = (tag, attrs = {}, ...children) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
};
const link = (p) => el("a", { href: partyHref(p.kind, p.id) }, p.name || p.id);

function controlPart(found) {
  if (!found.controller) return empty(t("risk.noController"));
  const nodes = new Map();
  const edges = [];
  for (const step of found.chain) {
    for (const p of [step.company, step.controlled_by]) nodes.set(p.id, p);
    edges.push({ group: "edges", data: { id: `c${edges.length}`, source: step.controlled_by.id, target: step.company.id,
      label: `${step.rule} ${share(step.share)}`, family: "ownership", width: 2 } });
  }
  const box = el("div", { class: "graph small-graph", id: "control-graph" });
  const part = el("div", {},
    el("p", {}, `${t("badge.controller")}: `, link(found.controller), ` — ${t("risk.stake")} ${share(found.integrated_stake)}`),
    el("p", { class: "muted small" }, found.explanation), box,
    table([t("ent.card"), t("badge.controller"), t("risk.rule"), t("ent.shareCol")],
      found.chain.map((s) => [link(s.company), link(s.controlled_by), s.rule, share(s.share)])),
    el("p", { class: "muted small" }, found.basis || ""));
  requestAnimationFrame(() => {
    const cy = createGraph(box, [...[...nodes.values()].map((p) => ({ group: "nodes",
      data: { id: p.id, label: p.name, kind: p.kind }, classes: p.id === found.uscc ? "focus" : p.id === found.controller.id ? "controller" : "" })), ...edges],
    { name: "dagre", rankDir: "TB", nodeSep: 60, rankSep: 90, fit: true, padding: 20 });
    box.before(toolbar(cy, `control-${found.uscc}`));
  });
  return part;
}

function ownersPart(found) {
  if (!found.owners.length) return empty(t("risk.noBo"));
  return table([t("ent.person"), t("risk.rule"), t("risk.stake"), t("ent.roleCol")],
    found.owners.map((o) => [link(o.person), o.rule, o.stake === null ? "—" : share(o.stake), o.role || ""]));
}

function structurePart(report) {
  if (!report.structures.length) return empty(t("risk.noStructures"));
  return report.structures.map((s, index) => {
    const cyc = new Set();
    for (const c of s.cycles) for (const e of c.edges) cyc.add(`${e.guarantor}>${e.borrower}`);
    const whole = (s.type === "mutual" || s.type === "circle") && !s.cycles.length;
    const box = el("div", { class: "graph small-graph", id: `structure-${index}` });
    // Around the circle in the order of its first cycle, so the cycle is drawn as a ring.
    const order = s.cycles.length ? s.cycles[0].members : s.members;
    const members = [...order, ...s.members.filter((m) => !order.includes(m))];
    requestAnimationFrame(() => {
      const cy = createGraph(box, [
        ...members.map((m) => ({ group: "nodes", data: { id: m, label: s.names[m] || m, kind: "E" }, classes: m === report.focus ? "focus" : "" })),
        ...s.edges.map((e, i) => ({ group: "edges", data: { id: `g${i}`, source: e.guarantor, target: e.borrower,
          label: money(e.amount), family: "guarantee", width: 2 },
        classes: whole || cyc.has(`${e.guarantor}>${e.borrower}`) ? "cycle" : "" })),
      ], { name: s.members.length > 2 ? "circle" : "grid", fit: true, padding: 30 });
      box.before(toolbar(cy, s.structure_id));
    });
    return el("div", { class: "structure" },
      el("h3", {}, `${s.type} · ${s.members.length} ${t("risk.members")} · ${t("risk.total")} ${money(s.total_amount)}`),
      el("p", { class: "muted small" }, `${t("risk.cycle")} — ${s.rule}`), box,
      table([t("tie.guarantor"), "→", t("ent.amount"), "ID"], s.edges.map((e) => [
        s.names[e.guarantor] || e.guarantor, s.names[e.borrower] || e.borrower, money(e.amount), e.guarantee_ids.join(", ")])));
  });
}

function exposurePart(report, names) {
  if (!report.exposed.length) return empty(t("risk.noExposure"));
  for (const x of report.exposed) names.set(x.uscc, x.name);
  return [el("p", {}, `${t("risk.total")} ${t("risk.atRisk")}: ${money(report.total_at_risk)}`),
    table([t("tie.guarantor"), t("risk.depth"), t("risk.atRisk"), t("leads.path")], report.exposed.map((x) => [
      el("a", { href: `#/e/${x.uscc}` }, x.name), x.depth, money(x.amount_at_risk),
      x.path.map((id) => names.get(id) || id).join(" → ")])),
    el("p", { class: "muted small" }, report.rule)];
}

// Each loop drawn along time: one row per payment path, a dot per payment at its date.
function timeline(loop, names) {
  const dates = loop.paths.flat().map((p) => Date.parse(p.date));
  const start = Math.min(...dates);
  const spanMs = Math.max(1, Math.max(...dates) - start);
  const width = 760;
  const rowH = 46;
  const x = (d) => 40 + ((Date.parse(d) - start) / spanMs) * (width - 80);
  const rows = loop.paths.map((path, r) => {
    const y = 30 + r * rowH;
    return svg("g", {}, svg("line", { x1: 40, x2: width - 40, y1: y, y2: y, class: "axis" }),
      ...path.map((p, i) => svg("g", {},
        svg("circle", { cx: x(p.date), cy: y, r: 6, class: i === path.length - 1 ? "back" : "out" }),
        svg("text", { x: x(p.date), y: y - 10, "text-anchor": "middle" }, `${day(p.date)} ${money(p.amount)}`),
        svg("title", {}, `${names.get(p.payer) || p.payer} → ${names.get(p.payee) || p.payee}: ${money(p.amount)} (${p.txn_id})`))));
  });
  return svg("svg", { viewBox: `0 0 ${width} ${30 + loop.paths.length * rowH}`, class: "timeline", role: "img" }, ...rows);
}

function loopsPart(report, names) {
  if (!report.loops.length) return empty(t("risk.noLoops"));
  return report.loops.map((loop) => el("div", { class: "loop" },
    el("h3", {}, `${day(loop.first_date)} – ${day(loop.last_date)} · ${t("risk.span2")} ${loop.span_days} d · `
      + `${money(loop.outflow_total)} → ${money(loop.inflow_total)} · ${t("risk.ratio")} ${loop.ratio}`),
    timeline(loop, names),
    table(["ID", t("ent.dates"), t("tie.buyer"), t("tie.supplier"), t("ent.amount")], loop.paths.flat().map((p) => [
      p.txn_id, day(p.date), names.get(p.payer) || p.payer, names.get(p.payee) || p.payee, money(p.amount)]))));
}

// The source text with what the extractor took from it marked: each extracted entity, amount and other
// fact by its own [start, end) offsets (GET /documents/{sha256}), the span of this party's link
// strongest. Overlapping spans are cut at every boundary so each piece of text is marked once.
const RANK = { this: 3, amount: 2, entity: 1, fact: 0 };

export function highlighted(text, spans, own) {
  const marks = [...spans.map((s) => ({ ...s })), ...(own ? [{ kind: "this", field: t("risk.thisParty"), label: "", start: own[0], end: own[1] }] : [])];
  const cuts = [...new Set([0, text.length, ...marks.flatMap((m) => [m.start, m.end])])]
    .filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const over = marks.filter((m) => m.start <= a && m.end >= b);
    if (!over.length) { out.push(text.slice(a, b)); continue; }
    const top = over.reduce((x, y) => (RANK[y.kind] > RANK[x.kind] ? y : x));
    out.push(el("mark", { class: `hl hl-${top.kind}`, title: over.map((m) => `${m.field}${m.label ? `: ${m.label}` : ""}`).join("\n") },
      text.slice(a, b)));
  }
  return out;
}

async function showDocument(p) {
  const box = document.getElementById("doc-view");
  if (!box) return;
  box.replaceChildren(el("p", { class: "muted" }, t("loading")));
  try {
    const doc = await api(`/documents/${encodeURIComponent(p.doc_sha256)}`);
    if (!doc.text) { box.replaceChildren(empty(t("risk.noText"))); return; }
    const legend = el("p", { class: "hl-legend small" }, ...["this", "entity", "amount", "fact"].map((k) =>
      el("mark", { class: `hl hl-${k}` }, t(`risk.hl.${k}`))));
    const body = el("pre", { class: "doc-text", id: "doc-text" }, highlighted(doc.text, doc.spans, p.span));
    box.replaceChildren(el("h3", {}, `${doc.source || doc.sha256} · ${doc.kind || ""}`), legend, body);
    box.scrollIntoView({ block: "start" });
    body.querySelector(".hl-this")?.scrollIntoView({ block: "center" });
  } catch (error) {
    box.replaceChildren(box.errorBox ? box.errorBox(error) : empty(error.message));
  }
}

function provenance(p) {
  return el("span", { class: "provenance" }, el("span", { class: "mono", title: p.doc_sha256 }, `${p.doc_sha256.slice(0, 10)}…`),
    ` ${p.source || ""} `, el("mark", { class: "span" }, `[${p.span[0]}, ${p.span[1]})`), ` ${score(p.confidence)} ${p.match_rule || ""} `,
    el("button", { type: "button", class: "link show-text", onclick: () => showDocument(p) }, t("risk.showText")));
}

function casesPart(found) {
  if (!found.cases.length) return empty(t("risk.noCases"));
  return [table([t("risk.type"), "案号", t("ent.roleCol"), "案由", t("ent.dates"), t("risk.source")], found.cases.map((c) => [
    c.case_type || "", c.case_number, c.role, `${c.cause || ""} ${c.outcome ? `（${c.outcome}）` : ""}`, day(c.date), provenance(c.provenance)])),
  el("p", { class: "muted small" }, t("risk.pickText"))];
}

function penaltiesPart(found) {
  if (!found.penalties.length) return empty(t("risk.noPenalties"));
  return table(["文号", t("risk.type"), t("ent.amount"), t("ent.dates"), t("risk.source")], found.penalties.map((p) => [
    p.decision_number, `${p.authority || ""} ${p.violation || ""}`, money(p.party_fine ?? p.fine_amount), day(p.date), provenance(p.provenance)]));
}

function overviewPart(view) {
  const ext = view.legal_extension;
  return [el("p", {}, `${t("risk.diffusion")}: `, el("strong", {}, score(view.diffusion.score))),
    el("p", { class: "muted small" }, view.diffusion.rule),
    el("h3", {}, t("risk.events")), view.events.length ? table([t("risk.type"), "No.", t("ent.roleCol"), t("ent.dates")],
      view.events.map((e) => [e.event_kind, e.reference, e.role || "", day(e.date)])) : empty("—"),
    el("h3", {}, t("risk.extension")), ext.extends_to.length ? table([t("ent.person"), t("risk.basis")],
      ext.extends_to.map((r) => [link(r), r.basis])) : empty("—"),
    el("p", { class: "muted small" }, ext.rule)];
}

async function part(holder, loader, draw) {
  try { holder.replaceChildren(...[draw(await loader())].flat()); } catch (error) {
    if (error.status === 401) return;
    holder.replaceChildren(holder.errorBox(error));
  }
}

async function restricted(view, errorBox) {
  const found = await api("/risk/restricted", { params: { limit: 500 } });
  view.replaceChildren(el("h1", {}, t("risk.restricted")), el("p", { class: "muted small" }, found.rule),
    found.restricted.length ? table([t("ent.counterpart"), t("risk.basis"), t("ent.roleCol"), t("risk.debtor"), "案号"],
      found.restricted.map((r) => [link(r), r.basis, r.role || "",
        r.debtor_uscc ? el("a", { href: `#/risk/${r.debtor_uscc}` }, r.debtor_name) : (r.debtor_name || ""),
        r.cases.map((c) => `${c.case_number} ${day(c.date)} ${c.status || ""}`).join("；")]), { id: "restricted-table" })
      : empty(t("risk.noRestricted")));
  void errorBox;
}

export async function render(view, { page, id, query, errorBox }) {
  if (page === "restricted") { await restricted(view, errorBox); return; }
  const asOf = query.get("as_of") ?? sessionStorage.getItem(AS_OF) ?? "";
  const usccInput = el("input", { id: "risk-uscc", name: "uscc", value: id, required: true, maxlength: 18, minlength: 18, class: "mono" });
  const asOfInput = el("input", { id: "risk-as-of", name: "as_of", type: "date", value: asOf });
  view.replaceChildren(el("h1", {}, t("risk.title")), el("form", { class: "searchbar", onsubmit: (event) => {
    event.preventDefault();
    sessionStorage.setItem(AS_OF, asOfInput.value);
    location.hash = `#/risk/${usccInput.value.trim().toUpperCase()}?${new URLSearchParams({ as_of: asOfInput.value })}`;
  } }, el("label", { for: "risk-uscc" }, t("risk.uscc")), usccInput, el("label", { for: "risk-as-of" }, t("risk.asOf")),
  asOfInput, el("button", { type: "submit", class: "primary" }, t("risk.show"))));
  if (!id) return;
  const ent = await api(`/enterprises/${encodeURIComponent(id)}`);
  const names = new Map([[ent.uscc, ent.name]]);
  const base = `/enterprises/${encodeURIComponent(id)}`;
  const params = asOf ? { as_of: asOf } : {};
  const holder = (key) => { const h = el("div", { id: `risk-${key}`, class: "part" }, el("p", { class: "muted" }, t("loading"))); h.errorBox = errorBox; return h; };
  const parts = {
    overview: holder("overview"), control: holder("control"), owners: holder("owners"), structures: holder("structures"),
    exposure: holder("exposure"), loops: holder("loops"), cases: holder("cases"), penalties: holder("penalties"),
  };
  const docView = el("div", { id: "doc-view", class: "part" }, empty(t("risk.pickText")));
  docView.errorBox = errorBox;
  view.append(el("div", { class: "risk-head" }, el("h2", {}, el("a", { href: `#/e/${ent.uscc}` }, ent.name)), copyable(ent.uscc)),
    el("div", { class: "risk-grid" },
      section(t("risk.overview"), parts.overview), section(t("risk.control"), parts.control),
      section(t("risk.bo"), parts.owners), section(t("risk.structures"), parts.structures),
      section(t("risk.exposure"), parts.exposure), section(t("risk.loops"), parts.loops),
      section(t("risk.cases"), parts.cases), section(t("risk.penalties"), parts.penalties)),
    section(t("risk.sourceText"), docView));
  await Promise.all([
    part(parts.overview, () => api(`${base}/risk`, { params }), overviewPart),
    part(parts.control, () => api(`${base}/actual-controller`), controlPart),
    part(parts.owners, () => api(`${base}/beneficial-owners`), ownersPart),
    part(parts.structures, () => api(`${base}/guarantee-circles`, { params }), (r) => structurePart({ ...r, focus: ent.uscc })),
    part(parts.exposure, () => api(`${base}/guarantee-exposure`, { params }), (r) => exposurePart(r, names)),
    part(parts.loops, () => api(`${base}/fund-loops`), (r) => loopsPart(r, names)),
    part(parts.cases, () => api(`${base}/cases`), casesPart),
    part(parts.penalties, () => api(`${base}/penalties`), penaltiesPart),
  ]);
}

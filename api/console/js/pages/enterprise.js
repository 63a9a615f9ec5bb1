// 企业图谱: the card, the graph around the enterprise (or person) with click-to-expand, filters by tie kind
// and minimum amount, a legend, fit and PNG export, and a table beside the graph with the same facts.
import { api } from "../api.js";
import { badge, copyable, day, el, empty, money, partyHref, section, share } from "../format.js";
import { createGraph, legend, nodeData, toolbar } from "../graphview.js";
import { t } from "../i18n.js";

const KINDS = ["supplier", "buyer", "owner", "investment", "guarantor", "guaranteed", "officer", "legal_rep"];
const FAMILY = { supplier: "payment", buyer: "payment", owner: "ownership", investment: "ownership",
  guarantor: "guarantee", guaranteed: "guarantee", officer: "officer", legal_rep: "officer" };
// Where each kind sits around the focus (供应链图: suppliers left, buyers right; owners above).
const ANCHOR = { supplier: [-460, 0, 0, 1], buyer: [460, 0, 0, 1], owner: [0, -320, 1, 0], investment: [0, 320, 1, 0],
  guarantor: [-230, -200, 0, 1], guaranteed: [230, 200, 0, 1], officer: [300, -230, 0, 1], legal_rep: [-150, -170, 0, 1] };
const PER_COLUMN = 14;

function place(kind, i, n) {
  const [x, y, alongX, alongY] = ANCHOR[kind];
  const lines = Math.ceil(n / PER_COLUMN);
  const line = Math.floor(i / PER_COLUMN);
  const inLine = Math.min(PER_COLUMN, n - line * PER_COLUMN);
  const slot = (i % PER_COLUMN) - (inLine - 1) / 2;
  const outward = Math.sign(x || y) * line * (alongY ? 170 : 70);
  return alongY ? { x: x + outward, y: y + slot * 52 } : { x: x + slot * 160, y: y + outward - (lines > 1 ? 0 : 0) };
}

function tieLabel(tie) {
  if (FAMILY[tie.kind] === "payment") return `${money(tie.amount)} · ${share(tie.share)}`;
  if (FAMILY[tie.kind] === "ownership") return share(tie.share);
  if (FAMILY[tie.kind] === "guarantee") return money(tie.amount);
  return tie.role || "";
}

function edgeData(tie, about) {
  const width = FAMILY[tie.kind] === "payment" && tie.amount ? Math.min(8, 1 + Math.log10(1 + tie.amount / 1e4)) : 1.5;
  return { group: "edges", data: {
    // One fact seen from both ends (A's supplier is B's buyer) is one edge.
    id: `${tie.type}:${tie.source}:${tie.target}:${tie.reference || tie.role || ""}`, source: tie.source,
    target: tie.target, kind: tie.kind, family: FAMILY[tie.kind], label: tieLabel(tie), width, about,
    amount: tie.amount, share: tie.share, role: tie.role, first: tie.first_date, last: tie.last_date,
    count: tie.count, reference: tie.reference } };
}

function card(ent) {
  const row = (label, value) => (value === null || value === undefined || value === "" ? null
    : el("div", { class: "kv" }, el("dt", {}, label), el("dd", {}, value)));
  return section(t("ent.card"),
    el("h1", { class: "entity-name" }, ent.name),
    el("div", { class: "badges" },
      ent.customer_no ? badge(`${t("badge.customer")} · ${ent.tier || ""}`, "customer") : badge(t("ent.notCustomer"), "plain"),
      ent.pagerank_rank && ent.pagerank_rank <= 100 ? badge(`${t("badge.hub")} #${ent.pagerank_rank}`, "hub") : null,
      ent.status ? badge(ent.status, "plain") : null),
    el("dl", {},
      row(t("ent.uscc"), copyable(ent.uscc)), row(t("ent.former"), ent.former_names.join("、")),
      row(t("ent.legalRep"), ent.legal_representative), row(t("ent.form"), ent.legal_form),
      row(t("ent.capital"), ent.registered_capital ? money(ent.registered_capital) : null),
      row(t("ent.established"), ent.established ? day(ent.established) : null), row(t("ent.industry"), ent.industry_code),
      row(t("ent.region"), ent.region_code), row(t("ent.address"), ent.address),
      row(t("ent.customerNo"), ent.customer_no), row(t("ent.tier"), ent.tier),
      row(t("ent.rm"), ent.rm_id ? `${ent.rm_name || ""} (${ent.rm_id})` : null),
      row(t("ent.pagerank"), ent.pagerank_rank ? `#${ent.pagerank_rank}` : null),
      row(t("ent.paidIn"), money(ent.paid_in_total)), row(t("ent.paidOut"), money(ent.paid_out_total))),
    el("p", { class: "links" }, el("a", { href: `#/risk/${ent.uscc}`, class: "needs-risk" }, t("ent.risk")), el("span", { class: "needs-risk" }, " · "),
      el("a", { href: `#/paths?from=${ent.uscc}`, class: "needs-paths" }, t("ent.pathFrom"))));
}

function personCard(centre) {
  return section(t("ent.person"), el("h1", { class: "entity-name" }, centre.name),
    el("dl", {}, el("div", { class: "kv" }, el("dt", {}, t("ent.personId")), el("dd", {}, copyable(centre.id)))),
    el("p", { class: "links" }, el("a", { href: `#/paths?from=${centre.id}`, class: "needs-paths" }, t("ent.pathFrom"))));
}

export async function render(view, { page, id, errorBox }) {
  const isPerson = page === "p";
  const [ring, ent] = await Promise.all([
    api(`/neighbourhood/${encodeURIComponent(id)}`, { params: { per_kind: 50 } }),
    isPerson ? null : api(`/enterprises/${encodeURIComponent(id)}`),
  ]);
  const names = new Map([[ring.centre.id, ring.centre.name], ...ring.nodes.map((n) => [n.id, n.name])]);
  const status = el("p", { class: "status muted", "aria-live": "polite" }, t("ent.clickHint"));
  const controllerNote = el("p", { class: "muted small" });
  const container = el("div", { class: "graph", id: "graph" });
  const tableBox = el("div", { class: "tie-table", id: "tie-table" });
  const minAmount = el("input", { type: "number", min: 0, step: "any", id: "min-amount", value: 0 });
  const boxes = KINDS.map((kind) => el("label", { class: `kind ${FAMILY[kind]}` },
    el("input", { type: "checkbox", name: "kind", value: kind, checked: true }), t(`tie.${kind}`)));
  const filters = el("form", { class: "filters", id: "filters", onsubmit: (e) => e.preventDefault() },
    el("fieldset", {}, el("legend", {}, t("ent.kinds")), boxes),
    el("label", { for: "min-amount" }, t("ent.minAmount")), minAmount);
  view.replaceChildren(
    el("div", { class: "enterprise-page" },
      el("div", { class: "side" }, isPerson ? personCard(ring.centre) : card(ent), section(t("ent.legend"), legend(true))),
      el("div", { class: "main" },
        section(t("ent.graph"), filters, el("div", { id: "graph-tools" }), container, status, controllerNote,
          ring.truncated.length ? el("p", { class: "muted small" },
            t("ent.truncated", { n: ring.per_kind, kinds: ring.truncated.map((k) => t(`tie.${k}`)).join("、") })) : null),
        section(t("ent.table"), tableBox))));

  const elements = [nodeData(ring.centre, ["focus"])];
  elements[0].position = { x: 0, y: 0 };
  const placed = new Set([ring.centre.id]);
  const byKind = {};
  for (const tie of ring.ties) {
    const other = tie.source === ring.centre.id ? tie.target : tie.source;
    if (!placed.has(other)) { (byKind[tie.kind] ||= []).push(other); placed.add(other); }
  }
  const nodes = new Map(ring.nodes.map((n) => [n.id, n]));
  for (const [kind, ids] of Object.entries(byKind)) {
    ids.forEach((nid, i) => elements.push({ ...nodeData(nodes.get(nid)), position: place(kind, i, ids.length) }));
  }
  for (const tie of ring.ties) elements.push(edgeData(tie, ring.centre.id));
  const cy = createGraph(container, elements, { name: "preset", fit: true, padding: 30 });
  document.getElementById("graph-tools").replaceWith(toolbar(cy, `liantu-${ring.centre.name}`));

  const visible = () => {
    const kinds = new Set(boxes.map((b) => b.firstChild).filter((b) => b.checked).map((b) => b.value));
    const floor = (Number(minAmount.value) || 0) * 1e4;
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        const amount = edge.data("amount");
        const hide = !kinds.has(edge.data("kind")) || (floor > 0 && amount !== null && amount !== undefined && amount < floor);
        edge.toggleClass("hidden", hide);
      });
      cy.nodes().forEach((node) => {
        node.toggleClass("hidden", !node.hasClass("focus") && node.connectedEdges().not(".hidden").length === 0);
      });
    });
    renderTable();
  };

  function renderTable() {
    const rows = cy.edges().not(".hidden").map((edge) => {
      const d = edge.data();
      const otherId = d.source === d.about ? d.target : d.source;
      const other = cy.getElementById(otherId);
      const amount = d.amount !== null && d.amount !== undefined ? { amount: String(d.amount) } : {};
      return el("tr", { dataset: { kind: d.kind, other: otherId, ...amount } },
        el("td", {}, t(`tie.${d.kind}`), d.about === ring.centre.id ? null
          : el("div", { class: "muted small" }, `${t("ent.via")} ${names.get(d.about) || d.about}`)),
        el("td", {}, el("a", { href: partyHref(other.data("kind"), otherId) }, names.get(otherId) || otherId)),
        el("td", { class: "num" }, d.amount !== null && d.amount !== undefined ? money(d.amount) : ""),
        el("td", { class: "num" }, d.share !== null && d.share !== undefined ? share(d.share) : ""),
        el("td", {}, d.role || ""), el("td", {}, [day(d.first), d.last ? [el("br"), day(d.last)] : ""]),
        el("td", {}, el("button", { type: "button", class: "expand", onclick: () => expand(otherId) }, t("ent.expand"))));
    });
    tableBox.replaceChildren(rows.length ? el("table", { class: "facts" },
      el("thead", {}, el("tr", {}, [t("ent.relation"), t("ent.counterpart"), t("ent.amount"),
        t("ent.shareCol"), t("ent.roleCol"), t("ent.dates"), ""].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows)) : empty(t("ent.noTies")));
  }

  const expanded = new Set([ring.centre.id]);
  async function expand(nodeId) {
    if (expanded.has(nodeId)) return;
    expanded.add(nodeId);
    const node = cy.getElementById(nodeId);
    status.textContent = t("loading");
    try {
      const more = await api(`/neighbourhood/${encodeURIComponent(nodeId)}`, { params: { per_kind: 30 } });
      const fresh = more.nodes.filter((n) => cy.getElementById(n.id).empty());
      const centre = node.position();
      // A fan pointing away from the focus, so the ring already drawn does not move.
      const away = Math.atan2(centre.y, centre.x || 1);
      const radius = 170 + 6 * fresh.length;
      cy.batch(() => {
        fresh.forEach((n, i) => {
          names.set(n.id, n.name);
          const angle = away + (fresh.length === 1 ? 0 : (i / (fresh.length - 1) - 0.5) * Math.PI * 0.9);
          cy.add({ ...nodeData(n), position: { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) } });
        });
        for (const tie of more.ties) {
          const data = edgeData(tie, nodeId);
          if (cy.getElementById(data.data.id).empty()) cy.add(data);
        }
      });
      status.textContent = t("ent.expanded", { name: names.get(nodeId) || nodeId, n: fresh.length });
      visible();
    } catch (error) {
      expanded.delete(nodeId);
      status.replaceChildren(errorBox(error));
    }
  }

  cy.on("tap", "node", (event) => expand(event.target.id()));
  boxes.forEach((b) => b.addEventListener("change", visible));
  minAmount.addEventListener("input", visible);
  visible();

  if (!isPerson) {
    api(`/enterprises/${encodeURIComponent(id)}/actual-controller`).then((found) => {
      if (!found.controller) return;
      const node = cy.getElementById(found.controller.id);
      if (node.nonempty()) node.addClass("controller");
      controllerNote.replaceChildren(el("span", { class: "controller-note" }, `${t("badge.controller")}: `,
        el("a", { href: partyHref(found.controller.kind, found.controller.id) }, found.controller.name),
        ` (${share(found.integrated_stake)}, ${found.rule})`));
    }).catch((error) => controllerNote.replaceChildren(errorBox(error)));
  }
}

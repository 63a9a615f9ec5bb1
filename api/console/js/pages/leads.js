// 我的线索: an RM's ranked leads with type, score, reasons and the path that makes each a lead; each can be
// marked contacted / converted / not interested (POST /leads/{id}/status), which campaigns report on.
import { api } from "../api.js";
import { day, el, empty, money, score, section, share } from "../format.js";
import { t } from "../i18n.js";

const RM = "liantu.rmId"; // the RM id typed last, for this tab only, like the key
const TYPES = ["chain", "new_registration", "threshold", "uplift"];
const STATUSES = ["contacted", "converted", "not_interested"];

function pathOf(lead, names) {
  const ids = lead.tie?.path || lead.evidence || [];
  return ids.map((id, i) => [i ? el("span", { class: "arrow" }, " → ") : null,
    el("a", { href: `#/e/${id}` }, names.get(id) || id)]);
}

function statusCell(lead, rmId, type) {
  const current = el("span", { class: "lead-status" }, lead.status ? t(`leads.statuses.${lead.status.status || lead.status}`) : "—");
  const note = el("span", { class: "muted small", "aria-live": "polite" });
  const buttons = STATUSES.map((s) => el("button", { type: "button", class: `mark mark-${s}`, onclick: async () => {
    try {
      const state = await api(`/leads/${encodeURIComponent(lead.uscc)}/status`,
        { method: "POST", body: { status: s, by: rmId, lead_type: type } });
      current.textContent = t(`leads.statuses.${state.status}`);
      note.textContent = t("leads.marked", { name: lead.name, status: t(`leads.statuses.${state.status}`) });
    } catch (error) {
      if (error.status === 401) return;
      note.textContent = `${error.status}: ${error.message}`;
    }
  } }, t(`leads.statuses.${s}`)));
  const history = el("ol", { class: "history small" });
  const show = el("button", { type: "button", class: "history-toggle", onclick: async () => {
    try {
      const found = await api(`/leads/${encodeURIComponent(lead.uscc)}/status`);
      history.replaceChildren(...(found.history.length ? found.history.map((h) => el("li", {},
        `${h.at.slice(0, 16).replace("T", " ")} ${t(`leads.statuses.${h.status}`)} · ${h.by || ""}${h.note ? ` · ${h.note}` : ""}`))
        : [el("li", { class: "muted" }, t("leads.noHistory"))]));
    } catch (error) {
      if (error.status !== 401) history.replaceChildren(el("li", {}, `${error.status}: ${error.message}`));
    }
  } }, t("leads.history"));
  return el("div", { class: "status-cell" }, current, el("div", { class: "marks" }, buttons, show), note, history);
}

async function campaigns() {
  const list = await api("/campaigns");
  if (!list.length) return empty(t("leads.noCampaigns"));
  return el("table", { class: "facts" },
    el("thead", {}, el("tr", {}, ["ID", t("leads.title"), t("leads.type"), t("ent.dates"), t("leads.arms")].map((h) => el("th", {}, h)))),
    el("tbody", {}, list.map((c) => el("tr", {}, el("td", { class: "mono" }, c.campaign_id), el("td", {}, c.name),
      el("td", {}, t(`leads.types.${c.lead_type}`)), el("td", {}, `${day(c.start)} – ${day(c.end)}`),
      el("td", { class: "num" }, `${c.treatment} / ${c.control}`)))));
}

export async function render(view, { query, errorBox }) {
  const rmId = query.get("rm") || sessionStorage.getItem(RM) || "";
  const type = TYPES.includes(query.get("type")) ? query.get("type") : "chain";
  const rmInput = el("input", { id: "lead-rm", name: "rm", value: rmId, required: true, pattern: "[A-Za-z0-9_\\-]+", maxlength: 32 });
  const typeSelect = el("select", { id: "lead-type", name: "type" },
    TYPES.map((k) => el("option", { value: k, selected: k === type }, t(`leads.types.${k}`))));
  const box = el("div", { id: "lead-list", "aria-live": "polite" });
  const campaignBox = el("div", { id: "campaigns" });
  view.replaceChildren(el("h1", {}, t("leads.title")),
    el("form", { class: "searchbar", onsubmit: (event) => {
      event.preventDefault();
      sessionStorage.setItem(RM, rmInput.value.trim());
      location.hash = `#/leads?${new URLSearchParams({ rm: rmInput.value.trim(), type: typeSelect.value })}`;
    } }, el("label", { for: "lead-rm" }, t("leads.rm")), rmInput, el("label", { for: "lead-type" }, t("leads.type")),
    typeSelect, el("button", { type: "submit", class: "primary" }, t("leads.show"))),
    box, section(t("leads.campaigns"), campaignBox));
  campaigns().then((c) => campaignBox.replaceChildren(c)).catch((error) => campaignBox.replaceChildren(errorBox(error)));
  if (!rmId) { box.replaceChildren(empty(t("leads.needRm"))); return; }
  box.replaceChildren(el("p", { class: "muted" }, t("loading")));
  let found;
  try {
    found = await api("/leads", { params: { rm: rmId, type, limit: 50 } });
  } catch (error) {
    if (error.status === 401) throw error;
    box.replaceChildren(errorBox(error));
    return;
  }
  if (!found.leads.length) { box.replaceChildren(empty(t("leads.none"))); return; }
  const names = new Map();
  for (const lead of found.leads) {
    names.set(lead.uscc, lead.name);
    if (lead.tie?.customer_uscc) names.set(lead.tie.customer_uscc, lead.tie.customer_name);
  }
  box.replaceChildren(
    el("table", { class: "facts leads" },
      el("thead", {}, el("tr", {}, [t("leads.rank"), t("leads.name"), t("leads.type"), t("leads.score"),
        t("leads.reasons"), t("leads.path"), t("leads.status")].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, found.leads.map((lead) => el("tr", { dataset: { uscc: lead.uscc } },
        el("td", { class: "num" }, lead.rank),
        el("td", {}, el("a", { href: `#/e/${lead.uscc}` }, lead.name),
          lead.tie ? el("div", { class: "muted small" }, `${money(lead.tie.total)} · ${share(lead.tie.tie_share)}`) : null),
        el("td", {}, t(`leads.types.${lead.lead_type}`)),
        el("td", { class: "num" }, score(lead.score)),
        el("td", {}, el("ul", { class: "reasons" }, (lead.reasons || []).map((r) => el("li", {}, r)))),
        el("td", {}, pathOf(lead, names)),
        el("td", {}, statusCell(lead, rmId, type)))))),
    el("details", { class: "formula" }, el("summary", {}, t("leads.formula")), el("p", { class: "small" }, found.formula || "")));
}

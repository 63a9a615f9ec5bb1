// 查询: one box for a part of a name, a former name, a USCC or a person; hits with their badges.
import { api } from "../api.js";
import { badge, copyable, el, empty, section } from "../format.js";
import { t } from "../i18n.js";

function enterpriseHit(hit) {
  return el("li", { class: "hit" },
    el("a", { href: `#/e/${hit.uscc}`, class: "name" }, hit.name), " ", copyable(hit.uscc),
    el("div", { class: "badges" },
      hit.customer_no ? badge(`${t("badge.customer")} · ${hit.tier || ""}`, "customer") : null,
      hit.rm_name ? badge(`${t("badge.rm")} ${hit.rm_name}`, "rm") : null,
      hit.hub ? badge(`${t("badge.hub")} #${hit.hub_rank}`, "hub") : null,
      hit.negative_events ? badge(t("badge.negative"), "negative") : null,
      hit.guarantee_cycle ? badge(t("badge.circle"), "circle") : null,
      hit.status ? badge(hit.status, "plain") : null),
    hit.matched === "former_name"
      ? el("div", { class: "muted" }, `${t("search.formerMatch")}: ${hit.former_names.join("、")}`) : null);
}

function personHit(hit) {
  return el("li", { class: "hit" },
    el("a", { href: `#/p/${hit.person_id}`, class: "name" }, hit.name), " ",
    el("span", { class: "mono muted small" }, hit.person_id.slice(0, 12) + "…"),
    el("div", { class: "badges" },
      hit.customer ? badge(t("badge.customer"), "customer") : null,
      hit.negative_events ? badge(t("badge.negative"), "negative") : null),
    hit.companies.length ? el("div", { class: "muted" }, `${t("search.worksAt")}: `,
      hit.companies.map((c, i) => [i ? "、" : "", el("a", { href: `#/e/${c.uscc}` }, c.name)])) : null);
}

export async function render(view, { query, errorBox }) {
  const q = query.get("q") || "";
  const kind = query.get("kind") || "all";
  const input = el("input", { type: "search", name: "q", id: "search-q", value: q, placeholder: t("search.placeholder"), required: true, maxlength: 100 });
  const select = el("select", { name: "kind", id: "search-kind" },
    ["all", "enterprise", "person"].map((k) => el("option", { value: k, selected: k === kind }, t(`search.${k}`))));
  const results = el("div", { id: "search-results", "aria-live": "polite" });
  const form = el("form", { class: "searchbar", role: "search", onsubmit: (event) => {
    event.preventDefault();
    const params = new URLSearchParams({ q: input.value.trim(), kind: select.value });
    location.hash = `#/search?${params}`;
  } }, input, select, el("button", { type: "submit", class: "primary" }, t("search.go")));
  view.replaceChildren(el("h1", {}, t("search.title")), form, el("p", { class: "muted small" }, t("search.hint")), results);
  input.focus();
  if (!q) return;
  results.replaceChildren(el("p", { class: "muted" }, t("loading")));
  try {
    const found = await api("/search", { params: { q, kind, limit: 30 } });
    if (!found.enterprises.length && !found.persons.length) { results.replaceChildren(empty(t("search.none"))); return; }
    results.replaceChildren(
      found.enterprises.length ? section(`${t("search.enterprises")} (${found.enterprises.length})`,
        el("ul", { class: "hits" }, found.enterprises.map(enterpriseHit))) : null,
      found.persons.length ? section(`${t("search.persons")} (${found.persons.length})`,
        el("ul", { class: "hits" }, found.persons.map(personHit))) : null);
  } catch (error) {
    if (error.status === 401) throw error;
    results.replaceChildren(errorBox(error));
  }
}

// Small helpers every page uses: DOM building without innerHTML (data never becomes markup), and
// amounts, shares and dates in the conventions bank staff read (万元 / 亿元, YYYY-MM-DD).
import { lang, t } from "./i18n.js";

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const grouped = (value, digits) =>
  value.toLocaleString("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function money(yuan) {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return "—";
  const abs = Math.abs(yuan);
  if (lang() === "en") {
    if (abs >= 1e9) return `CNY ${grouped(yuan / 1e9, 2)} bn`;
    if (abs >= 1e6) return `CNY ${grouped(yuan / 1e6, 2)} m`;
    return `CNY ${grouped(yuan, 0)}`;
  }
  if (abs >= 1e8) return `${grouped(yuan / 1e8, 2)} 亿元`;
  if (abs >= 1e4) return `${grouped(yuan / 1e4, 2)} 万元`;
  return `${grouped(yuan, 0)} 元`;
}

export const share = (x) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(x < 0.001 ? 2 : 1)}%`);
export const day = (d) => (d ? String(d).slice(0, 10) : "—");
export const score = (x) => (x === null || x === undefined ? "—" : Number(x).toFixed(3));

// A USCC or id with a one-click copy button beside it.
export function copyable(text) {
  const button = el("button", { type: "button", class: "copy", title: t("copy") }, t("copy"));
  button.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(text); button.textContent = "✓"; } catch { button.textContent = "✗"; }
    setTimeout(() => { button.textContent = t("copy"); }, 1200);
  });
  return el("span", { class: "mono copyable" }, el("span", {}, text), button);
}

export function badge(text, kind = "") { return el("span", { class: `badge ${kind}` }, text); }

export function table(headers, rows, attrs = {}) {
  return el("table", { class: "facts", ...attrs },
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))));
}

export function section(title, ...body) { return el("section", { class: "panel" }, el("h2", {}, title), ...body); }

export const empty = (text) => el("p", { class: "empty" }, text);
export const partyHref = (kind, id) => (kind === "P" ? `#/p/${id}` : `#/e/${id}`);

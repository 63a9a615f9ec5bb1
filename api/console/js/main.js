// The console's shell: sign-in, the page list, the hash router, and the one place where an API error
// becomes a message a person understands. Pages are modules exporting render(view, params).
import { api, ApiError, credentials, whenUnauthorized } from "./api.js";
import { el } from "./format.js";
import { lang, setLang, t } from "./i18n.js";

const PAGES = {
  search: () => import("./pages/search.js"),
  e: () => import("./pages/enterprise.js"),
  p: () => import("./pages/enterprise.js"),
  leads: () => import("./pages/leads.js"),
  risk: () => import("./pages/risk.js"),
  restricted: () => import("./pages/risk.js"),
  paths: () => import("./pages/paths.js"),
};
const NAV = ["search", "leads", "risk", "restricted", "paths"];
// The API feature (api/access.py ROLE_TABLE) each page reads first; a page whose feature the key's role
// may not read is left out of the menu (the API still answers 403 if it is opened by its address).
const FEATURE = { search: "search", leads: "leads", risk: "risk", restricted: "risk", paths: "paths" };
const view = document.getElementById("view");
let role = null;
let me = null;

function mayUse(page) {
  const feature = FEATURE[page];
  return !feature || !me || me.features.some((f) => f.feature === feature && f.read);
}

async function whoAmI(key) {
  me = await api("/me", key === undefined ? {} : { key });
  role = me.role;
  document.body.dataset.role = role;
  document.body.classList.toggle("no-risk", !mayUse("risk"));
  document.body.classList.toggle("no-paths", !mayUse("paths"));
}
let signInNotice = null;

export function errorBox(error, retry) {
  const status = error instanceof ApiError ? error.status : -1;
  const known = [0, 401, 403, 404, 422, 503].includes(status);
  const box = el("div", { class: `error status-${status}`, role: "alert" },
    el("strong", {}, known ? t(`err.${status}`) : t("err.other")),
    error.message && status !== 0 ? el("p", { class: "server" }, `${t("err.server")}: ${error.message}`) : null,
    status === 403 && role ? el("p", {}, `${t("role")}: ${t(`roles.${role}`)}`) : null,
    // Trying again helps only when the service, not the request, was the trouble.
    retry && ![401, 403, 404, 422].includes(status) ? el("button", { type: "button", onclick: retry }, t("err.retry")) : null);
  if (!(error instanceof ApiError)) console.error(error); // a bug of ours, not an API answer
  return box;
}

function signIn(notice) {
  document.getElementById("nav").replaceChildren();
  document.getElementById("who").textContent = "";
  document.getElementById("signout").hidden = true;
  const input = el("input", { type: "password", id: "api-key", name: "api-key", autocomplete: "off", required: true });
  const status = el("div", { class: "signin-status", "aria-live": "polite" }, notice ? errorBox(notice) : null);
  const form = el("form", { class: "panel signin", onsubmit: async (event) => {
    event.preventDefault();
    status.replaceChildren(el("p", { class: "muted" }, t("loading")));
    try {
      await whoAmI(input.value.trim());
      credentials.set(input.value.trim());
      signInNotice = null;
      if (!location.hash || location.hash === "#/signin") location.hash = "#/search";
      else route();
    } catch (error) {
      status.replaceChildren(el("h3", {}, t("signinBad")), errorBox(error));
    }
  } },
  el("h1", {}, t("signin")), el("p", { class: "muted" }, t("signinHelp")),
  el("label", { for: "api-key" }, t("key")), input,
  el("button", { type: "submit", class: "primary" }, t("signin")), status);
  view.replaceChildren(form);
  input.focus();
  performance.mark("liantu:page-ready");
  document.body.dataset.page = "signin";
}

function chrome(current) {
  document.getElementById("nav").replaceChildren(...NAV.filter(mayUse).map((name) =>
    el("a", { href: `#/${name}`, class: name === current ? "active" : "" }, t(`nav.${name}`))));
  document.getElementById("who").textContent = role ? `${t("role")}: ${t(`roles.${role}`)}` : "";
  const out = document.getElementById("signout");
  out.hidden = false;
  out.textContent = t("signout");
}

// Each navigation gets a number; a page that finishes after a newer navigation began leaves the view
// alone, so a quick second click (or the sign-in's own redirect) never ends on the older page.
let navigation = 0;

async function route() {
  const mine = ++navigation;
  document.getElementById("lang").textContent = lang() === "en" ? "中文" : "English";
  if (!credentials.key) { signIn(signInNotice); return; }
  if (!role) {
    try { await whoAmI(); } catch (error) {
      if (error.status !== 401) view.replaceChildren(errorBox(error, route));
      return;
    }
  }
  const [path, query] = location.hash.replace(/^#\/?/, "").split("?");
  const [name, id] = (path || "search").split("/");
  const page = PAGES[name] ? name : "search";
  chrome(page === "e" || page === "p" ? "search" : page);
  view.replaceChildren(el("p", { class: "muted" }, t("loading")));
  try {
    const module = await PAGES[page]();
    if (mine !== navigation) return;
    await module.render(view, { page, id: id ? decodeURIComponent(id) : "", query: new URLSearchParams(query || ""), role, errorBox });
  } catch (error) {
    if (error.status === 401) return; // whenUnauthorized has shown the sign-in with the reason
    if (mine === navigation) view.replaceChildren(errorBox(error, route));
  }
  if (mine !== navigation) return;
  performance.mark("liantu:page-ready");
  document.body.dataset.page = page;
}

whenUnauthorized((error) => {
  credentials.clear();
  role = null;
  me = null;
  signInNotice = error;
  signIn(error);
});

document.getElementById("lang").addEventListener("click", () => { setLang(lang() === "en" ? "zh" : "en"); route(); });
document.getElementById("signout").addEventListener("click", () => {
  credentials.clear(); role = null; me = null; signInNotice = null; location.hash = "#/signin"; signIn(null);
});
window.addEventListener("hashchange", route);
setLang(lang());
route();

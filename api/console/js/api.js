// The one way the console talks to the API: the key from this tab's sessionStorage in the X-API-Key
// header (never in a URL, never logged), and every failure turned into an ApiError a page can explain.

const KEY = "liantu.apiKey";

export const credentials = {
  get key() { return sessionStorage.getItem(KEY); },
  set(key) { sessionStorage.setItem(KEY, key); },
  clear() { sessionStorage.removeItem(KEY); },
};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status; // 0 when the API could not be reached at all
    this.code = code || "";
  }
}

// One listener (main.js) sends the user back to sign-in when the key stops working.
let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

function url(path, params) {
  const u = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params || {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null && v !== "") u.searchParams.append(name, String(v));
    }
  }
  return u;
}

export async function api(path, { params, method = "GET", body, key } = {}) {
  const headers = { Accept: "application/json", "X-API-Key": key ?? credentials.key ?? "" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url(path, params), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "network", "");
  }
  if (!response.ok) {
    let detail = {};
    try { detail = await response.json(); } catch { /* a proxy's HTML page: the status says enough */ }
    const error = new ApiError(response.status, detail.code, detail.message);
    if (response.status === 401 && key === undefined) onUnauthorized(error);
    throw error;
  }
  return response.json();
}

// The check-in API (/api/v1/): a paired device sends its bearer token; door staff logged in on
// this phone use their session cookie and the CSRF token instead.

/** The server answered with an error: it was reached, and said no (with `detail`, and for
 * some errors a machine-readable `code`, such as "unknown_gate"). */
export class ApiError extends Error {
  constructor(status, detail, code = null) {
    super(typeof detail === "string" && detail ? detail : `HTTP ${status}`);
    this.status = status;
    this.detail = typeof detail === "string" ? detail : "";
    this.code = code;
  }

  get isAuth() {
    return this.status === 401 || this.status === 403;
  }
}

/** The request never reached an answer: no network, a dead Wi-Fi, too slow, or a server error
 * (5xx: the server may not have stored anything; the same nonce sent again is safe). */
export class NetworkError extends Error {}

function cookie(name) {
  if (typeof document === "undefined") return "";
  const match = document.cookie.match(new RegExp(`(?:^|;\\s*)${name}=([^;]*)`));
  return match ? decodeURIComponent(match[1]) : "";
}

function withGate(body, gate) {
  return gate ? { ...body, gate } : body;
}

export class Api {
  constructor(base) {
    this.base = base;
    this.token = null;
  }

  async request(path, { method = "GET", body, timeout = 8000 } = {}) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    else if (method !== "GET") headers["X-CSRFToken"] = cookie("csrftoken");
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    let response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
        signal: controller.signal,
      });
    } catch (error) {
      throw new NetworkError(error.message);
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      if (response.status >= 500) throw new NetworkError(`HTTP ${response.status}`);
      throw new ApiError(response.status, data && data.detail, (data && data.code) || null);
    }
    return data;
  }

  pair(pairingCode, name) {
    const body = { pairing_code: pairingCode };
    if (name) body.name = name;
    return this.request("devices/pair", { method: "POST", body });
  }

  me() {
    return this.request("checkin/me", { timeout: 6000 });
  }

  /** The gates door staff can choose from (a paired device is bound to its own). */
  gates() {
    return this.request("checkin/gates", { timeout: 6000 });
  }

  // `gate` is the code of the gate door staff chose; a paired device sends none.
  scan(code, nonce, scannedAt, timeout, gate = null) {
    return this.request("checkin/scan", {
      method: "POST",
      body: withGate({ code, nonce, scanned_at: scannedAt }, gate),
      timeout,
    });
  }

  delegates(since, limit) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (since) query.set("since", since);
    return this.request(`checkin/delegates?${query}`, { timeout: 20000 });
  }

  batch(scans, gate = null) {
    return this.request("checkin/batch", {
      method: "POST",
      body: withGate({ scans }, gate),
      timeout: 20000,
    });
  }

  search(q) {
    return this.request(`checkin/search?${new URLSearchParams({ q })}`, { timeout: 6000 });
  }

  manual(registrationId, nonce, gate = null) {
    return this.request("checkin/manual", {
      method: "POST",
      body: withGate({ registration_id: registrationId, nonce }, gate),
      timeout: 6000,
    });
  }
}

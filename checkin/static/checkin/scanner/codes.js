// Badge codes, read the way the server reads them (registration/services/badge_codes.py):
// a QR payload "MIV1-" + 28 Crockford base32 characters, or a short code "ABCD-EFGH".

const ALPHABET = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]+$/;
const PREFIX = "MIV1-";
const TOKEN_LENGTH = 28;
const SHORT = /^[0-9A-Z]{4}-?[0-9A-Z]{4}$/;
const ALIASES = { O: "0", I: "1", L: "1", U: "V" };

/** {kind: "token", text} | {kind: "short", code} | null when it is not one of ours. */
export function parseCode(raw) {
  if (typeof raw !== "string") return null;
  const text = raw.trim().toUpperCase();
  if (text.length > 100) return null;
  if (text.startsWith(PREFIX)) {
    const token = text.slice(PREFIX.length);
    if (token.length === TOKEN_LENGTH && ALPHABET.test(token)) return { kind: "token", text };
    return null;
  }
  const compact = text.replace(/\s+/g, "").replace(/[OILU]/g, (ch) => ALIASES[ch]);
  if (SHORT.test(compact)) {
    const code = compact.replace("-", "");
    if (ALPHABET.test(code)) return { kind: "short", code };
  }
  return null;
}

export async function sha256Hex(text) {
  const bytes = new TextEncoder().encode(text);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The hash the delegate list holds for this code: code_hash or short_hash. */
export async function codeHash(parsed) {
  return sha256Hex(parsed.kind === "token" ? parsed.text : `SHORT:${parsed.code}`);
}

export function newNonce() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The pairing code in a pairing QR code (the address of the scanner app with `?pair=CODE`,
 * from the organisers' device page or `create_scanner_device`), or null for anything else. */
export function parsePairing(raw) {
  if (typeof raw !== "string" || raw.length > 500) return null;
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (!/^https?:$/.test(url.protocol) || !/\/scanner\/?$/.test(url.pathname)) return null;
  const code = (url.searchParams.get("pair") || "").replace(/[\s-]/g, "").toUpperCase();
  if (!/^[0-9A-Z]{8}$/.test(code)) return null;
  return { code, origin: url.origin };
}

// Names folded for search the way the server folds them (registration/vietnamese.py search_key):
// invisible characters dropped, Đ → d, accents removed, lower case, spaces collapsed. So
// "dang thi anh" finds "Đặng Thị Ánh" on the phone as it does on the server, typed in NFC or NFD.

export function searchKey(value) {
  return String(value || "")
    .replace(/[\p{Cc}\p{Cf}]/gu, (char) => (/\s/.test(char) ? " " : ""))
    .normalize("NFC")
    .replace(/[ĐđÐð]/g, "d")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");
}

/** A phone number rather than a name: digits with the usual separators, at least 8 digits. */
export function looksLikePhone(value) {
  const compact = String(value || "").replace(/[\s.\-()]/g, "");
  return /^\+?\d{8,}$/.test(compact);
}

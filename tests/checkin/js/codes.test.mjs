import assert from "node:assert/strict";
import { test } from "node:test";

import { parseCode, parsePairing } from "../../../checkin/static/checkin/scanner/codes.js";

test("a pairing QR gives its code, from whichever address the organiser was on", () => {
  assert.deepEqual(parsePairing("http://192.168.1.20:8000/scanner/?pair=7K3MQ9TX"), {
    code: "7K3MQ9TX",
    origin: "http://192.168.1.20:8000",
  });
  assert.deepEqual(parsePairing(" https://forum.example.vn/scanner/?pair=7k3m-q9tx "), {
    code: "7K3MQ9TX",
    origin: "https://forum.example.vn",
  });
});

test("anything else is not a pairing QR", () => {
  for (const text of [
    "MIV1-0A4C9QF3M7T2XK8R5D6W1ZB0NHJK",
    "ABCD-EFGH",
    "https://forum.example.vn/scanner/",
    "https://forum.example.vn/scanner/?pair=SHORT",
    "https://forum.example.vn/agenda/?pair=7K3MQ9TX",
    "javascript:alert(1)//scanner/?pair=7K3MQ9TX",
    `https://forum.example.vn/scanner/?pair=7K3MQ9TX&x=${"a".repeat(600)}`,
    null,
  ]) {
    assert.equal(parsePairing(text), null, text);
  }
});

test("a pairing QR is not a badge", () => {
  assert.equal(parseCode("https://forum.example.vn/scanner/?pair=7K3MQ9TX"), null);
});

import assert from "node:assert/strict";
import { GraftError } from "../core/mod.ts";
import { decodeBase64 } from "./base64_decode.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("decodeBase64 decodes padded base64, skipping line breaks", () => {
  const cases: [string, number[]][] = [
    ["", []],
    ["YQ==", [0x61]],
    ["YWI=", [0x61, 0x62]],
    ["YWJj", [0x61, 0x62, 0x63]],
    ["YWJjZA==", [0x61, 0x62, 0x63, 0x64]],
    ["YW\nJj\r\n", [0x61, 0x62, 0x63]],
    ["YQ=\n=", [0x61]],
    ["/+4=", [0xff, 0xee]],
  ];
  for (const [input, expected] of cases) {
    assert.deepEqual([...decodeBase64(bytes(input))], expected, input);
  }
});

Deno.test("decodeBase64 reports Go's offset of the first bad byte", () => {
  const cases: [string, number][] = [
    ["YWJ", 0], // missing padding: the start of the short quantum
    ["YWJjZA", 4],
    ["YQ=", 3], // the second `=` is missing
    ["YQ=x", 2],
    ["Y===", 1], // padding after one digit
    ["=", 0],
    ["YW*j", 2],
    ["YQ==YQ==", 4], // data after the padding
    ["YQ==\n\nx", 6],
  ];
  for (const [input, offset] of cases) {
    assert.throws(
      () => decodeBase64(bytes(input)),
      (error: unknown) =>
        error instanceof GraftError &&
        error.message ===
          `unable to base64 decode string ${input}: illegal base64 data at input byte ${offset}`,
      input,
    );
  }
});

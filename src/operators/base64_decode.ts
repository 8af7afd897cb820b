/**
 * `(( base64-decode S ))`: the text (or bytes) a base64 string encodes.
 *
 * @module
 */

import { GraftError } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";
import { bytesArgument } from "./base64.ts";

/**
 * The `base64-decode` operator: decodes standard, padded base64 as Go does (line breaks are
 * skipped). The result is a string when the bytes are UTF-8, else binary data (`!!binary`).
 *
 * @example
 * ```yaml
 * password: (( base64-decode meta.encoded ))
 * ```
 */
export const base64Decode: Operator = {
  async run(call, context) {
    const input = await bytesArgument(call, context, "base64 decode");
    const bytes = decodeBase64(input);
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return bytes;
    }
  },
};

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGITS = new Int8Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGITS[ALPHABET.charCodeAt(i)] = i;
const PAD = 0x3d; // =
const LF = 0x0a;
const CR = 0x0d;

/**
 * Go's `base64.StdEncoding.DecodeString`: quanta of four digits, `=` padding required at the end,
 * `\r` and `\n` skipped anywhere.
 *
 * @throws {GraftError} spruce's `unable to base64 decode string ...` with Go's byte offset
 */
export function decodeBase64(src: Uint8Array): Uint8Array {
  const fail = (offset: number): never => {
    const text = new TextDecoder().decode(src);
    throw new GraftError(
      "eval",
      `unable to base64 decode string ${text}: illegal base64 data at input byte ${offset}`,
    );
  };
  const skipLineBreaks = (i: number) => {
    while (i < src.length && (src[i] === LF || src[i] === CR)) i++;
    return i;
  };
  const out = new Uint8Array(Math.ceil(src.length / 4) * 3);
  let n = 0;
  let si = 0;
  const quantum = [0, 0, 0, 0];
  while (si < src.length) {
    let digits = 4;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return out.subarray(0, n);
        fail(si - j);
      }
      const c = src[si++];
      const digit = DIGITS[c];
      if (digit >= 0) {
        quantum[j] = digit;
        continue;
      }
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (c !== PAD || j < 2) fail(si - 1);
      if (j === 2) {
        // `==` is due; the first `=` is read.
        si = skipLineBreaks(si);
        if (si === src.length) fail(src.length);
        if (src[si] !== PAD) fail(si - 1);
        si++;
      }
      si = skipLineBreaks(si);
      if (si < src.length) fail(si);
      quantum.fill(0, j);
      digits = j;
      break;
    }
    const bits = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
    for (let k = 0; k < digits - 1; k++) out[n++] = (bits >> (16 - 8 * k)) & 0xff;
  }
  return out.subarray(0, n);
}

/**
 * go-yaml v2's implicit typing of untagged plain scalars (`resolve.go`), as spruce reads them:
 * YAML 1.1 booleans and nulls, Go `strconv` ints (`0x`, `0o`, `0b`, leading-`0` octal) and floats
 * (`1.`, `.5`, `1e3`, `+inf`, hex floats; overflow stays a string). Timestamps and base-60 numbers
 * stay strings. See spec/OUTPUT-FORMAT.md §F rule 21.
 *
 * @module
 */

import { Float, normalizeInt } from "../core/mod.ts";

/** The YAML 1.1 boolean words go-yaml resolves, with their values. */
export const YAML_BOOL: ReadonlyMap<string, boolean> = new Map([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map((w) =>
    [w, true] as const
  ),
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map((w) =>
    [w, false] as const
  ),
]);

/** The words go-yaml resolves to null (the empty string included). */
export const YAML_NULL: ReadonlySet<string> = new Set(["", "~", "null", "Null", "NULL"]);

/** The `.nan` and `.inf` spellings go-yaml resolves to floats, with their values. */
const YAML_SPECIAL_FLOAT: ReadonlyMap<string, number> = new Map([
  ...[".nan", ".NaN", ".NAN"].map((w) => [w, NaN] as const),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((w) => [w, Infinity] as const),
  ...["-.inf", "-.Inf", "-.INF"].map((w) => [w, -Infinity] as const),
]);

// go-yaml's resolveTable: the first character decides which rules are tried at all.
const HINT_SIGN = 1;
const HINT_DIGIT = 2;
const HINT_WORD = 3;
const HINT_DOT = 4;
const HINTS = new Uint8Array(128);
HINTS[0x2b] = HINTS[0x2d] = HINT_SIGN;
for (let c = 0x30; c <= 0x39; c++) HINTS[c] = HINT_DIGIT;
for (const c of "yYnNtTfFoO~") HINTS[c.charCodeAt(0)] = HINT_WORD;
HINTS[0x2e] = HINT_DOT;

function hintOf(text: string): number {
  const c = text.charCodeAt(0);
  return c < 128 ? HINTS[c] : 0;
}

/**
 * The value go-yaml v2 gives an untagged plain scalar: a `boolean`, `null`, an int (`number` or
 * `bigint`), a {@link Float}, or the text itself when it resolves to a string.
 */
export function resolvePlainScalar(
  text: string,
): string | number | bigint | boolean | null | Float {
  if (text === "") return null;
  const hint = hintOf(text);
  if (hint === 0) return text;
  const bool = YAML_BOOL.get(text);
  if (bool !== undefined) return bool;
  if (YAML_NULL.has(text)) return null;
  if (hint === HINT_WORD) return text;
  const int = parseYamlInt(text);
  if (int !== undefined) return int;
  const float = parseYamlFloat(text);
  return float === undefined ? text : new Float(float);
}

/** True when go-yaml v2 would read `text`, written as a plain scalar, as anything but a string. */
export function resolvesToNonString(text: string): boolean {
  return typeof resolvePlainScalar(text) !== "string";
}

const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/**
 * True for YAML 1.1 base-60 numbers such as `1:20` or `-12:30:45.5`. go-yaml reads them as strings
 * but double-quotes them on output for other parsers' sake.
 */
export function isBase60Float(text: string): boolean {
  const hint = hintOf(text);
  return (hint === HINT_SIGN || hint === HINT_DIGIT) && text.includes(":") && BASE60.test(text);
}

/**
 * The int go-yaml reads from a plain scalar starting with a digit or a sign: all `_` removed, then
 * Go `strconv.ParseInt(s, 0, 64)`, then `strconv.ParseUint(s, 0, 64)`, then go-yaml's own `0b…`
 * and `-0b…` branches (which accept `0b-1`). `undefined` when it is not an int.
 */
export function parseYamlInt(text: string): number | bigint | undefined {
  const hint = hintOf(text);
  if (hint !== HINT_SIGN && hint !== HINT_DIGIT) return undefined;
  const plain = text.includes("_") ? text.replaceAll("_", "") : text;
  const value = parseGoInt(plain, 0) ?? parseGoUint(plain, 0);
  if (value !== undefined) return toInt(value);
  if (plain.startsWith("0b")) {
    const binary = parseGoInt(plain.slice(2), 2) ?? parseGoUint(plain.slice(2), 2);
    return binary === undefined ? undefined : toInt(binary);
  }
  if (plain.startsWith("-0b")) {
    const binary = parseGoInt(plain.slice(3), 2);
    return binary === undefined ? undefined : toInt(BigInt.asIntN(64, -BigInt(binary)));
  }
  return undefined;
}

/**
 * The float go-yaml reads from a plain scalar, ints aside: the `.nan`/`.inf` words, else Go
 * `strconv.ParseFloat(s, 64)` of the text (when it starts with `.`) or of the text without `_`
 * (when it starts with a digit or a sign). `undefined` for anything else, overflow included.
 */
export function parseYamlFloat(text: string): number | undefined {
  const special = YAML_SPECIAL_FLOAT.get(text);
  if (special !== undefined) return special;
  switch (hintOf(text)) {
    case HINT_DOT:
      return parseGoFloat(text);
    case HINT_SIGN:
    case HINT_DIGIT:
      return parseGoFloat(text.includes("_") ? text.replaceAll("_", "") : text);
    default:
      return undefined;
  }
}

function toInt(value: number | bigint): number | bigint {
  return typeof value === "bigint" ? normalizeInt(value) : value;
}

const INT64_LIMIT = 1n << 63n;
const UINT64_MAX = (1n << 64n) - 1n;

/** Go `strconv.ParseInt(text, base, 64)` for base 0 or 2, on text without underscores. */
function parseGoInt(text: string, base: 0 | 2): number | bigint | undefined {
  const c = text.charCodeAt(0);
  const negative = c === 0x2d;
  const magnitude = parseGoUint(negative || c === 0x2b ? text.slice(1) : text, base);
  if (magnitude === undefined) return undefined;
  if (negative) return magnitude > INT64_LIMIT ? undefined : magnitude === 0 ? 0 : -magnitude;
  return magnitude >= INT64_LIMIT ? undefined : magnitude;
}

// Digits of each radix that always fit a safe integer.
const SAFE_DIGITS: Record<number, number> = { 2: 52, 8: 17, 10: 15, 16: 13 };

/** Go `strconv.ParseUint(text, base, 64)` for base 0 or 2, on text without underscores. */
function parseGoUint(text: string, base: 0 | 2): number | bigint | undefined {
  if (text === "") return undefined;
  let radix = base === 0 ? 10 : 2;
  let digits = text;
  if (base === 0 && text.charCodeAt(0) === 0x30) {
    const marker = text.length >= 3 ? text.charCodeAt(1) | 0x20 : 0;
    radix = marker === 0x62 ? 2 : marker === 0x78 ? 16 : 8;
    digits = text.slice(marker === 0x62 || marker === 0x6f || marker === 0x78 ? 2 : 1);
  }
  for (let i = 0; i < digits.length; i++) {
    if (digitValue(digits.charCodeAt(i)) >= radix) return undefined;
  }
  if (digits.length <= SAFE_DIGITS[radix]) return digits === "" ? 0 : parseInt(digits, radix);
  const value = BigInt((RADIX_PREFIX[radix] ?? "") + digits);
  return value > UINT64_MAX ? undefined : value;
}

const RADIX_PREFIX: Record<number, string> = { 2: "0b", 8: "0o", 16: "0x" };

/** The value of an ASCII digit or letter as a digit in bases up to 36; 99 for anything else. */
function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a ? lower - 0x61 + 10 : 99;
}

/**
 * Go `strconv.ParseFloat(text, 64)`: decimal or hex (`0x1p-2`) syntax with optional `_` between
 * digits, or `inf`/`infinity` (optionally signed) and `nan`, any case. `undefined` on a syntax
 * error or on overflow (Go's range error); underflow gives 0 as in Go.
 */
export function parseGoFloat(text: string): number | undefined {
  const special = parseSpecialFloat(text);
  if (special !== undefined) return special;
  const hex = /^[+-]?0[xX]./.test(text);
  const syntax = hex ? HEX_FLOAT : DECIMAL_FLOAT;
  if (!syntax.test(text) || (text.includes("_") && !underscoresOk(text))) return undefined;
  const clean = text.includes("_") ? text.replaceAll("_", "") : text;
  const value = hex ? hexFloatValue(clean) : Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

const DECIMAL_FLOAT = /^[+-]?(?=_*\.?_*[0-9])[0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9][0-9_]*)?$/;
const HEX_FLOAT =
  /^[+-]?0[xX](?=[_.]*[0-9a-fA-F])[0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?[pP][+-]?[0-9][0-9_]*$/;

function parseSpecialFloat(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === "nan") return NaN;
  const unsigned = lower[0] === "+" || lower[0] === "-" ? lower.slice(1) : lower;
  if (unsigned !== "inf" && unsigned !== "infinity") return undefined;
  return lower[0] === "-" ? -Infinity : Infinity;
}

/** Go's `underscoreOK`: every `_` sits between digits (a base prefix counts as a digit). */
function underscoresOk(text: string): boolean {
  let s = text[0] === "+" || text[0] === "-" ? text.slice(1) : text;
  let saw = "^";
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1])) {
    hex = s[1] === "x" || s[1] === "X";
    s = s.slice(2);
    saw = "0";
  }
  for (const c of s) {
    if ((c >= "0" && c <= "9") || (hex && digitValue(c.charCodeAt(0)) < 16)) {
      saw = "0";
    } else if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
    } else {
      if (saw === "_") return false;
      saw = "!";
    }
  }
  return saw !== "_";
}

/** The correctly rounded value of a syntactically valid hex float without underscores. */
function hexFloatValue(text: string): number {
  const negative = text[0] === "-";
  const body = text.replace(/^[+-]?0[xX]/, "");
  const p = body.search(/[pP]/);
  const [whole, fraction = ""] = body.slice(0, p).split(".");
  const mantissa = BigInt(`0x0${whole}${fraction}`);
  const exponent = Number(body.slice(p + 1)) - 4 * fraction.length;
  const magnitude = scaleByPowerOfTwo(mantissa, exponent);
  return negative ? -magnitude : magnitude;
}

/** `mantissa × 2^exponent` rounded to the nearest float64, ties to even. */
function scaleByPowerOfTwo(mantissa: bigint, exponent: number): number {
  if (mantissa === 0n) return 0;
  const bits = mantissa.toString(2).length;
  const top = bits - 1 + exponent;
  // 53 significant bits for normal numbers, fewer for subnormals (smallest is 2^-1074).
  const precision = top >= -1022 ? 53 : 53 - (-1022 - top);
  if (precision <= 0) {
    // Up to half the smallest subnormal rounds to 0 (exactly half is a tie, to even); more than
    // half rounds up to it.
    const powerOfTwo = (mantissa & (mantissa - 1n)) === 0n;
    return precision === 0 && !powerOfTwo ? 2 ** -1074 : 0;
  }
  let shift = bits - precision;
  let rounded = mantissa;
  if (shift > 0) {
    const s = BigInt(shift);
    rounded = mantissa >> s;
    const rest = mantissa - (rounded << s);
    const halfway = 1n << (s - 1n);
    if (rest > halfway || (rest === halfway && (rounded & 1n) === 1n)) rounded += 1n;
  } else {
    shift = 0;
  }
  const scale = exponent + shift;
  // Two steps so that no intermediate power of two overflows or underflows on its own.
  const firstStep = Math.trunc(scale / 2);
  return Number(rounded) * 2 ** firstStep * 2 ** (scale - firstStep);
}

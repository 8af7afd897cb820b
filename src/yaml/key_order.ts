/**
 * spruce's map key order: go-yaml v2's `sorter.go` comparison (spec/OUTPUT-FORMAT.md §C rule 10).
 *
 * @module
 */

import { Float, type Key, type Value } from "../core/mod.ts";

// reflect.Kind numbers, whose order is go-yaml's tie-break between kinds.
const KIND_BOOL = 1;
const KIND_INT = 2;
const KIND_UINT = 11;
const KIND_FLOAT = 14;
const KIND_NULL = 20; // a nil interface{}
const KIND_STRING = 24;

const UINT_START = 1n << 63n;

/**
 * A key as the scalar value it stands for: integer numbers and bigints are ints, other numbers
 * are floats (the value model stores float keys as plain numbers).
 */
export function keyToValue(key: Key): Value {
  return typeof key === "number" && !Number.isSafeInteger(key) ? new Float(key) : key;
}

function kindOf(key: Key): number {
  switch (typeof key) {
    case "string":
      return KIND_STRING;
    case "boolean":
      return KIND_BOOL;
    case "bigint":
      return key >= UINT_START ? KIND_UINT : KIND_INT;
    case "number":
      return Number.isSafeInteger(key) ? KIND_INT : KIND_FLOAT;
    default:
      return KIND_NULL;
  }
}

/**
 * go-yaml v2's key order as a comparator for `Array.prototype.sort`:
 * numbers and booleans first (by value, then bool < int < uint < float), then `null`, then strings
 * in go-yaml's natural order (see {@link compareKeyStrings}). NaN keys compare equal to all
 * numbers, as Go's `Less` leaves them unordered.
 */
export function compareKeys(a: Key, b: Key): number {
  if (typeof a === "string" && typeof b === "string") return compareKeyStrings(a, b);
  const kindA = kindOf(a);
  const kindB = kindOf(b);
  if (kindA < KIND_NULL && kindB < KIND_NULL) {
    const numberA = Number(a);
    const numberB = Number(b);
    if (numberA !== numberB) return numberA < numberB ? -1 : numberA > numberB ? 1 : 0;
    if (kindA !== kindB) return kindA - kindB;
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  return kindA - kindB;
}

/**
 * spruce's natural string order (go-yaml v2 `sorter.go` with go-yaml PR #195, as in spruce's
 * go-yaml fork), code point by code point: identical non-digits are skipped; two letters compare
 * by code point; a non-letter sorts before a letter; otherwise the runs of digits starting there
 * (possibly empty, even at identical digits) compare by value (int64 arithmetic that wraps), then
 * the shorter run first, then the walk goes on past identical characters or compares the code
 * points. A string sorts after its prefixes.
 */
export function compareKeyStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length;) {
    const unitA = a.charCodeAt(i);
    if (unitA === b.charCodeAt(i) && unitA < 0x80 && (unitA < 0x30 || unitA > 0x39)) {
      i++;
      continue;
    }
    const codeA = a.codePointAt(i)!;
    const codeB = b.codePointAt(i)!;
    const width = codeA > 0xffff ? 2 : 1;
    if (codeA === codeB && !isDigit(codeA)) {
      i += width;
      continue;
    }
    const letterA = isLetter(codeA);
    const letterB = isLetter(codeB);
    if (letterA && letterB) return codeA - codeB;
    if (letterA || letterB) return letterA ? 1 : -1;
    const [valueA, runA] = digitRun(a, i);
    const [valueB, runB] = digitRun(b, i);
    if (valueA < valueB) return -1;
    if (valueA > valueB) return 1;
    if (runA !== runB) return runA - runB;
    if (codeA !== codeB) return codeA - codeB;
    i += width;
  }
  return a.length - b.length;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/** Go `unicode.IsLetter`. */
function isLetter(code: number): boolean {
  if (code < 0x80) return ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  return LETTER.test(String.fromCodePoint(code));
}

/** Go `unicode.IsDigit`. */
function isDigit(code: number): boolean {
  if (code < 0x80) return code >= 0x30 && code <= 0x39;
  return DIGIT.test(String.fromCodePoint(code));
}

/**
 * The run of digits starting at `start`: its value as go-yaml computes it (`n*10 + (c - '0')` per
 * digit, wrapping like int64, so non-ASCII digits count by code point) and its length in code
 * points.
 */
function digitRun(text: string, start: number): [number | bigint, number] {
  let value: number | bigint = 0;
  let runes = 0;
  for (let i = start; i < text.length;) {
    const code = text.codePointAt(i)!;
    if (!isDigit(code)) break;
    const digit = code - 0x30;
    if (typeof value === "number" && value * 10 + digit <= Number.MAX_SAFE_INTEGER) {
      value = value * 10 + digit;
    } else {
      value = BigInt.asIntN(64, BigInt(value) * 10n + BigInt(digit));
    }
    runes++;
    i += code > 0xffff ? 2 : 1;
  }
  return [value, runes];
}

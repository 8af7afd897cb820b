/**
 * `(( ips IP|CIDR INDEX [COUNT] ))`: IP address arithmetic, and the IPv4/IPv6 address parsing and
 * formatting `static_ips` shares.
 *
 * Addresses are 128-bit `bigint`s in Go's 16-byte `net.IP` form: an IPv4 address is stored
 * IPv4-mapped (`::ffff:a.b.c.d`), so it adds, compares and prints as spruce's Go code does.
 *
 * @module
 */

import { GraftError, isInt, typeName, type Value } from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";

/** A parsed address, and how it was written: `bits` is 32 for IPv4 text, 128 for IPv6 text. */
export interface IpAddress {
  readonly value: bigint;
  readonly bits: 32 | 128;
}

const IPV4_MAPPED = 0xffffn;
const LOW_32 = 0xffff_ffffn;

/**
 * The `ips` operator. The first argument is an IP or a CIDR; the second an index added to the
 * IP, or, on a CIDR, counted from the network's first address (a negative index counts back from
 * the end of the network). With a third argument, COUNT consecutive addresses as a list.
 *
 * @example
 * ```yaml
 * gateway: (( ips "10.0.0.0/24" 1 ))       # 10.0.0.1
 * last: (( ips "10.0.0.0/24" -1 ))         # 10.0.0.255
 * pool: (( ips "10.0.0.0/24" 10 3 ))       # [10.0.0.10, 10.0.0.11, 10.0.0.12]
 * ```
 */
export const ips: Operator = {
  async run(call, context) {
    if (call.args.length < 2) {
      throw new GraftError(
        "eval",
        "ips requires at least two arguments: 1) An IP or a CIDR and 2) an index",
      );
    }
    const values: Value[] = [];
    for (const arg of call.args) values.push(await context.evaluate(arg));
    const [where, index, count] = values;
    if (typeof where !== "string") {
      throw new GraftError(
        "eval",
        `ips operator needs an IP or a CIDR string, got ${typeName(where)}`,
      );
    }
    const { base, size } = parseBase(where);
    let start = integer(index, "index");
    if (size !== undefined) {
      if ((start < 0n ? -start : start) > size) {
        throw new GraftError("eval", `Start index ${start} exceeds size of subnet ${where}`);
      }
      if (start < 0n) start += size;
    }
    if (values.length === 2) return formatIp(addToIp(base, start));
    const n = integer(count, "count");
    if (n > MAX_COUNT) {
      throw new GraftError(
        "eval",
        `count ${n} is more than the ${MAX_COUNT} addresses one call may list`,
      );
    }
    if (size !== undefined && start + n > size) {
      throw new GraftError(
        "eval",
        `Start index ${start} and count ${n} would exceed size of subnet ${where}`,
      );
    }
    const list: Value[] = [];
    for (let i = start; i < start + n; i++) list.push(formatIp(addToIp(base, i)));
    return list;
  },
};

/** The most addresses one call may list (a list this long is already a mistake). */
const MAX_COUNT = 65_536n;

/** The address to count from, and the network's size when `text` is a CIDR. */
function parseBase(text: string): { base: bigint; size?: bigint } {
  const slash = text.indexOf("/");
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (address && slash < 0) return { base: address.value };
  const prefix = text.slice(slash + 1);
  if (address && isDecimal(prefix) && Number(prefix) <= address.bits) {
    const hostBits = BigInt(address.bits - Number(prefix));
    const size = 1n << hostBits;
    return { base: address.value & ~(size - 1n), size };
  }
  throw new GraftError("eval", `invalid CIDR address: ${text}`);
}

function integer(value: Value, what: string): bigint {
  if (!isInt(value)) {
    throw new GraftError("eval", `ips operator ${what} must be an integer, got ${typeName(value)}`);
  }
  return BigInt(value);
}

/**
 * Adds an offset to an address, wrapping around as spruce's `netaddr.IPAdd` does: within the 32
 * bits of an IPv4 address, within the 128 bits of an IPv6 one.
 */
export function addToIp(address: bigint, offset: bigint): bigint {
  if (isIpv4(address)) {
    return (IPV4_MAPPED << 32n) | BigInt.asUintN(32, address + offset);
  }
  return BigInt.asUintN(128, address + offset);
}

/** True for an IPv4 address (stored IPv4-mapped). */
export function isIpv4(address: bigint): boolean {
  return address >> 32n === IPV4_MAPPED;
}

/**
 * Parses an address as Go's `net.ParseIP` does: dotted IPv4 (no leading zeros), or IPv6 with at
 * most one `::` and an optional trailing dotted IPv4 part (no zone). Undefined when invalid.
 */
export function parseIp(text: string): IpAddress | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ".") {
      const v4 = parseIpv4(text);
      return v4 === undefined ? undefined : { value: (IPV4_MAPPED << 32n) | v4, bits: 32 };
    }
    if (c === ":") {
      const v6 = parseIpv6(text);
      return v6 === undefined ? undefined : { value: v6, bits: 128 };
    }
  }
  return undefined;
}

function parseIpv4(text: string): bigint | undefined {
  const fields = text.split(".");
  if (fields.length !== 4) return undefined;
  let value = 0n;
  for (const field of fields) {
    if (!isDecimal(field) || field.length > 3 || (field.length > 1 && field[0] === "0")) {
      return undefined;
    }
    const octet = Number(field);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = groups(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1], true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  let value = 0n;
  for (const group of head) value = (value << 16n) | group;
  value <<= BigInt(16 * (8 - count));
  for (const group of tail) value = (value << 16n) | group;
  return value;
}

/** The 16-bit groups of one side of a `::`; a trailing dotted IPv4 part counts as two. */
function groups(text: string, last: boolean): bigint[] | undefined {
  if (text === "") return [];
  const fields = text.split(":");
  const result: bigint[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (last && i === fields.length - 1 && field.includes(".")) {
      const v4 = parseIpv4(field);
      if (v4 === undefined) return undefined;
      result.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(field)) {
      result.push(BigInt(`0x${field}`));
    } else {
      return undefined;
    }
  }
  return result;
}

/**
 * Go's `net.IP.String()`: dotted for an IPv4(-mapped) address; otherwise lowercase IPv6 groups
 * with the first longest run of two or more zero groups written `::`.
 */
export function formatIp(address: bigint): string {
  if (isIpv4(address)) {
    const v4 = Number(address & LOW_32);
    return `${v4 >>> 24}.${(v4 >>> 16) & 255}.${(v4 >>> 8) & 255}.${v4 & 255}`;
  }
  const words: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    words.push(Number((address >> shift) & 0xffffn));
  }
  let zeroStart = -1;
  let zeroLength = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > zeroLength) {
      zeroStart = i;
      zeroLength = j - i;
    }
  }
  const hex = (from: number, to: number) =>
    words.slice(from, to).map((w) => w.toString(16)).join(":");
  return zeroStart < 0 ? hex(0, 8) : `${hex(0, zeroStart)}::${hex(zeroStart + zeroLength, 8)}`;
}

function isDecimal(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

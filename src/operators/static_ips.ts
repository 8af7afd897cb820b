/**
 * `(( static_ips N|"AZ:N" ... ))`: BOSH static IP allocation, as spruce does it.
 *
 * The call sits in a job's network, `jobs.<job>.networks.<net>.static_ips` (or under
 * `instance_groups`). It hands out one address per instance of the job, each argument an offset
 * into the static pool of network `<net>`: the `static` ranges of the network's subnets in the
 * job's zones (`az`/`azs` of the subnets, `azs` of the job). An address goes to one instance only
 * in a document, so calls run one after the other, in path order.
 *
 * @module
 */

import {
  Expression,
  formatPathBare,
  formatTreePath,
  GraftError,
  isInt,
  type Path,
  type PathSegment,
  type ResolveOptions,
  resolvePath,
  scalarText,
  type Segment,
  type TreePath,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import type { Operator } from "../eval/mod.ts";
import { formatIp, isIpv4, parseIp } from "./ips.ts";

/** The zone of subnets that name none. */
const DEFAULT_ZONE = "z1";

/** Addresses handed out in each document: address → `job/index`. */
const claims = new WeakMap<YamlMap, Map<string, string>>();

/**
 * The `static_ips` operator. Offsets count from 0 across the pool of every zone of the job (each
 * address once); `"z2:3"` counts in zone `z2` alone. A job of 0 instances gets `[]`.
 *
 * @example
 * ```yaml
 * jobs:
 * - name: api
 *   instances: 2
 *   azs: [z1, z2]
 *   networks:
 *   - name: net1
 *     static_ips: (( static_ips 0 "z2:0" ))
 * ```
 */
export const staticIps: Operator = {
  serial: true,
  dependencies(_call, { root, path }) {
    const paths: PathSegment[][] = [[...path.slice(0, -1), "name"]];
    const job = jobDepth(path);
    if (job > 0) {
      for (const field of ["name", "azs", "instances"]) paths.push([...path.slice(0, job), field]);
    }
    const networks = entriesOf(root.get("networks"));
    if (!networks) return [...paths, ["networks"]];
    for (const [key, network] of networks) {
      paths.push(["networks", key, "name"]);
      const subnets = network instanceof Map ? entriesOf(network.get("subnets")) : undefined;
      if (!subnets) paths.push(["networks", key, "subnets"]);
      for (const [index] of subnets ?? []) {
        for (const field of ["az", "azs", "static"]) {
          paths.push(["networks", key, "subnets", index, field]);
        }
      }
    }
    return paths;
  },
  async run(call, context) {
    const { root } = context;
    const options = { arrayMergeKey: context.settings.arrayMergeKey };
    const here = context.display;
    const depth = jobDepth(here);
    if (depth === 0) throw new GraftError("eval", "not currently inside of a job definition block");
    const job = here.slice(0, depth);
    const jobName = lookup(root, [...job, "name"], options);
    const jobZones = zonesOf(root, [...job, "azs"], options);
    const instances = instanceCount(root, [...job, "instances"], options);
    if (instances === 0) return [];
    if (call.args.length < instances) {
      throw new GraftError(
        "eval",
        `not enough static IPs requested for job of ${instances} instances (only asked for ${call.args.length})`,
      );
    }
    const network = stringAt(root, [...here.slice(0, -1), "name"], options);
    const { pools, zones: networkZones } = staticPools(root, network, options);
    for (const zone of jobZones) {
      if (!pools.has(zone)) {
        throw new GraftError(
          "eval",
          `could not find AZ ${zone} (in network AZS ${goList(jobZones)})`,
        );
      }
    }
    const zones = jobZones.length > 0 ? jobZones : networkZones;
    const everyZone = [...new Set(zones.flatMap((zone) => pools.get(zone) ?? []))];
    let claimed = claims.get(root);
    if (!claimed) claims.set(root, claimed = new Map());
    const addresses: Value[] = [];
    for (let i = 0; i < instances; i++) {
      const { zone, offset } = parseArgument(await context.evaluate(call.args[i]));
      let pool = everyZone;
      if (zone !== undefined) {
        if (!zones.includes(zone)) {
          throw new GraftError(
            "eval",
            `could not find AZ ${zone} in instance_groups AZS ${goList(zones)}`,
          );
        }
        const zonePool = pools.get(zone);
        if (!zonePool) throw new GraftError("eval", `could not find AZ ${zone} in IP pool`);
        pool = zonePool;
      }
      if (offset < 0n) {
        throw new GraftError(
          "eval",
          "static_ips operator only accepts literal non-negative numbers for arguments",
        );
      }
      if (offset >= pool.length) {
        throw new GraftError(
          "eval",
          `request for static_ip(${offset}) in a pool of only ${pool.length} (zero-indexed) static addresses`,
        );
      }
      const address = pool[Number(offset)];
      const owner = claimed.get(address);
      if (owner !== undefined) {
        throw new GraftError(
          "eval",
          `tried to use IP '${address}', but that address is already allocated to ${owner}`,
        );
      }
      claimed.set(address, `${scalarText(jobName)}/${i}`);
      addresses.push(address);
    }
    return addresses;
  },
};

/**
 * The length of the enclosing job's path (`jobs.<job>` or `instance_groups.<job>`), or 0 when
 * the path is not inside one.
 */
function jobDepth(path: readonly PathSegment[]): number {
  for (let depth = path.length; depth >= 2; depth--) {
    const parent = path[depth - 2];
    if (parent === "jobs" || parent === "instance_groups") return depth;
  }
  return 0;
}

/** The value at a path, or spruce's "could not be found" / "is a scalar" error. */
function lookup(root: Value, path: TreePath, options: ResolveOptions): Value {
  const found = resolvePath(root, path, options);
  if (!found.ok) throw new GraftError("eval", found.message);
  return found.value;
}

/** A string (an unevaluated expression is its text); undefined for anything else. */
function stringOf(value: Value): string | undefined {
  if (typeof value === "string") return value;
  return value instanceof Expression ? value.source : undefined;
}

/** A string or an int as text (spruce's `ResolveString`); undefined for anything else. */
function textOf(value: Value): string | undefined {
  return isInt(value) ? String(value) : stringOf(value);
}

/** The string or int at a path as text, or spruce's `path is not a string` error. */
function stringAt(root: Value, path: Path, options: ResolveOptions): string {
  const text = textOf(lookup(root, path, options));
  if (text === undefined) throw new GraftError("eval", `${formatPathBare(path)} is not a string`);
  return text;
}

/** The job's `azs` (none when unset); an error unless a list of strings. */
function zonesOf(root: Value, path: Path, options: ResolveOptions): string[] {
  const found = resolvePath(root, path, options);
  if (!found.ok) return [];
  const zones = Array.isArray(found.value) ? found.value.map(stringOf) : undefined;
  if (!zones || zones.includes(undefined)) {
    throw new GraftError("eval", `azs ${goSyntax(found.value)} must be a list of strings`);
  }
  return zones as string[];
}

/** The job's `instances`: a non-negative int, or a string holding one. */
function instanceCount(root: Value, path: Path, options: ResolveOptions): number {
  const text = stringAt(root, path, options);
  const count = int64(text);
  if (count === undefined) {
    throw new GraftError("eval", "the `instances:` for the current job is not numeric");
  }
  if (count < 0n) {
    throw new GraftError("eval", "negative number found in `instances:` for the current job");
  }
  return Number(count);
}

/** Go's `strconv.ParseInt(text, 10, 64)`: an optional sign and decimal digits. */
function int64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return BigInt.asIntN(64, value) === value ? value : undefined;
}

/** One argument: an offset, or `"zone:offset"`. */
function parseArgument(value: Value): { zone?: string; offset: bigint } {
  if (isInt(value)) return { offset: BigInt(value) };
  if (typeof value === "string") {
    const colon = value.indexOf(":");
    const offset = int64(colon < 0 ? value : value.slice(colon + 1));
    if (offset !== undefined) {
      return colon < 0 ? { offset } : { zone: value.slice(0, colon), offset };
    }
  }
  throw new GraftError(
    "eval",
    "static_ips operator arguments must have format <az>:<number> or <number>",
  );
}

/**
 * The static addresses of a network by zone, and the zones of its subnets in order (one per
 * subnet zone, repeats included). A subnet without `az` or `azs` is in zone `z1`.
 */
function staticPools(
  root: Value,
  network: string,
  options: ResolveOptions,
): { pools: Map<string, string[]>; zones: string[] } {
  const pools = new Map<string, string[]>();
  const zones: string[] = [];
  for (const [subnet] of glob(root, ["networks", network, "subnets"], options)) {
    const subnetZones: string[] = [];
    const az = resolvePath(root, [...subnet, "az"], options);
    const single = az.ok ? textOf(az.value) : undefined;
    if (single) subnetZones.push(single);
    const azs = resolvePath(root, [...subnet, "azs"], options);
    for (const zone of azs.ok && Array.isArray(azs.value) ? azs.value : []) {
      const name = stringOf(zone);
      if (name) subnetZones.push(name);
    }
    if (subnetZones.length === 0) subnetZones.push(DEFAULT_ZONE);
    zones.push(...subnetZones);
    for (const [, range] of glob(root, [...subnet, "static"], options)) {
      for (const address of rangeAddresses(range, network)) {
        for (const zone of subnetZones) {
          const pool = pools.get(zone);
          if (pool) pool.push(address);
          else pools.set(zone, [address]);
        }
      }
    }
  }
  return { pools, zones };
}

/** The addresses of one `static` entry: `"IP"` or `"FIRST - LAST"`. */
function rangeAddresses(range: Value, network: string): string[] {
  const text = stringOf(range);
  if (text === undefined) {
    throw new GraftError("eval", `${network} is not a well-formed BOSH network`);
  }
  const parts = text.split("-").map((part) => part.trim());
  const first = address(parts[0]);
  if (parts.length !== 2) return [formatIp(first)];
  const last = address(parts[1]);
  const pool = `[${formatIp(first)} - ${formatIp(last)}]`;
  if (isIpv4(first) !== isIpv4(last)) {
    throw new GraftError("eval", `Static IP pool ${pool} mixes IPv4 and IPv6 addresses`);
  }
  if (first > last) throw new GraftError("eval", `Static IP pool ${pool} ends before it starts`);
  if (last - first >= MAX_POOL) {
    throw new GraftError("eval", `Static IP pool ${pool} holds more than ${MAX_POOL} addresses`);
  }
  const addresses: string[] = [];
  for (let ip = first; ip <= last; ip++) addresses.push(formatIp(ip));
  return addresses;
}

/** The most addresses one static range may hold (a /16; BOSH networks are far smaller). */
const MAX_POOL = 65_536n;

/** An address of a static range, or spruce's error. */
function address(text: string): bigint {
  const ip = parseIp(text);
  if (!ip) throw new GraftError("eval", `${text}: not a valid IP address`);
  return ip.value;
}

/**
 * spruce's `path.*` glob: each entry of the list or map at `path`, by canonical path. A missing
 * path, or one that is not a map or list, fails as spruce words it.
 */
function glob(root: Value, path: TreePath, options: ResolveOptions): [Segment[], Value][] {
  const found = resolvePath(root, path, options);
  if (!found.ok) {
    const blocked = resolvePath(root, path.slice(0, found.depth), options);
    if (blocked.ok && entriesOf(blocked.value)) throw new GraftError("eval", found.message);
    throw new GraftError(
      "eval",
      `${formatTreePath(path.slice(0, found.depth))} is a scalar (not a map or a list)`,
    );
  }
  const entries = entriesOf(found.value);
  if (!entries) {
    throw new GraftError(
      "eval",
      `${formatTreePath([...path, "*"])} is a scalar (not a map or a list)`,
    );
  }
  return entries.map(([key, value]) => [[...found.path, key], value]);
}

/** The entries of a list (by index) or a map (by key text); undefined for anything else. */
function entriesOf(value: Value | undefined): [Segment, Value][] | undefined {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (value instanceof Map) {
    return [...value].map(([k, v]) => [typeof k === "string" ? k : scalarText(k), v]);
  }
  return undefined;
}

/** Go's `%v` of a string list: `[a b]`. */
function goList(items: readonly string[]): string {
  return `[${items.join(" ")}]`;
}

/** Go's `%#v` of a YAML value, as spruce prints a bad `azs`. */
function goSyntax(value: Value, nested = false): string {
  if (value === null) return nested ? "interface {}(nil)" : "<nil>";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Expression) return JSON.stringify(value.source);
  if (Array.isArray(value)) {
    return `[]interface {}{${value.map((v) => goSyntax(v, true)).join(", ")}}`;
  }
  if (value instanceof Map) {
    const entries = [...value]
      .map(([k, v]) => [goSyntax(k, true), goSyntax(v, true)])
      .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return `map[interface {}]interface {}{${entries.map(([k, v]) => `${k}:${v}`).join(", ")}}`;
  }
  return scalarText(value);
}

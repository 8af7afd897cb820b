/**
 * spruce's list merge (`mergeArray` in `merge.go`): the default rule (by the identifying key when
 * every entry of both lists is a map holding it, else inline by index, or appended with
 * `--fallback-append`), then the array markers in the order they appear.
 *
 * @module
 */

import { Expression, Float, formatPath, type Value, type YamlMap } from "../core/mod.ts";
import { goKind, goString } from "./go_format.ts";
import { type ListMarker, markerText, parseListMarker } from "./markers.ts";
import { type MergeContext, pathOf, step, type Trail } from "./merge_context.ts";

/** One marker of an overlay list with the entries that follow it. */
interface Modification extends ListMarker {
  readonly list: Value[];
}

/** Why a list cannot be merged by key; `hashKey` problems only warn under the default rule. */
interface KeyProblem {
  readonly index: number;
  readonly message: string;
  readonly hashKey: boolean;
}

/**
 * Merges overlay list `n` onto `orig` (a list of the result) and returns the new list, or null
 * after reporting an error (spruce then stores nil there).
 */
export function mergeArray(
  ctx: MergeContext,
  orig: Value[],
  n: Value[],
  trail: Trail,
  owned: boolean,
): Value[] | null {
  const { defaults, mods } = modifications(n, isSimpleList(orig), ctx.arrayMergeKey);
  let result = mergeDefault(ctx, orig, defaults, trail, owned);
  for (const mod of mods) {
    const next = modify(ctx, orig, result, mod, trail, owned);
    if (next === null) return null;
    result = next;
  }
  return result;
}

/** Splits an overlay list at its markers: the entries before the first one, then each marker. */
function modifications(n: Value[], simpleList: boolean, defaultKey: string) {
  const defaults: Value[] = [];
  const mods: Modification[] = [];
  for (const entry of n) {
    const text = markerText(entry);
    const marker = text === undefined ? undefined : parseListMarker(text, simpleList, defaultKey);
    if (marker === "skip") continue;
    if (marker !== undefined) mods.push({ ...marker, list: [] });
    else (mods.length > 0 ? mods[mods.length - 1].list : defaults).push(entry);
  }
  return { defaults, mods };
}

/** spruce's "simple list": non-empty and without maps. */
function isSimpleList(list: Value[]): boolean {
  return list.length > 0 && !list.some((entry) => entry instanceof Map);
}

/** The default rule for the entries before the first marker. */
function mergeDefault(
  ctx: MergeContext,
  orig: Value[],
  list: Value[],
  trail: Trail,
  owned: boolean,
): Value[] {
  const key = ctx.arrayMergeKey;
  const problem = keyProblem("original", orig, key) ?? keyProblem("new", list, key);
  if (problem === undefined) return mergeByKey(ctx, orig, list, key, trail, owned);
  if (problem.hashKey) {
    ctx.warn(`${formatPath(pathOf(step(trail, problem.index)))}: ${problem.message}`);
    ctx.warn(`Falling back to ${ctx.fallbackAppend ? "append" : "inline"} merge strategy`);
  }
  if (ctx.fallbackAppend) return [...orig, ...list.map((entry) => ctx.adopt(entry, owned))];
  return mergeInline(ctx, orig, list, trail, owned);
}

/** Applies one marker to the list built so far (`orig` is the list before the overlay). */
function modify(
  ctx: MergeContext,
  orig: Value[],
  result: Value[],
  mod: Modification,
  trail: Trail,
  owned: boolean,
): Value[] | null {
  const fail = (message: string) => {
    ctx.report(message, trail);
    return null;
  };
  const check = (disp: string, list: Value[], key: string) => {
    const problem = keyProblem(disp, list, key);
    if (problem !== undefined) ctx.report(problem.message, step(trail, problem.index));
    return problem === undefined;
  };
  switch (mod.op) {
    case "mergeOnKey": {
      const key = mod.key || ctx.arrayMergeKey;
      // spruce checks the list before this overlay; the built list is checked too, where spruce
      // would crash instead.
      if (!check("new", mod.list, key) || !check("original", orig, key)) return null;
      if (!check("original", result, key)) return null;
      return mergeByKey(ctx, result, mod.list, key, trail, owned);
    }
    case "inline":
      return mergeInline(ctx, result, mod.list, trail, owned);
    case "replace":
      return mod.list.map((entry) => ctx.adopt(entry, owned));
  }
  const deleting = mod.op === "delete";
  let index = mod.index === -1 ? result.length : mod.index;
  if (mod.name !== "" && mod.key === "") {
    if (mod.list.length > 0) {
      return fail(`item in array directly after (( delete "${mod.name}" )) ${ONLY_OPERATORS}`);
    }
    index = result.findIndex((entry) => markerText(entry) === mod.name);
    if (index < 0) return fail(`unable to find specified modification point with '${mod.name}'`);
  } else if (mod.name !== "") {
    if (!check("original", result, mod.key)) return null;
    const named = firstIndexByName(result, mod.key);
    if (!deleting) {
      if (!check("new", mod.list, mod.key)) return null;
      for (const entry of mod.list) {
        const name = markerText((entry as YamlMap).get(mod.key)!);
        if (name !== undefined && (named.get(name) ?? -1) > 0) {
          return fail(
            `unable to insert, because new list entry '${mod.key}: ${name}' is detected multiple times`,
          );
        }
      }
    } else if (mod.list.length > 0) {
      return fail(
        `item in array directly after (( delete ${mod.key} "${mod.name}" )) ${ONLY_OPERATORS}`,
      );
    }
    index = named.get(mod.name) ?? -1;
    if (index < 0) {
      return fail(`unable to find specified modification point with '${mod.key}: ${mod.name}'`);
    }
  }
  if (mod.relative === "after") index++;
  if (index < 0 || index > result.length || (deleting && index === result.length)) {
    return fail(`unable to modify the list, because specified index ${index} is out of bounds`);
  }
  if (deleting) return result.toSpliced(index, 1);
  return result.toSpliced(index, 0, ...mod.list.map((entry) => ctx.adopt(entry, owned)));
}

const ONLY_OPERATORS =
  "must be one of the array operators 'append', 'prepend', 'delete', or 'insert'";

/** The first index of each string name under `key` (spruce compares names as strings). */
function firstIndexByName(list: Value[], key: string): Map<string, number> {
  const index = new Map<string, number>();
  list.forEach((entry, i) => {
    const name = markerText((entry as YamlMap).get(key)!);
    if (name !== undefined && !index.has(name)) index.set(name, i);
  });
  return index;
}

/** spruce's `mergeArrayInline`: index by index, extra entries of either list kept. */
function mergeInline(
  ctx: MergeContext,
  orig: Value[],
  n: Value[],
  trail: Trail,
  owned: boolean,
): Value[] {
  const merged = new Array<Value>(Math.max(orig.length, n.length));
  for (let i = 0; i < merged.length; i++) {
    const at = step(trail, i);
    if (i >= n.length) merged[i] = ctx.mergeValue(null, orig[i], at, true);
    else if (i >= orig.length) merged[i] = ctx.mergeValue(null, n[i], at, owned);
    else merged[i] = ctx.mergeValue(orig[i], n[i], at, owned);
  }
  return merged;
}

/**
 * spruce's `mergeArrayByKey`: original entries in order, each merged with the last overlay
 * entry of the same name, then the unmatched overlay entries in overlay order.
 */
function mergeByKey(
  ctx: MergeContext,
  orig: Value[],
  n: Value[],
  key: string,
  trail: Trail,
  owned: boolean,
): Value[] {
  const incoming = new Map<unknown, Value>();
  for (const entry of n) incoming.set(nameKey((entry as YamlMap).get(key)!), entry);
  const merged = orig.map((entry) => {
    const name = (entry as YamlMap).get(key)!;
    const at = step(trail, goString(name));
    const match = incoming.get(nameKey(name));
    if (match === undefined) return ctx.mergeValue(null, entry, at, true);
    incoming.delete(nameKey(name));
    return ctx.mergeValue(entry, match, at, owned);
  });
  let added = 0;
  for (const entry of n) {
    if (!incoming.has(nameKey((entry as YamlMap).get(key)!))) continue;
    merged.push(ctx.mergeValue(null, entry, step(trail, added++), owned));
  }
  return merged;
}

/** A name as a Map key with Go's equality: by type and value, expressions as their text. */
function nameKey(name: Value): unknown {
  if (name instanceof Expression) return name.source;
  if (name instanceof Float) return Symbol.for(`float ${name.value}`);
  if (name instanceof Uint8Array) return goString(name);
  return name;
}

/** spruce's `canKeyMergeArray`: the first entry that is not a map holding a scalar `key`. */
function keyProblem(disp: string, list: Value[], key: string): KeyProblem | undefined {
  for (let index = 0; index < list.length; index++) {
    const entry = list[index];
    const problem = (message: string, hashKey = false) => ({ index, message, hashKey });
    if (entry === null) return problem(`${disp} object is nil - cannot merge by key`);
    if (!(entry instanceof Map)) {
      return problem(`${disp} object is a ${goKind(entry)}, not a map - cannot merge by key`);
    }
    const name = entry.get(key);
    if (name === undefined) {
      return problem(`${disp} object does not contain the key '${key}' - cannot merge by key`);
    }
    if (name instanceof Map || Array.isArray(name)) {
      return problem(
        `${disp} object's key '${key}' cannot have a value which is a hash or sequence - cannot merge by key`,
        true,
      );
    }
  }
  return undefined;
}

/**
 * go-patch documents (`--go-patch`): an array-rooted document read as cppforlife/go-patch
 * operations (`replace`, `remove`, `test`) and applied to the merged result, with go-patch's
 * pointer syntax (`/a/b`, `/0`, `/-`, `/name=x`, `?` optional from there on, `:prev` `:next`
 * `:before` `:after` modifiers) and go-patch's error texts.
 *
 * @module
 */

import {
  deepCopy,
  deepEqual,
  Expression,
  Float,
  formatFloat,
  type Origin,
  type Path,
  type Value,
  type YamlMap,
} from "../core/mod.ts";
import { goType } from "./go_format.ts";
import { markerText } from "./markers.ts";

/** A go-patch failure, worded as spruce prints it after `FILE: `. */
export class GoPatchError extends Error {
  /** go-patch's error type, for the `test` operation's `absent` check. */
  readonly kind?: "missing index" | "missing key";
  /** The pointer of a missing index or key. */
  readonly pointer?: string;

  constructor(message: string, options: { kind?: GoPatchError["kind"]; pointer?: string } = {}) {
    super(message);
    this.name = "GoPatchError";
    this.kind = options.kind;
    this.pointer = options.pointer;
  }
}

/** Where a value of the patch document was written, when the loader can tell. */
export type Locate = (path: Path) => Origin | undefined;

/**
 * Reads `ops` as go-patch operations and applies them to `root`, as spruce does for an
 * array-rooted document under `--go-patch`.
 *
 * @returns the patched root (patched in place where go-patch patches in place)
 * @throws {GoPatchError} with spruce's text: the `Root of YAML document is not a hash/map. Tried
 *   parsing it as go-patch, but got: …` and `Unable to parse go-patch definitions` forms end in a
 *   newline, as spruce's do
 */
export function applyGoPatch(root: YamlMap, ops: readonly Value[], locate?: Locate): YamlMap {
  const definitions = decodeDefinitions(ops, locate);
  const operations = definitions.map(toOperation);
  let doc: Value = root;
  for (const operation of operations) doc = operation(doc);
  if (!(doc instanceof Map)) {
    throw new GoPatchError(
      "@R{Unable to convert go-patch output into a hash/map for further merging|\n",
    );
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Operation definitions (go-yaml v2 unmarshalling into patch.OpDefinition)

interface OpDefinition {
  type: string;
  path?: string;
  value?: Value;
  absent?: boolean;
  error?: string;
}

/** Decodes the list into definitions, collecting go-yaml's type errors as it does. */
function decodeDefinitions(ops: readonly Value[], locate: Locate | undefined): OpDefinition[] {
  const errors: string[] = [];
  const typeError = (path: Path, value: Value, into: string) => {
    const line = locate?.(path)?.line;
    const where = line === undefined ? "" : `line ${line}: `;
    errors.push(`${where}cannot unmarshal ${yamlTag(value)}${shownValue(value)} into ${into}`);
  };
  const definitions = ops.map((op, i) => {
    const definition: OpDefinition = { type: "" };
    if (op === null) return definition;
    if (!(op instanceof Map)) {
      typeError([i], op, "patch.OpDefinition");
      return definition;
    }
    const text = (field: string) => {
      const value = op.get(field);
      if (value === undefined || value === null) return undefined;
      if (value instanceof Map || Array.isArray(value)) typeError([i, field], value, "string");
      else return scalarSource(value);
    };
    definition.type = text("type") ?? "";
    definition.path = text("path");
    definition.error = text("error");
    const value = op.get("value");
    if (value !== undefined && value !== null) definition.value = value;
    const absent = op.get("absent");
    if (typeof absent === "boolean") definition.absent = absent;
    else if (absent !== undefined && absent !== null) typeError([i, "absent"], absent, "bool");
    return definition;
  });
  if (errors.length > 0) {
    throw new GoPatchError(
      "Root of YAML document is not a hash/map. Tried parsing it as go-patch, but got: " +
        `yaml: unmarshal errors:\n  ${errors.join("\n  ")}\n`,
    );
  }
  return definitions;
}

function yamlTag(value: Value): string {
  if (value instanceof Map) return "!!map";
  if (Array.isArray(value)) return "!!seq";
  if (typeof value === "number" || typeof value === "bigint") return "!!int";
  if (value instanceof Float) return "!!float";
  if (typeof value === "boolean") return "!!bool";
  if (value instanceof Uint8Array) return "!!binary";
  return "!!str";
}

/** go-yaml's excerpt of a scalar in a type error: `` `text` ``, cut to 7 bytes and `...`. */
function shownValue(value: Value): string {
  if (value instanceof Map || Array.isArray(value)) return "";
  const bytes = new TextEncoder().encode(scalarSource(value));
  if (bytes.length <= 10) return ` \`${new TextDecoder().decode(bytes)}\``;
  return ` \`${new TextDecoder().decode(bytes.subarray(0, 7))}...\``;
}

/** A scalar as go-yaml hands it to a string field. */
function scalarSource(value: Value): string {
  if (value instanceof Expression) return value.source;
  if (value instanceof Float) return formatFloat(value.value);
  if (value instanceof Uint8Array) return btoa(String.fromCharCode(...value));
  return String(value);
}

type Operation = (doc: Value) => Value;

/** go-patch's `NewOpsFromDefinitions` for one definition. */
function toOperation(definition: OpDefinition, i: number): Operation {
  const fail = (kind: string, problem: string): never => {
    throw new GoPatchError(
      `@R{Unable to parse go-patch definitions: ${kind} operation [${i}]: ${problem} within\n` +
        `${describeDefinition(definition)}\n`,
    );
  };
  const pointer = (kind: string, path: string) => {
    try {
      return parsePointer(path);
    } catch (error) {
      return fail(kind, `Invalid path: ${(error as Error).message}`);
    }
  };
  const { type, path, value } = definition;
  let operation: Operation;
  if (type === "replace") {
    if (path === undefined) return fail("Replace", "Missing path");
    if (value === undefined) return fail("Replace", "Missing value");
    const tokens = pointer("Replace", path);
    operation = (doc) => replace(doc, tokens, value);
  } else if (type === "remove") {
    if (path === undefined) return fail("Remove", "Missing path");
    if (value !== undefined) return fail("Remove", "Cannot specify value");
    const tokens = pointer("Remove", path);
    operation = (doc) => remove(doc, tokens);
  } else if (type === "test") {
    if (path === undefined) return fail("Test", "Missing path");
    if (value === undefined && definition.absent === undefined) {
      return fail("Test", "Missing value or absent");
    }
    const tokens = pointer("Test", path);
    operation = definition.absent
      ? (doc) => testAbsent(doc, tokens)
      : (doc) => testValue(doc, tokens, value ?? null);
  } else {
    throw new GoPatchError(
      `@R{Unable to parse go-patch definitions: Unknown operation [${i}] with type '${type}' ` +
        `within\n${describeDefinition(definition)}\n`,
    );
  }
  const message = definition.error;
  if (message === undefined) return operation;
  return (doc) => {
    try {
      return operation(doc);
    } catch (error) {
      if (!(error instanceof GoPatchError)) throw error;
      throw new GoPatchError(`Error '${message}': ${error.message}`);
    }
  };
}

/** go-patch's `fmtOpDef`: the definition as indented JSON with the value redacted. */
function describeDefinition(definition: OpDefinition): string {
  const shown: Record<string, unknown> = {};
  if (definition.type !== "") shown.Type = definition.type;
  if (definition.path !== undefined) shown.Path = definition.path;
  if (definition.value !== undefined) shown.Value = "<redacted>";
  if (definition.absent !== undefined) shown.Absent = definition.absent;
  if (definition.error !== undefined) shown.Error = definition.error;
  return JSON.stringify(shown, null, 2)
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

// ---------------------------------------------------------------------------------------------
// Pointers

type Modifier = "prev" | "next" | "before" | "after";

type Token =
  | { readonly kind: "root" }
  | { readonly kind: "index"; readonly index: number; readonly modifiers: Modifier[] }
  | { readonly kind: "afterLast" }
  | {
    readonly kind: "match";
    readonly key: string;
    readonly value: string;
    readonly optional: boolean;
    readonly modifiers: Modifier[];
  }
  | { readonly kind: "key"; readonly key: string; readonly optional: boolean };

const TOKEN_TYPE = {
  root: "patch.RootToken",
  index: "patch.IndexToken",
  afterLast: "patch.AfterLastIndexToken",
  match: "patch.MatchingIndexToken",
  key: "patch.KeyToken",
};

const MODIFIER_TYPE: Record<Modifier, string> = {
  prev: "patch.PrevModifier",
  next: "patch.NextModifier",
  before: "patch.BeforeModifier",
  after: "patch.AfterModifier",
};

const decode = (text: string) =>
  text.replace(/~[017]/g, (escape) => ({ "~0": "~", "~1": "/", "~7": ":" })[escape]!);
const encode = (text: string) =>
  text.replace(/[~/:]/g, (c) => ({ "~": "~0", "/": "~1", ":": "~7" })[c]!);

/** go-patch's `NewPointerFromString`. */
function parsePointer(text: string): Token[] {
  const tokens: Token[] = [{ kind: "root" }];
  if (text === "") return tokens;
  if (!text.startsWith("/")) throw new Error("Expected to start with '/'");
  const pieces = text.split("/").slice(1);
  let optional = false;
  pieces.forEach((piece, i) => {
    const [head, ...names] = piece.split(":");
    const modifiers = names.map((name) => {
      if (name in MODIFIER_TYPE) return name as Modifier;
      throw new Error(
        "Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' " +
          `but found '${names[0]}'`,
      );
    });
    let token = head;
    if (i === pieces.length - 1 && token === "-") {
      if (modifiers.length > 0) {
        throw new Error("Expected not to find any modifiers with after last index token");
      }
      tokens.push({ kind: "afterLast" });
      return;
    }
    const index = goAtoi(token);
    if (index !== undefined) {
      tokens.push({ kind: "index", index, modifiers });
      return;
    }
    if (token.endsWith("?")) {
      optional = true;
      token = token.slice(0, -1);
    }
    const eq = token.indexOf("=");
    if (eq >= 0) {
      const key = decode(token.slice(0, eq));
      tokens.push({ kind: "match", key, value: decode(token.slice(eq + 1)), optional, modifiers });
      return;
    }
    if (modifiers.length > 0) throw new Error("Expected not to find any modifiers with key token");
    tokens.push({ kind: "key", key: decode(token), optional });
  });
  return tokens;
}

/** Go's `strconv.Atoi`: an optional sign and decimal digits within int64. */
function goAtoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n > 0x7fffffffffffffffn || n < -0x8000000000000000n ? undefined : Number(n);
}

/** go-patch's `Pointer.String` (the first optional token alone shows its `?`). */
function pointerText(tokens: readonly Token[]): string {
  let optionalShown = false;
  const optional = (flag: boolean) => {
    if (!flag || optionalShown) return "";
    optionalShown = true;
    return "?";
  };
  const modifiers = (list: Modifier[]) => list.map((m) => `:${m}`).join("");
  return tokens.map((token) => {
    switch (token.kind) {
      case "root":
        return "";
      case "index":
        return `${token.index}${modifiers(token.modifiers)}`;
      case "afterLast":
        return "-";
      case "match":
        return `${encode(token.key)}=${encode(token.value)}${optional(token.optional)}${
          modifiers(token.modifiers)
        }`;
      case "key":
        return `${encode(token.key)}${optional(token.optional)}`;
    }
  }).join("/");
}

// ---------------------------------------------------------------------------------------------
// Operations

function mismatch(what: string, tokens: readonly Token[], found: Value): GoPatchError {
  return new GoPatchError(
    `Expected to find ${what} at path '${pointerText(tokens)}' but found '${goType(found)}'`,
  );
}

function missingKey(key: string, tokens: readonly Token[], map: YamlMap): GoPatchError {
  const pointer = pointerText(tokens);
  const keys = [...map.keys()].filter((k): k is string => typeof k === "string").sort();
  const siblings = map.size === 0
    ? "found no other map keys"
    : `found map keys: '${keys.join("', '")}'`;
  return new GoPatchError(
    `Expected to find a map key '${key}' for path '${pointer}' (${siblings})`,
    {
      kind: "missing key",
      pointer,
    },
  );
}

function unexpected(token: Token, tokens: readonly Token[]): GoPatchError {
  return new GoPatchError(
    `Expected to not find token '${TOKEN_TYPE[token.kind]}' at path '${pointerText(tokens)}'`,
  );
}

/** go-patch's `ArrayIndex.Concrete`: an index moved by `prev`/`next`, negative from the end. */
function arrayIndex(
  index: number,
  modifiers: readonly Modifier[],
  array: readonly Value[],
  tokens: readonly Token[],
): number {
  let result = index;
  for (const modifier of modifiers) {
    if (modifier === "prev") result--;
    else if (modifier === "next") result++;
    else {
      throw new GoPatchError(
        "Expected to find one of the following modifiers: 'prev', 'next', but found modifier " +
          `'${MODIFIER_TYPE[modifier]}'`,
      );
    }
  }
  if (result >= array.length || -result - 1 >= array.length) {
    const pointer = pointerText(tokens);
    throw new GoPatchError(
      `Expected to find array index '${result}' but found array of length '${array.length}' ` +
        `for path '${pointer}'`,
      { kind: "missing index", pointer },
    );
  }
  return result < 0 ? array.length + result : result;
}

/** go-patch's `ArrayInsertion`: replaces at the index, or inserts with `before`/`after`. */
function placeAt(
  index: number,
  modifiers: readonly Modifier[],
  array: Value[],
  tokens: readonly Token[],
  value: Value,
): Value[] {
  const moves: Modifier[] = [];
  let insert: "before" | "after" | undefined;
  for (const modifier of modifiers) {
    if (insert !== undefined) {
      throw new GoPatchError(
        `Expected to not find any modifiers after '${insert}' modifier, but found modifier ` +
          `'${MODIFIER_TYPE[modifier]}'`,
      );
    }
    if (modifier === "before" || modifier === "after") insert = modifier;
    else moves.push(modifier);
  }
  let at = arrayIndex(index, moves, array, tokens);
  if (insert === undefined) {
    array[at] = value;
    return array;
  }
  if (insert === "after") at++;
  return array.toSpliced(at, 0, value);
}

/** The indexes of the map entries whose `key` holds the string `value`. */
function matching(array: readonly Value[], key: string, value: string): number[] {
  const found: number[] = [];
  array.forEach((item, i) => {
    if (item instanceof Map && markerText(item.get(key)!) === value) found.push(i);
  });
  return found;
}

function multipleMatches(tokens: readonly Token[], count: number): GoPatchError {
  return new GoPatchError(
    `Expected to find exactly one matching array item for path '${
      pointerText(tokens)
    }' but found ${count}`,
  );
}

/** go-patch's `ReplaceOp.Apply`. */
function replace(doc: Value, tokens: readonly Token[], value: Value): Value {
  if (tokens.length === 1) return deepCopy(value);
  let obj = doc;
  let update = (next: Value) => {
    doc = next;
  };
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    const isLast = i === tokens.length - 1;
    const here = tokens.slice(0, i + 1);
    switch (token.kind) {
      case "index": {
        if (!Array.isArray(obj)) throw mismatch("an array", here, obj);
        const array = obj;
        if (isLast) {
          update(placeAt(token.index, token.modifiers, array, here, deepCopy(value)));
        } else {
          const at = arrayIndex(token.index, token.modifiers, array, here);
          obj = array[at];
          update = (next) => {
            array[at] = next;
          };
        }
        break;
      }
      case "afterLast": {
        if (!Array.isArray(obj)) throw mismatch("an array", here, obj);
        if (!isLast) {
          throw new GoPatchError(
            `Expected after last index token to be last in path '${pointerText(tokens)}'`,
          );
        }
        update([...obj, deepCopy(value)]);
        break;
      }
      case "match": {
        if (!Array.isArray(obj)) throw mismatch("an array", here, obj);
        const array = obj;
        const found = matching(array, token.key, token.value);
        if (token.optional && found.length === 0) {
          if (isLast) {
            update([...array, deepCopy(value)]);
          } else {
            obj = new Map([[token.key, token.value]]);
            update([...array, obj]);
          }
        } else {
          if (found.length !== 1) throw multipleMatches(here, found.length);
          if (isLast) {
            update(placeAt(found[0], token.modifiers, array, here, deepCopy(value)));
          } else {
            obj = array[arrayIndex(found[0], token.modifiers, array, here)];
          }
        }
        break;
      }
      case "key": {
        if (!(obj instanceof Map)) throw mismatch("a map", here, obj);
        const map = obj;
        const found = map.has(token.key);
        if (!found && !token.optional) throw missingKey(token.key, here, map);
        if (isLast) {
          map.set(token.key, deepCopy(value));
          break;
        }
        update = (next) => {
          map.set(token.key, next);
        };
        if (found) {
          obj = map.get(token.key)!;
          break;
        }
        const next = tokens[i + 1].kind;
        if (next === "afterLast" || next === "match") obj = [];
        else if (next === "key") obj = new Map();
        else {
          throw new GoPatchError(
            "Expected to find key, matching index or after last index token at path " +
              `'${pointerText(tokens.slice(0, i + 2))}'`,
          );
        }
        map.set(token.key, obj);
        break;
      }
      default:
        throw unexpected(token, here);
    }
  }
  return doc;
}

/** go-patch's `RemoveOp.Apply`. */
function remove(doc: Value, tokens: readonly Token[]): Value {
  if (tokens.length === 1) throw new GoPatchError("Cannot remove entire document");
  let obj = doc;
  let update = (next: Value) => {
    doc = next;
  };
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    const isLast = i === tokens.length - 1;
    const here = tokens.slice(0, i + 1);
    switch (token.kind) {
      case "index":
      case "match": {
        if (!Array.isArray(obj)) throw mismatch("an array", here, obj);
        const array = obj;
        let index: number;
        if (token.kind === "index") {
          index = arrayIndex(token.index, token.modifiers, array, here);
        } else {
          const found = matching(array, token.key, token.value);
          if (token.optional && found.length === 0) return doc;
          if (found.length !== 1) throw multipleMatches(here, found.length);
          index = arrayIndex(found[0], token.modifiers, array, here);
        }
        if (isLast) update(array.toSpliced(index, 1));
        else {
          obj = array[index];
          if (token.kind === "index") {
            update = (next) => {
              array[index] = next;
            };
          }
        }
        break;
      }
      case "key": {
        if (!(obj instanceof Map)) throw mismatch("a map", here, obj);
        const map = obj;
        if (!map.has(token.key)) {
          if (token.optional) return doc;
          throw missingKey(token.key, here, map);
        }
        if (isLast) map.delete(token.key);
        else {
          obj = map.get(token.key)!;
          update = (next) => {
            map.set(token.key, next);
          };
        }
        break;
      }
      default:
        throw unexpected(token, here);
    }
  }
  return doc;
}

/** go-patch's `FindOp.Apply`: the value at the pointer. */
function find(doc: Value, tokens: readonly Token[]): Value {
  let obj = doc;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    const isLast = i === tokens.length - 1;
    const here = tokens.slice(0, i + 1);
    switch (token.kind) {
      case "index": {
        if (!Array.isArray(obj)) throw mismatch("an array", here, obj);
        obj = obj[arrayIndex(token.index, token.modifiers, obj, here)];
        break;
      }
      case "afterLast":
        throw new GoPatchError(
          `Expected not to find after last index token in path '${
            pointerText(tokens)
          }' (not supported in find operations)`,
        );
      case "match": {
        if (!Array.isArray(obj)) throw mismatch("an array", here, obj);
        const found = matching(obj, token.key, token.value);
        if (token.optional && found.length === 0) {
          obj = new Map([[token.key, token.value]]);
        } else {
          if (found.length !== 1) throw multipleMatches(here, found.length);
          obj = obj[arrayIndex(found[0], token.modifiers, obj, here)];
        }
        break;
      }
      case "key": {
        if (!(obj instanceof Map)) throw mismatch("a map", here, obj);
        const found = obj.has(token.key);
        if (!found && !token.optional) throw missingKey(token.key, here, obj);
        if (found || isLast) {
          obj = obj.get(token.key) ?? null;
          break;
        }
        const next = tokens[i + 1].kind;
        if (next === "match") obj = [];
        else if (next === "key") obj = new Map();
        else {
          throw new GoPatchError(
            `Expected to find key or matching index token at path '${
              pointerText(tokens.slice(0, i + 2))
            }'`,
          );
        }
        break;
      }
      default:
        throw unexpected(token, here);
    }
  }
  return obj;
}

/** go-patch's `TestOp` with a value: the value at the pointer must equal it. */
function testValue(doc: Value, tokens: readonly Token[], value: Value): Value {
  if (!deepEqual(find(doc, tokens), value)) {
    throw new GoPatchError("Found value does not match expected value");
  }
  return doc;
}

/** go-patch's `TestOp` with `absent: true`: the pointer's last step must be missing. */
function testAbsent(doc: Value, tokens: readonly Token[]): Value {
  const pointer = pointerText(tokens);
  try {
    find(doc, tokens);
  } catch (error) {
    if (error instanceof GoPatchError && error.kind !== undefined && error.pointer === pointer) {
      return doc;
    }
    throw error;
  }
  throw new GoPatchError(`Expected to not find '${pointer}'`);
}

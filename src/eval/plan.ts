/**
 * Planning: find every `(( ... ))` of a document, parse each once, and order the calls of a
 * phase by their data flow, reporting syntax errors and cycles before anything runs.
 *
 * @module
 */

import {
  entryName,
  type Environment,
  Expression,
  GraftError,
  type Path,
  readingsOf,
  resolvePath,
  type TreePath,
  type Value,
  withoutCredentials,
  type YamlMap,
} from "../core/mod.ts";
import {
  type CallNode,
  children,
  type Node,
  parse,
  ParseError,
  type RefNode,
} from "../expr/mod.ts";
import type { Operator, Phase } from "./operator.ts";

/** The operators by name. */
export type Registry = ReadonlyMap<string, Operator>;

/** One expression of the document, parsed, with where it stands. */
export interface Site {
  readonly expression: Expression;
  readonly node: Node;
  /** The canonical path: list entries by index. */
  readonly path: Path;
  /** The map or list holding the expression, and its key there. */
  readonly parent: YamlMap | Value[];
  readonly key: string | number | bigint | boolean | null;
  /** The canonical path as text (`a.0.b`), spruce's sort key for calls with no order between them. */
  readonly id: string;
}

/** The calls of one phase in an order that respects their data flow. */
export interface PhasePlan {
  /** Every call of the phase, sorted by `id`. */
  readonly sites: readonly Site[];
  /** For each site, the sites it reads. */
  readonly dependencies: ReadonlyMap<Site, readonly Site[]>;
  /**
   * For each call of a `serial` operator, the call of that operator just before it in path order:
   * it runs after that one has finished, whether that one succeeded or not.
   */
  readonly after: ReadonlyMap<Site, Site>;
}

/** Parses expressions once per distinct text. */
export class ExpressionParser {
  readonly #registry: Registry;
  readonly #operators: ReadonlySet<string>;
  readonly #cache = new Map<string, Node | null | ParseError>();

  constructor(registry: Registry) {
    this.#registry = registry;
    this.#operators = new Set(registry.keys());
  }

  /** The syntax tree, `null` for text that passes through as it is, or the syntax error. */
  parse(source: string): Node | null | ParseError {
    let parsed = this.#cache.get(source);
    if (parsed === undefined) {
      try {
        parsed = parse(source, { operators: this.#operators });
        if (parsed) this.#checkTargets(source, parsed);
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        parsed = error;
      }
      this.#cache.set(source, parsed);
    }
    return parsed;
  }

  /** Only backend operators take an `@target`. */
  #checkTargets(source: string, node: Node): void {
    if (node.kind === "call" && node.target !== null && !this.#registry.get(node.name)?.targeted) {
      const message = `${node.name} operator does not support an @target`;
      throw new ParseError(message, source, { start: node.start, end: node.end });
    }
    for (const child of children(node)) this.#checkTargets(source, child);
  }
}

/** The phase of an expression: its outermost operator's, `eval` for anything else. */
function phaseOf(node: Node, registry: Registry): Phase {
  return node.kind === "call" ? registry.get(node.name)?.phase ?? "eval" : "eval";
}

/**
 * Every expression of the document that is to be evaluated, in document order, and the syntax
 * errors of those that do not parse (each naming its path and origin, with a caret).
 */
export function findSites(
  root: YamlMap,
  parser: ExpressionParser,
  arrayMergeKey?: string,
): { sites: Site[]; errors: GraftError[] } {
  const sites: Site[] = [];
  const errors: GraftError[] = [];
  const path: (string | number)[] = [];
  const visit = (value: Value, parent: YamlMap | Value[], key: Site["key"]) => {
    if (value instanceof Expression) {
      const parsed = parser.parse(value.source);
      if (parsed instanceof ParseError) {
        errors.push(syntaxError(parsed, value, displayPath(root, path, arrayMergeKey)));
      } else if (parsed !== null) {
        sites.push({
          expression: value,
          node: parsed,
          path: [...path],
          parent,
          key,
          id: path.join("."),
        });
      }
    } else if (value instanceof Map) {
      for (const [k, v] of value) {
        path.push(typeof k === "string" ? k : String(k));
        visit(v, value, k);
        path.pop();
      }
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i], value, i);
        path.pop();
      }
    }
  };
  visit(root, [], null);
  return { sites, errors };
}

/**
 * A canonical path as spruce prints it in messages: list entries by their `name`, `key` or `id`
 * where that is a string, by index otherwise.
 */
export function displayPath(root: Value, path: Path, arrayMergeKey?: string): Path {
  const display: (string | number)[] = [];
  let node: Value | undefined = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === "number") {
      node = node[segment];
      display.push(entryName(node, arrayMergeKey) ?? segment);
    } else {
      node = node instanceof Map ? node.get(segment) : undefined;
      display.push(segment);
    }
  }
  return display;
}

function syntaxError(error: ParseError, expression: Expression, display: Path): GraftError {
  const origin = expression.origin && {
    file: expression.origin.file,
    line: expression.origin.line + error.line - 1,
    column: error.line === 1 ? expression.origin.column + error.column - 1 : error.column,
  };
  return new GraftError("eval", error.message, {
    path: display,
    origin,
    detail: withoutCredentials(error.snippet()),
  });
}

/**
 * Orders the calls of one phase: a call runs after every call whose value it reads. A reference
 * reads the call at the path it names, at the nearest existing ancestor of that path, and every
 * call below it (a grabbed map must be complete). Calls of `serial` operators also run one after
 * the other in path order.
 *
 * @throws {GraftError} `cycle detected in operator data-flow graph`, naming the cycle
 */
export function planPhase(
  root: YamlMap,
  allSites: readonly Site[],
  phase: Phase,
  registry: Registry,
  env: Environment,
): PhasePlan {
  const sites = allSites.filter((s) => phaseOf(s.node, registry) === phase)
    .sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byId = new Map(sites.map((s) => [s.id, s]));
  const ids = sites.map((s) => s.id);
  const dependencies = new Map<Site, Site[]>();
  const after = new Map<Site, Site>();
  let previousSerial: Site | undefined;
  for (const site of sites) {
    const found = new Set<Site>();
    for (const path of readPaths(site, registry, root, env)) {
      for (const dependency of sitesReadBy(root, path, byId, ids)) {
        if (dependency !== site) found.add(dependency);
      }
    }
    if (site.node.kind === "call" && registry.get(site.node.name)?.serial) {
      if (previousSerial) after.set(site, previousSerial);
      previousSerial = site;
    }
    dependencies.set(site, [...found]);
  }
  const cycle = findCycle(sites, dependencies);
  if (cycle) {
    const route = cycle.map((s) => `$.${displayPath(root, s.path).join(".")}`).join(" -> ");
    throw new GraftError("eval", "cycle detected in operator data-flow graph", {
      detail: `cycle: ${route}`,
    });
  }
  return { sites, dependencies, after };
}

/** The document paths a site reads: its references (root and enclosing-map readings). */
function readPaths(
  site: Site,
  registry: Registry,
  root: YamlMap,
  env: Environment,
): TreePath[] {
  const paths: TreePath[] = [];
  const visit = (node: Node) => {
    if (node.kind === "call") {
      const operator = registry.get(node.name);
      const context = { root, path: site.path };
      if (operator?.dependencies) paths.push(...operator.dependencies(node as CallNode, context));
      if (operator?.readsArguments === false) return;
    }
    if (node.kind === "ref") {
      const path = staticPath(node.path, env);
      paths.push(...readingsOf(path, site.path, root));
    }
    for (const child of children(node)) visit(child);
  };
  visit(site.node);
  return paths;
}

/** The leading part of a reference known before evaluation: up to its first computed segment. */
function staticPath(
  parts: RefNode["path"],
  env: Environment,
): TreePath {
  const path = [];
  for (const part of parts) {
    if (typeof part !== "object" || "field" in part) path.push(part);
    else if ("env" in part) {
      const value = env(part.env);
      if (!value) break;
      path.push(value);
    } else break;
  }
  return path;
}

/** The sites a read of `path` depends on: at the path or where its lookup stops, and below it. */
function sitesReadBy(
  root: YamlMap,
  path: TreePath,
  byId: ReadonlyMap<string, Site>,
  ids: readonly string[],
): Site[] {
  let depth = path.length;
  let found = resolvePath(root, path);
  while (!found.ok && depth > 1) {
    depth = found.depth;
    found = resolvePath(root, path.slice(0, depth));
  }
  if (!found.ok) return [];
  const id = found.path.join(".");
  const result: Site[] = [];
  const exact = byId.get(id);
  if (exact) result.push(exact);
  if (depth === path.length && (found.value instanceof Map || Array.isArray(found.value))) {
    const prefix = id === "" ? "" : `${id}.`;
    for (let i = lowerBound(ids, prefix); i < ids.length && ids[i].startsWith(prefix); i++) {
      result.push(byId.get(ids[i])!);
    }
  }
  return result;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A dependency cycle among the sites, as the list of sites around it, or undefined. */
function findCycle(
  sites: readonly Site[],
  dependencies: ReadonlyMap<Site, readonly Site[]>,
): Site[] | undefined {
  const state = new Map<Site, "active" | "done">();
  for (const start of sites) {
    if (state.has(start)) continue;
    // Iterative depth-first search: long chains of references must not overflow the stack.
    const stack: { site: Site; next: number }[] = [{ site: start, next: 0 }];
    state.set(start, "active");
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = dependencies.get(top.site) ?? [];
      if (top.next === targets.length) {
        state.set(top.site, "done");
        stack.pop();
        continue;
      }
      const next = targets[top.next++];
      const seen = state.get(next);
      if (seen === "active") {
        const from = stack.findIndex((frame) => frame.site === next);
        return [...stack.slice(from).map((frame) => frame.site), next];
      }
      if (seen === undefined) {
        state.set(next, "active");
        stack.push({ site: next, next: 0 });
      }
    }
  }
  return undefined;
}

/**
 * YAML paths: a list of segments from the document root. String segments are map keys (or, on a
 * list, the value of an entry's identifying key); number segments are list indexes.
 *
 * @module
 */

/** One step of a path. */
export type Segment = string | number;

/** A path from the document root. */
export type Path = readonly Segment[];

/** spruce's rendering of a path: `$.a.b.0.c` (the root alone is `$`). */
export function formatPath(path: Path): string {
  return path.length === 0 ? "$" : `$.${path.join(".")}`;
}

/** The path without the `$.` prefix, as spruce writes it inside messages: `a.b.0.c`. */
export function formatPathBare(path: Path): string {
  return path.join(".");
}

/**
 * Leaf module: the value model, YAML paths, source origins and errors.
 *
 * @module
 */

export * from "./value.ts";
export * from "./origin.ts";
export * from "./path.ts";
export * from "./errors.ts";
export * from "./tree.ts";
export * from "./backend.ts";

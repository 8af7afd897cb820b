/**
 * The operators, one file each, and the registry that names them.
 *
 * @module
 */

export { OPERATORS } from "./registry.ts";

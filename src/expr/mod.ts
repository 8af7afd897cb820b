/**
 * The `(( ... ))` expression language: the source scanner that finds expressions in YAML text,
 * the lexer, the Pratt parser, the syntax tree, its rendering and its interpreter.
 *
 * @module
 */

export * from "./ast.ts";
export * from "./interpret.ts";
export * from "./lexer.ts";
export * from "./parser.ts";
export * from "./scan.ts";

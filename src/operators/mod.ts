/**
 * The operators, one file each, and the registry that names them.
 *
 * @module
 */

export { OPERATORS } from "./registry.ts";
export { createVault, type SecretSource } from "./vault.ts";
export { createVaultTry } from "./vault_try.ts";

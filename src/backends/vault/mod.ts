/**
 * The Vault (and OpenBao) backend: KV v1 and v2 secrets over the HTTP API, configured from
 * `VAULT_*` variables and spruce's token files.
 *
 * @module
 */

export { createVaultBackend, VaultBackend, type VaultBackendOptions } from "./backend.ts";
export { VaultClient, type VaultClientOptions } from "./client.ts";
export { readVaultConfig, type VaultConfig } from "./config.ts";

/**
 * The Vault (and OpenBao) backend: KV v1 and v2 secrets over the HTTP API, configured from
 * `VAULT_*` variables and spruce's token files.
 *
 * @module
 */

export {
  createVaultBackend,
  type SecretRequest,
  VaultBackend,
  type VaultBackendOptions,
} from "./backend.ts";
export { type SecretData, VaultClient, type VaultClientOptions } from "./client.ts";
export { readVaultConfig, type VaultConfig } from "./config.ts";

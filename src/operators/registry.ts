/**
 * Every operator graft knows, by the name templates call it.
 *
 * @module
 */

import type { Registry } from "../eval/mod.ts";
import { grab } from "./grab.ts";
import { concat } from "./concat.ts";
import { join } from "./join.ts";
import { keys } from "./keys.ts";
import { stringify } from "./stringify.ts";
import { base64 } from "./base64.ts";
import { base64Decode } from "./base64_decode.ts";
import { negate } from "./negate.ts";
import { nullOperator } from "./null.ts";
import { empty } from "./empty.ts";
import { typeOperator } from "./type.ts";
import { param } from "./param.ts";
import { inject } from "./inject.ts";
import { prune } from "./prune.ts";
import { sort } from "./sort.ts";
import { defer } from "./defer.ts";
import { rawEnv } from "./raw_env.ts";
import { file } from "./file.ts";
import { load } from "./load.ts";
import { calc } from "./calc.ts";
import { staticIps } from "./static_ips.ts";
import { ips } from "./ips.ts";
import { cartesianProduct } from "./cartesian_product.ts";
import { shuffle } from "./shuffle.ts";
import { flatten } from "./flatten.ts";
import { uniq } from "./uniq.ts";
import { split } from "./split.ts";
import { nats } from "./nats.ts";
import { vault } from "./vault.ts";
import { vaultTry } from "./vault_try.ts";
import { awsparam } from "./awsparam.ts";
import { awssecret } from "./awssecret.ts";

/** The operators by name. */
export const OPERATORS: Registry = new Map([
  ["grab", grab],
  ["concat", concat],
  ["join", join],
  ["keys", keys],
  ["stringify", stringify],
  ["base64", base64],
  ["base64-decode", base64Decode],
  ["negate", negate],
  ["null", nullOperator],
  ["empty", empty],
  ["type", typeOperator],
  ["param", param],
  ["inject", inject],
  ["prune", prune],
  ["sort", sort],
  ["defer", defer],
  ["raw_env", rawEnv],
  ["file", file],
  ["load", load],
  ["calc", calc],
  ["static_ips", staticIps],
  ["ips", ips],
  ["cartesian-product", cartesianProduct],
  ["cartesian", cartesianProduct],
  ["shuffle", shuffle],
  ["flatten", flatten],
  ["uniq", uniq],
  ["split", split],
  ["nats", nats],
  ["vault", vault],
  ["vault-try", vaultTry],
  ["awsparam", awsparam],
  ["awssecret", awssecret],
]);

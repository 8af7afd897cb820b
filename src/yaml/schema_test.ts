import assert from "node:assert/strict";
import { Expression, Float } from "../core/mod.ts";
import {
  isMapping,
  KeyBox,
  MERGE,
  needsKeyBox,
  resolveTagged,
  scalarKey,
  TagMismatch,
  unboxKey,
} from "./schema.ts";

const TAG = "tag:yaml.org,2002:";

Deno.test("resolveTagged() resolves the tagged text and checks its type", () => {
  assert.equal(resolveTagged(`${TAG}int`, "0x10"), 16);
  assert.equal(resolveTagged(`${TAG}bool`, "off"), false);
  assert.equal(resolveTagged(`${TAG}null`, ""), null);
  assert.deepEqual(resolveTagged(`${TAG}float`, "1e3"), new Float(1000));
  assert.equal(resolveTagged(`${TAG}str`, "1e3"), "1e3");
  assert.equal(resolveTagged("!local", "yes"), "yes");
  assert.deepEqual(
    resolveTagged(`${TAG}null`, "0"),
    new TagMismatch("cannot decode !!int `0` as a !!null"),
  );
});

Deno.test("resolveTagged() decodes !!binary like Go's padded base64", () => {
  assert.equal(resolveTagged(`${TAG}binary`, "aGk=\r\n"), "hi");
  assert.equal(resolveTagged(`${TAG}binary`, ""), "");
  assert.equal(resolveTagged(`${TAG}binary`, "77u/"), "\uFEFF");
  assert.deepEqual(resolveTagged(`${TAG}binary`, "gA=="), new Uint8Array([0x80]));
  for (const bad of ["aGk", "aG k=", "a===", "aGk=aGk="]) {
    assert.ok(resolveTagged(`${TAG}binary`, bad) instanceof TagMismatch, bad);
  }
});

Deno.test("KeyBox survives js-yaml's String(key) and decodes back", () => {
  const table: KeyBox[] = [];
  const box = new KeyBox(10, 10, table);
  assert.equal(Object.prototype.toString.call(box), "[object KeyBox]");
  const objectKey = String(box);
  assert.equal(objectKey, "\uE0000");
  assert.equal(unboxKey(objectKey, table), box);
  assert.equal(unboxKey(String(new KeyBox(MERGE, "<<", table)), table)?.key, MERGE);
  assert.equal(unboxKey("plain", table), undefined);
});

Deno.test("needsKeyBox() is true for integer-like and mark-prefixed keys only", () => {
  assert.equal(needsKeyBox("10"), true);
  assert.equal(needsKeyBox("1.5.2"), true);
  assert.equal(needsKeyBox("\uE000x"), true);
  assert.equal(needsKeyBox("a10"), false);
  assert.equal(needsKeyBox(""), false);
});

Deno.test("scalarKey() turns boxed scalars into keys", () => {
  assert.equal(scalarKey(new Float(1.5)), 1.5);
  assert.equal(scalarKey(new Expression("(( a ))")), "(( a ))");
  assert.equal(scalarKey(new Uint8Array([0x68, 0x69])), "hi");
  assert.equal(scalarKey(null), null);
});

Deno.test("isMapping() is true for plain objects only", () => {
  assert.equal(isMapping({ constructor: 1 }), true);
  assert.equal(isMapping([]), false);
  assert.equal(isMapping(new Float(1)), false);
  assert.equal(isMapping(null), false);
});

import assert from "node:assert/strict";
import { Expression, GraftErrors, type Value, type YamlMap } from "../core/mod.ts";
import { evaluateDocument } from "../eval/mod.ts";
import { addToIp, formatIp, isIpv4, parseIp } from "./ips.ts";
import { OPERATORS } from "./registry.ts";

Deno.test("parseIp() and formatIp() round-trip addresses as Go's net package prints them", () => {
  const cases: [string, string][] = [
    ["10.0.0.1", "10.0.0.1"],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["::", "::"],
    ["::1", "::1"],
    ["1::", "1::"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"],
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["1:0:0:2:0:0:3:4", "1::2:0:0:3:4"],
    ["1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
    ["::ffff:10.1.2.3", "10.1.2.3"],
    ["::10.1.2.3", "::a01:203"],
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"],
  ];
  for (const [text, expected] of cases) {
    const parsed = parseIp(text);
    assert.ok(parsed, text);
    assert.equal(formatIp(parsed.value), expected, text);
  }
});

Deno.test("parseIp() rejects what Go's net.ParseIP rejects", () => {
  const invalid = [
    "",
    "10",
    "10.0.0",
    "10.0.0.256",
    "10.0.0.01",
    "10.0.0.1.2",
    "10.0.0.-1",
    "1.2.3.4:80",
    ":::",
    ":1::",
    "1:::2",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8::",
    "12345::",
    "g::",
    "1.2.3.4::",
    "1:1.2.3.4::",
    "fe80::1%eth0",
    "hello",
  ];
  for (const text of invalid) assert.equal(parseIp(text), undefined, text);
});

Deno.test("parseIp() tells IPv4 text from IPv6 text", () => {
  assert.equal(parseIp("10.0.0.1")?.bits, 32);
  assert.equal(parseIp("::ffff:10.0.0.1")?.bits, 128);
  assert.ok(isIpv4(parseIp("::ffff:10.0.0.1")!.value));
  assert.ok(!isIpv4(parseIp("::1")!.value));
});

Deno.test("addToIp() wraps within 32 bits for IPv4 and 128 bits for IPv6", () => {
  const add = (text: string, offset: bigint) => formatIp(addToIp(parseIp(text)!.value, offset));
  assert.equal(add("10.0.0.255", 1n), "10.0.1.0");
  assert.equal(add("10.0.0.0", -1n), "9.255.255.255");
  assert.equal(add("255.255.255.255", 2n), "0.0.0.1");
  assert.equal(add("0.0.0.0", -1n), "255.255.255.255");
  assert.equal(add("2001:db8::ffff", 1n), "2001:db8::1:0");
  assert.equal(add("::", -1n), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  assert.equal(add("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 1n), "::");
});

async function evaluate(expression: string): Promise<Value> {
  const root: YamlMap = new Map([["value", new Expression(expression)]]);
  await evaluateDocument(root, { registry: OPERATORS, settings: { env: () => undefined } });
  return root.get("value")!;
}

Deno.test("ips counts from the network start of a CIDR, backwards for a negative index", async () => {
  const cases: [string, Value][] = [
    ['(( ips "192.168.1.16/29" 0 ))', "192.168.1.16"],
    ['(( ips "192.168.1.19/29" 2 ))', "192.168.1.18"],
    ['(( ips "192.168.1.16/29" -1 ))', "192.168.1.23"],
    ['(( ips "192.168.1.16/29" -8 ))', "192.168.1.16"],
    ['(( ips "192.168.1.16/29" 8 ))', "192.168.1.24"],
    ['(( ips "192.168.1.16/29" -2 2 ))', ["192.168.1.22", "192.168.1.23"]],
    ['(( ips "192.168.1.16/29" 8 0 ))', []],
    ['(( ips "192.168.1.16/29" 1 -3 ))', []],
    ['(( ips "10.0.0.0/0" -1 ))', "255.255.255.255"],
    ['(( ips "10.1.2.3/32" 0 1 ))', ["10.1.2.3"]],
    ['(( ips "2001:db8::/64" -1 ))', "2001:db8::ffff:ffff:ffff:ffff"],
    ['(( ips "::ffff:10.1.0.0/112" 258 ))', "10.1.1.2"],
  ];
  for (const [expression, expected] of cases) {
    assert.deepEqual(await evaluate(expression), expected, expression);
  }
});

Deno.test("ips reports a CIDR it cannot read and indexes outside the network", async () => {
  const cases: [string, string][] = [
    ['(( ips "10.0.0.0/33" 1 ))', "invalid CIDR address: 10.0.0.0/33"],
    ['(( ips "10.0.0.0/" 1 ))', "invalid CIDR address: 10.0.0.0/"],
    ['(( ips "::/129" 1 ))', "invalid CIDR address: ::/129"],
    ['(( ips "10.0.0.0/29" 9 ))', "Start index 9 exceeds size of subnet 10.0.0.0/29"],
    ['(( ips "10.0.0.0/29" -9 ))', "Start index -9 exceeds size of subnet 10.0.0.0/29"],
    [
      '(( ips "10.0.0.0/29" -1 2 ))',
      "Start index 7 and count 2 would exceed size of subnet 10.0.0.0/29",
    ],
  ];
  for (const [expression, message] of cases) {
    await assert.rejects(evaluate(expression), (error) => {
      assert.ok(error instanceof GraftErrors);
      assert.equal(error.errors[0].message, message, expression);
      return true;
    });
  }
});

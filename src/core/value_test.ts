import assert from "node:assert/strict";
import { containsExpression, Expression, type Value } from "./value.ts";

Deno.test("containsExpression() finds an expression at any depth, in maps and lists", () => {
  const call = new Expression("(( grab a ))");
  const found: Value[] = [
    call,
    new Map([["a", call]]),
    [1, [2, new Map([["b", [call]]])]],
    new Map<string, Value>([["a", 1], ["b", new Map([["c", ["x", call]]])]]),
  ];
  for (const value of found) assert.equal(containsExpression(value), true);
  const plain: Value[] = ["(( grab a ))", 1, null, [], new Map([["a", ["(( b ))", new Map()]]])];
  for (const value of plain) assert.equal(containsExpression(value), false);
});

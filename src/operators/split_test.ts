import assert from "node:assert/strict";
import { GraftError } from "../core/mod.ts";
import { splitByPattern } from "./split.ts";

Deno.test("splitByPattern() cuts where the pattern matches, keeping empty pieces", () => {
  const cases: [string, string, string[]][] = [
    ["a,b,,c", ",", ["a", "b", "", "c"]],
    [",a,", ",", ["", "a", ""]],
    ["a , b;c", "\\s*[,;]\\s*", ["a", "b", "c"]],
    ["a1b22c", "(\\d)+", ["a", "b", "c"]],
    ["abc", "", ["a", "b", "c"]],
    ["abc", "x*", ["a", "b", "c"]],
    ["a-b", "-|x*", ["a", "b"]],
    ["a-b", "x*|-", ["a", "-", "b"]],
    ["abc", "z", ["abc"]],
    ["", ",", [""]],
  ];
  for (const [text, pattern, expected] of cases) {
    assert.deepEqual(splitByPattern(text, pattern), expected, `${text} by /${pattern}/`);
  }
});

Deno.test("splitByPattern() reports an invalid pattern", () => {
  assert.throws(
    () => splitByPattern("a", "("),
    (error) =>
      error instanceof GraftError && error.message.startsWith("invalid PCRE regex pattern (: "),
  );
});

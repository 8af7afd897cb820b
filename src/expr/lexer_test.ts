import assert from "node:assert/strict";
import type { PathPart } from "./ast.ts";
import { caretSnippet, ParseError, type Token, tokenize } from "./lexer.ts";

/** Each token as its type, or `type:text` for paths, strings, numbers and env vars. */
function show(source: string): string[] {
  return tokenize(source).map((t: Token) => {
    switch (t.type) {
      case "path":
        return `path:${t.ref.text}`;
      case "string":
        return `string:${t.value}`;
      case "env":
        return `env:${t.name}`;
      case "number":
      case "other":
        return `${t.type}:${source.slice(t.start, t.end)}`;
      default:
        return t.type;
    }
  });
}

/** The path of the single reference in `source`. */
function pathOf(source: string): readonly PathPart[] {
  const [token, eof] = tokenize(source);
  assert.equal(eof?.type, "eof", `one token expected in ${source}`);
  assert.equal(token.type, "path");
  return token.type === "path" ? token.ref.path : [];
}

function lexError(source: string): { message: string; offset: number; end: number } {
  try {
    tokenize(source);
  } catch (e) {
    assert.ok(e instanceof ParseError);
    return { message: e.message, offset: e.offset, end: e.end };
  }
  assert.fail(`tokenize() accepted ${source}`);
}

Deno.test("tokenize() splits operators, punctuation and words", () => {
  assert.deepStrictEqual(show("a||b&&c==d!=e<=f>=g<h>i +j-k*l/m%n!o?p:q"), [
    "path:a",
    "||",
    "path:b",
    "&&",
    "path:c",
    "==",
    "path:d",
    "!=",
    "path:e",
    "<=",
    "path:f",
    ">=",
    "path:g",
    "<",
    "path:h",
    ">",
    "path:i",
    "+",
    "path:j-k",
    "*",
    "path:l",
    "/",
    "path:m",
    "%",
    "path:n",
    "!",
    "path:o",
    "?",
    "path:p",
    ":",
    "path:q",
    "eof",
  ]);
  assert.deepStrictEqual(show("( ) [ ] { } , @ ~ ^ & | = ."), [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "@",
    "~",
    "other:^",
    "other:&",
    "other:|",
    "other:=",
    "other:.",
    "eof",
  ]);
});

Deno.test("tokenize() skips any whitespace, line breaks included", () => {
  assert.deepStrictEqual(show(" \t\n\r\n grab\n\ta  "), ["path:grab", "path:a", "eof"]);
});

Deno.test("tokenize() reads strings in both quote styles with their escapes", () => {
  assert.deepStrictEqual(show(`"a b" 'c d' "))" "it's" 'say "hi"'`), [
    "string:a b",
    "string:c d",
    "string:))",
    "string:it's",
    'string:say "hi"',
    "eof",
  ]);
  const [token] = tokenize(String.raw`"n\n r\r t\t b\\ q\" s\' other\d\."`);
  assert.equal(token.type === "string" && token.value, "n\n r\r t\t b\\ q\" s' other\\d\\.");
  const [single] = tokenize(String.raw`'\'x\''`);
  assert.equal(single.type === "string" && single.value, "'x'");
});

Deno.test("tokenize() reads ints and floats and rejects malformed numbers", () => {
  assert.deepStrictEqual(show("0 42 007 1.5 .5 1e10 2E-3 6e+2 3-2"), [
    "number:0",
    "number:42",
    "number:007",
    "number:1.5",
    "number:.5",
    "number:1e10",
    "number:2E-3",
    "number:6e+2",
    "number:3",
    "-",
    "number:2",
    "eof",
  ]);
  assert.deepStrictEqual(lexError("a 10.0.0.1 b"), {
    message: "invalid number '10.0.0.1' (quote it to make a string)",
    offset: 2,
    end: 10,
  });
  assert.equal(lexError("1st").message, "invalid number '1st' (quote it to make a string)");
  assert.equal(lexError("0xFF").message, "invalid number '0xFF' (quote it to make a string)");
  assert.equal(lexError("1.").message, "invalid number '1.' (quote it to make a string)");
});

Deno.test("tokenize() reads environment variables alone and as path segments", () => {
  assert.deepStrictEqual(show("$HOME ${USER} $A_B-c"), [
    "env:HOME",
    "env:USER",
    "env:A_B-c",
    "eof",
  ]);
  assert.deepStrictEqual(pathOf("$ENV.x"), [{ env: "ENV" }, "x"]);
  assert.deepStrictEqual(pathOf("a.$ENV.b"), ["a", { env: "ENV" }, "b"]);
  assert.deepStrictEqual(pathOf("a.${ENV}[0]"), ["a", { env: "ENV" }, 0]);
  assert.deepStrictEqual(pathOf("a[$ENV]"), ["a", { env: "ENV" }]);
});

Deno.test("tokenize() parses reference paths into parts", () => {
  assert.deepStrictEqual(pathOf("meta.name"), ["meta", "name"]);
  assert.deepStrictEqual(pathOf("jobs.web.instances"), ["jobs", "web", "instances"]);
  assert.deepStrictEqual(pathOf("list.0.x"), ["list", 0, "x"]);
  assert.deepStrictEqual(pathOf("list.007.1st"), ["list", "007", "1st"]);
  assert.deepStrictEqual(pathOf("a[0][12]"), ["a", 0, 12]);
  assert.deepStrictEqual(pathOf("local.sites.[1].uuid"), ["local", "sites", 1, "uuid"]);
  assert.deepStrictEqual(pathOf("servers[name=primary].host"), [
    "servers",
    { field: "name", value: "primary" },
    "host",
  ]);
  assert.deepStrictEqual(pathOf("servers.name=primary.host"), [
    "servers",
    { field: "name", value: "primary" },
    "host",
  ]);
  assert.deepStrictEqual(pathOf("ips[addr=10.0.0.1]"), ["ips", {
    field: "addr",
    value: "10.0.0.1",
  }]);
  assert.deepStrictEqual(pathOf(`x[name="a b"]`), ["x", { field: "name", value: "a b" }]);
  assert.deepStrictEqual(pathOf(`x["a.b"].c`), ["x", "a.b", "c"]);
  assert.deepStrictEqual(pathOf("$.a.b"), ["a", "b"]);
  assert.deepStrictEqual(pathOf("haproxy_ssl+certificate"), ["haproxy_ssl+certificate"]);
  assert.deepStrictEqual(pathOf("a.b+c"), ["a", "b+c"]);
  assert.deepStrictEqual(pathOf("meta.fast-tests"), ["meta", "fast-tests"]);
  assert.deepStrictEqual(pathOf("café.naïve"), ["café", "naïve"]);
});

Deno.test("tokenize() keeps dynamic keys as references of their own", () => {
  const [token] = tokenize("colors[meta.pick].hex");
  assert.ok(token.type === "path");
  const [colors, dynamic, hex] = token.ref.path;
  assert.equal(colors, "colors");
  assert.equal(hex, "hex");
  assert.ok(typeof dynamic === "object" && "ref" in dynamic);
  assert.deepStrictEqual(dynamic.ref, {
    kind: "ref",
    path: ["meta", "pick"],
    text: "meta.pick",
    start: 7,
    end: 16,
  });
  assert.equal(token.ref.text, "colors[meta.pick].hex");
});

Deno.test("tokenize() ends a name before '+digit', '==' and other operators", () => {
  assert.deepStrictEqual(show("count+1"), ["path:count", "+", "number:1", "eof"]);
  assert.deepStrictEqual(show("a.b==c"), ["path:a.b", "==", "path:c", "eof"]);
  assert.deepStrictEqual(show(`a.b=="x"`), ["path:a.b", "==", "string:x", "eof"]);
  assert.deepStrictEqual(show("a.b.c?d:e"), ["path:a.b.c", "?", "path:d", ":", "path:e", "eof"]);
  assert.deepStrictEqual(show("vault:nocache@prod"), [
    "path:vault",
    ":",
    "path:nocache",
    "@",
    "path:prod",
    "eof",
  ]);
});

Deno.test("tokenize() marks a single plain name as a word", () => {
  const words = tokenize("grab a.b a[0] $X.y a+b").map((t) => t.type === "path" ? t.word : t.type);
  assert.deepStrictEqual(words, ["grab", undefined, undefined, undefined, "a+b", "eof"]);
});

Deno.test("tokenize() keeps offsets relative to the whole text", () => {
  const tokens = tokenize(`(( grab "x" ))`, { start: 2, end: 12 });
  assert.deepStrictEqual(tokens.map((t) => [t.type, t.start, t.end]), [
    ["path", 3, 7],
    ["string", 8, 11],
    ["eof", 12, 12],
  ]);
});

Deno.test("tokenize() reports malformed tokens at their offset", () => {
  const cases: [string, string, number][] = [
    [`grab "abc`, "unterminated string", 5],
    [`'abc\\'`, "unterminated string", 0],
    ["a.", "expected a key or an index after '.'", 2],
    ["a..b", "expected a key or an index after '.'", 2],
    ["a.-b", "expected a key or an index after '.'", 2],
    ["$.", "expected a key or an index after '.'", 2],
    ["$ x", "expected a variable name after '$'", 0],
    ["${A", "unterminated environment variable '${'", 0],
    ["${A B}", "invalid environment variable name 'A B'", 0],
    ["${}", "invalid environment variable name ''", 0],
    ["a[", "expected an index, a key or a path after '['", 2],
    ["a[-1]", "expected an index, a key or a path after '['", 2],
    ["a[0", "expected ']' to close the '['", 3],
    ["a[b c]", "expected ']' to close the '['", 3],
    ["a[b=]", "expected a value after '='", 4],
  ];
  for (const [source, message, offset] of cases) {
    const error = lexError(source);
    assert.deepStrictEqual([error.message, error.offset], [message, offset], source);
  }
});

Deno.test("tokenize() limits nested dynamic keys to 64 levels", () => {
  const nested = (depth: number) => "a[".repeat(depth) + "b" + "]".repeat(depth);
  assert.equal(tokenize(nested(64)).length, 2);
  assert.deepStrictEqual(lexError(nested(65)), {
    message: "expression nesting too deep (max 64)",
    offset: 129,
    end: 130,
  });
});

Deno.test("ParseError carries the line and column of its offset", () => {
  const source = "(( concat\n  a\n\tb ) ))";
  const error = new ParseError("unexpected ')'", source, { start: 17, end: 18 });
  assert.equal(error.name, "ParseError");
  assert.ok(error instanceof SyntaxError);
  assert.deepStrictEqual([error.offset, error.end, error.line, error.column], [17, 18, 3, 4]);
  assert.equal(error.snippet(), "\tb ) ))\n\t  ^");
});

Deno.test("caretSnippet() underlines the span on its line", () => {
  assert.equal(
    caretSnippet("(( grab a ) ))", { start: 10, end: 11 }),
    "(( grab a ) ))\n          ^",
  );
  assert.equal(
    caretSnippet("(( bogus x ))", { start: 3, end: 8 }),
    "(( bogus x ))\n   ^^^^^",
  );
  // at the end of the text, and for a span running past its line
  assert.equal(caretSnippet("(( 1 +", { start: 6, end: 6 }), "(( 1 +\n      ^");
  assert.equal(caretSnippet('a "b\nc"', { start: 2, end: 7 }), 'a "b\n  ^^');
});

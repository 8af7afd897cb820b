import assert from "node:assert/strict";
import { Float } from "../core/mod.ts";
import {
  children,
  isName,
  isNamePart,
  isNameStart,
  type Node,
  references,
  render,
  renderArguments,
} from "./ast.ts";
import { parse } from "./parser.ts";

const options = {
  operators: new Set(["grab", "concat", "defer", "vault", "calc", "static_ips", "prune", "keys"]),
};

function tree(source: string): Node {
  const node = parse(source, options);
  assert.ok(node !== null, `${source} passed through`);
  return node;
}

/** The text `(( defer ... ))` emits for its arguments. */
function deferred(source: string): string {
  const node = tree(source);
  assert.ok(node.kind === "call" && node.name === "defer");
  return `(( ${renderArguments(node.args)} ))`;
}

Deno.test("renderArguments() re-renders deferred expressions as spruce does", () => {
  assert.equal(deferred(`(( defer "thing" ))`), `(( "thing" ))`);
  assert.equal(deferred("(( defer $TESTVAR ))"), "(( $TESTVAR ))");
  assert.equal(deferred("(( defer 1.23 ))"), "(( 1.23 ))");
  assert.equal(deferred("(( defer 123 ))"), "(( 123 ))");
  assert.equal(deferred("(( defer nil ))"), "(( nil ))");
  assert.equal(deferred("(( defer thing ))"), "(( thing ))");
  assert.equal(deferred("(( defer grab thing ))"), "(( grab thing ))");
  assert.equal(deferred(`(( defer grab this || "that" ))`), `(( grab this || "that" ))`);
});

Deno.test("renderArguments() keeps nested calls, targets and quoting intact", () => {
  assert.equal(
    deferred(`(( defer concat "a" (grab b) ))`),
    `(( concat "a" (grab b) ))`,
  );
  assert.equal(
    deferred(`(( defer concat 'it\\'s' (vault:nocache@prod "x\\ty") ))`),
    `(( concat "it's" (vault:nocache@prod "x\\ty") ))`,
  );
  assert.equal(
    deferred("(( defer concat (-a) -1 !b (a + 1) ))"),
    "(( concat (-a) -1 !b (a + 1) ))",
  );
  assert.equal(deferred("(( defer grab a || grab b ))"), "(( grab a || (grab b) ))");
  assert.equal(deferred("(( defer grab a || (b || c) ))"), "(( grab a || (b || c) ))");
  assert.equal(deferred("(( defer grab (a ? b : c) ))"), "(( grab (a ? b : c) ))");
});

Deno.test("render() writes literals canonically", () => {
  assert.equal(
    render(tree(String.raw`(( grab "q\"b\\s" 'n\n\r\t' "\d" ))`)),
    String.raw`grab "q\"b\\s" "n\n\r\t" "\\d"`,
  );
  assert.equal(
    render(tree("(( grab 1.0 1e21 1.5e-7 -0.0 2.50 ))")),
    "grab 1.0 1e+21 1.5e-07 -0.0 2.5",
  );
  assert.equal(render(tree("(( grab null ~ Nil TRUE False ))")), "grab nil nil nil true false");
  assert.equal(
    render(tree("(( grab 9223372036854775807 -12 007 ))")),
    "grab 9223372036854775807 -12 7",
  );
  assert.equal(
    render(tree(`(( grab { "a b": 1, ok: [], "": {}, "1x": x, ü: y } ))`)),
    `grab { "a b": 1, ok: [], "": {}, "1x": x, ü: y }`,
  );
  assert.equal(
    render({ kind: "literal", value: new Float(100), start: 0, end: 0 }),
    "100.0",
  );
});

Deno.test("render() adds parentheses only where precedence needs them", () => {
  const cases: [string, string][] = [
    ["(( (a + b) * c - (d - e) ))", "(a + b) * c - (d - e)"],
    ["(( a + b * c ))", "a + b * c"],
    ["(( a - (b + c) ))", "a - (b + c)"],
    ["(( (a || b) && c ))", "(a || b) && c"],
    ["(( a || b && c ))", "a || b && c"],
    ["(( !(a && b) ))", "!(a && b)"],
    ["(( -(-a) ))", "--a"],
    ["(( (a ? b : c) ? d : e ))", "(a ? b : c) ? d : e"],
    ["(( a ? b : c ? d : e ))", "a ? b : c ? d : e"],
    ["(( grab a + 1 ))", "(grab a) + 1"],
    ["(( x || (prune) ))", "x || (prune)"],
    ["(( [grab a, {k: keys b}] ))", "[(grab a), { k: (keys b) }]"],
    ["(( calc a + b ))", "calc (a + b)"],
    ["(( calc * 2 ))", `calc "* 2"`],
    ["(( static_ips(0, 1) ))", "static_ips 0 1"],
    ["(( vault:nocache@prod ))", "vault:nocache@prod"],
    ["(( grab a.$E[0] b[c[d]] $.e ))", "grab a.$E[0] b[c[d]] $.e"],
  ];
  for (const [source, want] of cases) assert.equal(render(tree(source)), want, source);
});

Deno.test("references() lists every reference, nested ones included", () => {
  const node = tree(
    "(( concat a.b (grab c || d[e.f]) [g, {k: h}] (x ? y : -z) $ENV (keys m || (n + 1)) ))",
  );
  assert.deepStrictEqual(references(node).map((r) => r.text), [
    "a.b",
    "c",
    "d[e.f]",
    "e.f",
    "g",
    "h",
    "x",
    "y",
    "z",
    "m",
    "n",
  ]);
  assert.deepStrictEqual(references(tree(`(( "x" + 1 ))`)), []);
});

Deno.test("children() gives the direct children in source order", () => {
  const kinds = (source: string) => children(tree(source)).map((c) => render(c));
  assert.deepStrictEqual(kinds("(( a ? b : c ))"), ["a", "b", "c"]);
  assert.deepStrictEqual(kinds("(( a || b ))"), ["a", "b"]);
  assert.deepStrictEqual(kinds("(( !a ))"), ["a"]);
  assert.deepStrictEqual(kinds("(( grab a (keys b) ))"), ["a", "keys b"]);
  assert.deepStrictEqual(kinds("(( {k: a, j: 1} ))"), ["a", "1"]);
  assert.deepStrictEqual(kinds("(( grab x[y][z.w] ))"), ["x[y][z.w]"]);
  const ref = tree("(( grab x[y][z.w] ))");
  assert.ok(ref.kind === "call");
  assert.deepStrictEqual(children(ref.args[0]).map((c) => render(c)), ["y", "z.w"]);
  assert.deepStrictEqual(children(tree("(( $A ))")), []);
});

Deno.test("isName() and its character classes follow the identifier rules", () => {
  assert.ok(isName("a") && isName("_x-1") && isName("ünïcode") && isName("名前"));
  assert.ok(!isName("") && !isName("1a") && !isName("-a") && !isName("a.b") && !isName("a b"));
  assert.ok(isNameStart("_".charCodeAt(0)) && !isNameStart("-".charCodeAt(0)));
  assert.ok(isNamePart("-".charCodeAt(0)) && isNamePart("9".charCodeAt(0)));
  assert.ok(!isNamePart("+".charCodeAt(0)) && !isNamePart(".".charCodeAt(0)));
  assert.ok(isNameStart(0x1d400) && !isNameStart(0x1f600)); // 𝐀 is a letter, 😀 is not
});

import assert from "node:assert/strict";
import { type ExpressionSite, scanExpressions } from "./scan.ts";

interface Case {
  name: string;
  input: string;
  /** The rewritten text; omitted when the text must come back unchanged. */
  output?: string;
  /** Sites as [offset, line, column]. */
  sites: [number, number, number][];
}

const site = ([offset, line, column]: [number, number, number]): ExpressionSite => ({
  offset,
  line,
  column,
});

const CASES: Case[] = [
  {
    name: "no expression at all",
    input: "a: 1\nb: (x)\n",
    sites: [],
  },
  {
    name: "plain one-line expressions stay as they are",
    input: "a: (( grab b ))\nlist:\n- (( grab c ))\n",
    sites: [[3, 1, 4], [24, 3, 3]],
  },
  {
    name: "a value on the line after its key",
    input: "a:\n  (( grab b ))\n",
    sites: [[5, 2, 3]],
  },
  {
    name: "`: ` inside a string is quoted",
    input: 'k: (( grab a || "x: y" ))\n',
    output: 'k: "(( grab a || \\"x: y\\" ))"\n',
    sites: [[4, 1, 4]],
  },
  {
    name: "` #` inside a string is quoted, the comment after it kept",
    input: 'k: (( grab a || "x #z" ))  # note\n',
    output: 'k: "(( grab a || \\"x #z\\" ))"  # note\n',
    sites: [[4, 1, 4]],
  },
  {
    name: "backslashes are escaped",
    input: 'k: (( concat "a\\\\b" "c: d" ))\n',
    output: 'k: "(( concat \\"a\\\\\\\\b\\" \\"c: d\\" ))"\n',
    sites: [[4, 1, 4]],
  },
  {
    name: "a multi-line expression becomes one line; later lines keep their numbers",
    input: "a: (( nats\n     (grab b) ))\nc: 1\n",
    output: 'a: "(( nats (grab b) ))"\n                \nc: 1\n',
    sites: [[4, 1, 4]],
  },
  {
    name: "a map literal over several lines, closed at the key's indentation",
    input: 's:\n  d: (( nats "kv" {\n      url: "u",\n      tls: true\n  } ))\n  e: x\n',
    output: 's:\n  d: "(( nats \\"kv\\" { url: \\"u\\", tls: true } ))"\n\n\n      \n  e: x\n',
    sites: [[9, 2, 6]],
  },
  {
    name: "the rest of the last line keeps its column",
    input: "a: (( x\n  y ))   # c\nb: 2\n",
    output: 'a: "(( x y ))"\n         # c\nb: 2\n',
    sites: [[4, 1, 4]],
  },
  {
    name: "`))` inside a string does not end the expression",
    input: 'a: (( concat "))" b ))\n',
    sites: [[3, 1, 4]],
  },
  {
    name: "`((` in quoted scalars is a site but never rewritten",
    input: 'a: "(( grab b ))"\nb: \' (( x: y ))\'\nc: "text (( x"\n',
    sites: [[4, 1, 5], [23, 2, 6]],
  },
  {
    name: "`((` in comments is ignored",
    input: "# (( a: b\na: 1 # (( c: d\n",
    sites: [],
  },
  {
    name: "block scalars are left alone",
    input: "a: |\n  (( grab b: c\n  d ))\nb: >-\n  x (( y: z ))\nc: (( e ))\n",
    sites: [[7, 2, 3], [51, 6, 4]],
  },
  {
    name: "a block scalar ends at a less indented line",
    input: "- a: |\n    text\n  b: (( x: y ))\n",
    output: '- a: |\n    text\n  b: "(( x: y ))"\n',
    sites: [[22, 3, 6]],
  },
  {
    name: "a plain scalar continued on the next line is not an expression",
    input: "a: some text\n  (( x: y ))\n",
    sites: [],
  },
  {
    name: "text after the closing `))` makes it no expression",
    input: "a: (( x )) y: z\nb: ((c))#d\n",
    sites: [],
  },
  {
    name: "keys are not expressions",
    input: "(( a: b )): 1\n? (( c ))\n: 2\n",
    sites: [],
  },
  {
    name: "several expressions on a line of a flow sequence",
    input: 'l: [ (( grab a )), (( concat "b, c" )), d ]\n',
    output: 'l: [ (( grab a )), "(( concat \\"b, c\\" ))", d ]\n',
    sites: [[5, 1, 6], [20, 1, 20]],
  },
  {
    name: "a flow mapping spanning lines",
    input: "m: { a: (( x\n  y )), b: 1 }\n",
    output: 'm: { a: "(( x y ))"\n      , b: 1 }\n',
    sites: [[9, 1, 9]],
  },
  {
    name: "CRLF line breaks",
    input: "a: 1\r\nb: (( grab\r\n  c ))\r\nd: (( e ))\r\n",
    output: 'a: 1\r\nb: "(( grab c ))"\n      \r\nd: (( e ))\r\n',
    sites: [[10, 2, 4], [35, 4, 4]],
  },
  {
    name: "offsets of later sites follow earlier rewrites",
    input: "a: (( x: y ))\nb: (( z ))\n",
    output: 'a: "(( x: y ))"\nb: (( z ))\n',
    sites: [[4, 1, 4], [19, 2, 4]],
  },
  {
    name: "an unbalanced expression is left alone",
    input: "a: (( grab (b ))\nc: 1\n",
    sites: [],
  },
  {
    name: "anchors and tags before an expression",
    input: "a: &x (( y: z ))\nb: !!str (( w ))\n",
    output: 'a: &x "(( y: z ))"\nb: !!str (( w ))\n',
    sites: [[7, 1, 7], [28, 2, 10]],
  },
  {
    name: "document markers and several documents",
    input: "--- (( a: b ))\n---\nc: (( d\n  e ))\n...\n",
    output: '--- "(( a: b ))"\n---\nc: "(( d e ))"\n      \n...\n',
    sites: [[5, 1, 5], [25, 3, 4]],
  },
  {
    name: "a multi-line quoted scalar is skipped as a whole",
    input: 'a: "x\n  (( y: z ))"\nb: (( c: d ))\n',
    output: 'a: "x\n  (( y: z ))"\nb: "(( c: d ))"\n',
    sites: [[24, 3, 4]],
  },
  {
    name: "an apostrophe in a plain scalar does not open a string",
    input: "a: it's\nb: (( x: y ))\n",
    output: 'a: it\'s\nb: "(( x: y ))"\n',
    sites: [[12, 2, 4]],
  },
];

for (const c of CASES) {
  Deno.test(`scanExpressions() ${c.name}`, () => {
    const scan = scanExpressions(c.input);
    assert.equal(scan.text, c.output ?? c.input);
    assert.equal(scan.rewritten, c.output !== undefined);
    assert.deepEqual(scan.sites, c.sites.map(site));
  });
}

Deno.test("scanExpressions() sites point at the `((` of the scanned text", () => {
  for (const c of CASES) {
    const scan = scanExpressions(c.input);
    for (const s of scan.sites) assert.equal(scan.text.slice(s.offset, s.offset + 2), "((", c.name);
  }
});

Deno.test("scanExpressions() returns a text without `((` untouched", () => {
  const text = "a: 'x'\n";
  const scan = scanExpressions(text);
  assert.equal(scan.text, text);
  assert.deepEqual(scan.sites, []);
});

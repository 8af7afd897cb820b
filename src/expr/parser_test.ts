import assert from "node:assert/strict";
import { Float } from "../core/mod.ts";
import type { Node } from "./ast.ts";
import { ParseError } from "./lexer.ts";
import { parse } from "./parser.ts";
import { render } from "./ast.ts";

/** The word-named operators of spec/FEATURES.md §4. */
const OPERATORS = new Set([
  "grab",
  "concat",
  "join",
  "split",
  "stringify",
  "base64",
  "base64-decode",
  "keys",
  "negate",
  "null",
  "empty",
  "type",
  "param",
  "inject",
  "prune",
  "defer",
  "calc",
  "sort",
  "shuffle",
  "cartesian-product",
  "cartesian",
  "flatten",
  "uniq",
  "vault",
  "vault-try",
  "awsparam",
  "awssecret",
  "nats",
  "file",
  "load",
  "raw_env",
  "ips",
  "static_ips",
]);

const options = { operators: OPERATORS };

/**
 * A tree as an S-expression: calls `(name arg ...)`, operators `(op left right)`, `(neg x)` for
 * unary minus, `(? c a b)`, `[items]`, `{key: value}`; strings JSON-quoted, floats `1.5f`,
 * bigints `5n`, references as written, env vars `$NAME`.
 */
function sexp(node: Node): string {
  switch (node.kind) {
    case "literal": {
      const value = node.value;
      if (typeof value === "string") return JSON.stringify(value);
      if (value instanceof Float) return `${value.value}f`;
      return typeof value === "bigint" ? `${value}n` : String(value);
    }
    case "env":
      return `$${node.name}`;
    case "ref":
      return node.text;
    case "list":
      return `[${node.items.map(sexp).join(" ")}]`;
    case "map":
      return `{${node.entries.map((e) => `${e.key}: ${sexp(e.value)}`).join(" ")}}`;
    case "binary":
      return `(${node.op} ${sexp(node.left)} ${sexp(node.right)})`;
    case "or":
      return `(|| ${sexp(node.left)} ${sexp(node.right)})`;
    case "unary":
      return `(${node.op === "-" ? "neg" : "!"} ${sexp(node.operand)})`;
    case "ternary":
      return `(? ${sexp(node.condition)} ${sexp(node.whenTrue)} ${sexp(node.whenFalse)})`;
    case "call": {
      let head = node.name + node.modifiers.map((m) => `:${m}`).join("");
      if (node.target !== null) head += `@${node.target}`;
      return `(${[head, ...node.args.map(sexp)].join(" ")})`;
    }
  }
}

function parsed(source: string): string {
  const node = parse(source, options);
  assert.ok(node !== null, `${source} passed through`);
  return sexp(node);
}

function parseError(source: string): ParseError {
  try {
    parse(source, options);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  assert.fail(`parse() accepted ${source}`);
}

/** Valid expressions and their trees. */
const VALID: [string, string][] = [
  // literals
  [`(( "a b" ))`, `"a b"`],
  [`(( 'single' ))`, `"single"`],
  [String.raw`(( "e\n\t\r\\\"\'\d" ))`, JSON.stringify("e\n\t\r\\\"'\\d")],
  ["(( 42 ))", "42"],
  ["(( 007 ))", "7"],
  ["(( 1.5 ))", "1.5f"],
  ["(( 1e3 ))", "1000f"],
  ["(( .5 ))", "0.5f"],
  ["(( 9007199254740991 ))", "9007199254740991"],
  ["(( 9007199254740993 ))", "9007199254740993n"],
  ["(( 9223372036854775807 ))", "9223372036854775807n"],
  ["(( 9223372036854775808 ))", "9223372036854776000f"],
  ["(( -9223372036854775808 ))", "-9223372036854775808n"],
  ["(( -5 ))", "-5"],
  ["(( - 5 ))", "-5"],
  ["(( -0 ))", "0"],
  ["(( -1.5 ))", "-1.5f"],
  ["(( true ))", "true"],
  ["(( True ))", "true"],
  ["(( TRUE ))", "true"],
  ["(( false ))", "false"],
  ["(( False ))", "false"],
  ["(( FALSE ))", "false"],
  ["(( nil ))", "null"],
  ["(( Nil ))", "null"],
  ["(( NIL ))", "null"],
  ["(( Null ))", "null"],
  ["(( NULL ))", "null"],
  ["(( ~ ))", "null"],
  ["(( $HOME ))", "$HOME"],
  ["(( ${HOME} ))", "$HOME"],
  ["(( [] ))", "[]"],
  [`(( [1, "a", b.c, grab x, [2], {}] ))`, `[1 "a" b.c (grab x) [2] {}]`],
  ["(( [1, 2,] ))", "[1 2]"],
  ["(( {} ))", "{}"],
  [`(( { url: "x", "a b": 1, tls: true, } ))`, `{url: "x" a b: 1 tls: true}`],
  ["(( {a:{b:[c]}} ))", "{a: {b: [c]}}"],
  [`(( { a: c ? x : y, b: grab z } ))`, `{a: (? c x y) b: (grab z)}`],
  // calls and arguments
  ["(( grab meta.name ))", "(grab meta.name)"],
  ["(( grab a b.c list.0 $.d ))", "(grab a b.c list.0 $.d)"],
  ["(( grab ))", "(grab)"],
  ["(( prune ))", "(prune)"],
  ["((prune))", "(prune)"],
  ["(( sort ))", "(sort)"],
  ["(( sort by name ))", "(sort by name)"],
  ["(( null ))", "(null)"],
  ["(( null x ))", "(null x)"],
  ["(( grab null ))", "(grab null)"],
  ["(( x == null ))", "(== x null)"],
  ["(( empty hash ))", "(empty hash)"],
  [`(( param "Fill this in later" ))`, `(param "Fill this in later")`],
  ["(( inject meta.templates.x ))", "(inject meta.templates.x)"],
  ["(( concat a, b ,c ))", "(concat a b c)"],
  [`(( concat "a" (grab b) ))`, `(concat "a" (grab b))`],
  [`(( concat "a" (grab b)))`, `(concat "a" (grab b))`],
  [`(( concat "))" a ")" ))`, `(concat "))" a ")")`],
  [`(( join "," (grab a) "x" ))`, `(join "," (grab a) "x")`],
  [`(( concat (a == b ? "x" : "y") "z" ))`, `(concat (? (== a b) "x" "y") "z")`],
  [`(( concat (a + 1) "z" ))`, `(concat (+ a 1) "z")`],
  ["(( (grab a) ))", "(grab a)"],
  ["(( ((grab a)) ))", "(grab a)"],
  ["(( (1 + 2) ))", "(+ 1 2)"],
  ["(( static_ips(0, 1, 2) ))", "(static_ips 0 1 2)"],
  [`(( static_ips(0, "z2:2", "z1:3") ))`, `(static_ips 0 "z2:2" "z1:3")`],
  ["(( static_ips(0, 1,) ))", "(static_ips 0 1)"],
  ["(( static_ips() ))", "(static_ips)"],
  ["(( static_ips 0 1 2 ))", "(static_ips 0 1 2)"],
  ["(( keys (a) ))", "(keys a)"],
  ["(( grab:nocache a ))", "(grab:nocache a)"],
  [`(( vault@prod "p:k" ))`, `(vault@prod "p:k")`],
  [`(( vault:nocache@prod-2 "p:k" ))`, `(vault:nocache@prod-2 "p:k")`],
  [`(( vault:nocache:nocache "p:k" ))`, `(vault:nocache "p:k")`],
  [`(( vault@a "x" || vault@b "x" ))`, `(vault@a (|| "x" (vault@b "x")))`],
  [`(( grab meta.x || "y" ))`, `(grab (|| meta.x "y"))`],
  ["(( grab a || grab b ))", "(grab (|| a (grab b)))"],
  [`(( grab a || b || "c" ))`, `(grab (|| (|| a b) "c"))`],
  ["(( concat a || b c || d ))", "(concat (|| a b) (|| c d))"],
  ["(( grab x || (( prune )) ))", "(grab (|| x (prune)))"],
  ["(( grab x || (prune) ))", "(grab (|| x (prune)))"],
  ["(( grab x || -1 ))", "(grab (|| x -1))"],
  ["(( grab x || bogus y ))", "(grab (|| x bogus) y)"],
  ["(( defer grab thing ))", "(defer grab thing)"],
  [`(( defer grab this || "that" ))`, `(defer grab (|| this "that"))`],
  [`(( defer concat "a" (grab b) ))`, `(defer concat "a" (grab b))`],
  [`(( ips "10.0.0.0/24" -1 2 ))`, `(ips "10.0.0.0/24" -1 2)`],
  ["(( ips net - 5 ))", "(- (ips net) 5)"],
  ["(( negate !a ))", "(negate (! a))"],
  ["(( grab a + 1 ))", "(+ (grab a) 1)"],
  ["(( 1 + grab a ))", "(+ 1 (grab a))"],
  ["(( grab a ? b : c ))", "(? (grab a) b c)"],
  ["(( c ? grab a : grab b ))", "(? c (grab a) (grab b))"],
  ["(( !empty x ))", "(! (empty x))"],
  ["(( x == type ))", "(== x type)"],
  [`(( type == "x" ))`, `(== type "x")`],
  ["(( [sort, keys] ))", "[sort keys]"],
  ["(( grab a-b ))", "(grab a-b)"],
  ["(( grab haproxy_ssl+certificate ))", "(grab haproxy_ssl+certificate)"],
  [
    "(( grab colors[pick] servers[name=db].host x.$ENV.y ))",
    "(grab colors[pick] servers[name=db].host x.$ENV.y)",
  ],
  ["(( grab $ENV.x ))", "(grab $ENV.x)"],
  // calc
  [`(( calc "a + b" ))`, `(calc "a + b")`],
  ["(( calc a + b ))", "(calc (+ a b))"],
  ["(( calc a * 2 + 1 ))", "(calc (+ (* a 2) 1))"],
  ["(( calc a -1 ))", "(calc (- a 1))"],
  ["(( calc a + b || 0 ))", "(calc (|| (+ a b) 0))"],
  ["(( calc * 2 ))", `(calc "* 2")`],
  ["(( calc / 2 ))", `(calc "/ 2")`],
  ["(( calc + meta.x ))", `(calc "+ meta.x")`],
  ["(( calc % 3 ))", `(calc "% 3")`],
  ["(( calc ^ 2 ))", `(calc "^ 2")`],
  ["(( calc - 5 ))", `(calc "- 5")`],
  ["(( calc -5 ))", `(calc "-5")`],
  ["(( calc * (a + 1) ))", `(calc "* (a + 1)")`],
  [`(( concat (calc * 2) "x" ))`, `(concat (calc "* 2") "x")`],
  [`(( calc "1 + 1" "2 + 2" ))`, `(calc "1 + 1" "2 + 2")`],
  ["(( calc jobs.zero.instances ))", "(calc jobs.zero.instances)"],
  // infix operators and precedence
  ["(( 1 + 2 * 3 ))", "(+ 1 (* 2 3))"],
  ["(( (1 + 2) * 3 ))", "(* (+ 1 2) 3)"],
  ["(( 1 - 2 - 3 ))", "(- (- 1 2) 3)"],
  ["(( a % b / c ))", "(/ (% a b) c)"],
  ["(( 2*-3 ))", "(* 2 -3)"],
  ["(( a - b ))", "(- a b)"],
  ["(( count+1 ))", "(+ count 1)"],
  ["(( a || b && c ))", "(|| a (&& b c))"],
  ["(( a && b || c ))", "(|| (&& a b) c)"],
  ["(( a == b && c != d ))", "(&& (== a b) (!= c d))"],
  ["(( a < b == c >= d ))", "(== (< a b) (>= c d))"],
  ["(( a <= b + 1 ))", "(<= a (+ b 1))"],
  ["(( a > -b ))", "(> a (neg b))"],
  ["(( !a && -b ))", "(&& (! a) (neg b))"],
  ["(( !!a ))", "(! (! a))"],
  ["(( -(a) ))", "(neg a)"],
  ["(( a ? b : c ))", "(? a b c)"],
  ["(( a ? b : c ? d : e ))", "(? a b (? c d e))"],
  ["(( a ? b ? c : d : e ))", "(? a (? b c d) e)"],
  ["(( a || b ? c : d ))", "(? (|| a b) c d)"],
  ["(( a ? b || c : d ))", "(? a (|| b c) d)"],
  ["(( a || b || c ))", "(|| (|| a b) c)"],
  [`(( meta.env == "prod" ))`, `(== meta.env "prod")`],
  ["(( $PORT + 1 ))", "(+ $PORT 1)"],
  ["(( $A + ${B} ))", "(+ $A $B)"],
  // layout
  ["  ((grab a))  ", "(grab a)"],
  ['(( nats\n  (concat "a" b)\n\t(grab c) ))', `(nats (concat "a" b) (grab c))`],
  ["((\r\n grab a\r\n))", "(grab a)"],
];

Deno.test("parse() builds the tree of each valid expression", () => {
  for (const [source, want] of VALID) assert.equal(parsed(source), want, source);
});

Deno.test("parse() reads rendered text back into the same tree", () => {
  for (const [source, want] of VALID) {
    const text = `(( ${render(parse(source, options)!)} ))`;
    assert.equal(parsed(text), want, `${source} rendered as ${text}`);
  }
});

Deno.test("parse() records the span of each node", () => {
  const node = parse(`(( concat "a" (grab b.c || -1) ))`, options);
  assert.ok(node?.kind === "call");
  assert.deepStrictEqual([node.start, node.end], [3, 30]);
  const [a, grab] = node.args;
  assert.deepStrictEqual([a.start, a.end], [10, 13]);
  assert.ok(grab.kind === "call");
  assert.deepStrictEqual([grab.start, grab.end], [15, 29]);
  const [or] = grab.args;
  assert.ok(or.kind === "or");
  assert.deepStrictEqual([or.left.start, or.left.end, or.right.start, or.right.end], [
    20,
    23,
    27,
    29,
  ]);
  const map = parse(`(( nats "k" { url: "u" } ))`, options);
  assert.ok(map?.kind === "call" && map.args[1].kind === "map");
  assert.deepStrictEqual(map.args[1], {
    kind: "map",
    entries: [{
      key: "url",
      value: { kind: "literal", value: "u", start: 19, end: 22 },
      start: 14,
      end: 22,
    }],
    start: 12,
    end: 24,
  });
});

Deno.test("parse() reads every expression of the NATS guide", () => {
  const guide: [string, string][] = [
    [`(( nats "kv:config/database_host" ))`, `(nats "kv:config/database_host")`],
    [`(( nats "obj:assets/config.yaml" ))`, `(nats "obj:assets/config.yaml")`],
    [
      `(( nats "kv:secrets/api_key" "nats://prod-nats:4222" ))`,
      `(nats "kv:secrets/api_key" "nats://prod-nats:4222")`,
    ],
    [
      `(( nats "kv:secure/data" {\n    url: "nats://secure-nats:4222",\n    timeout: "10s",\n    retries: 5,\n    tls: true\n  } ))`,
      `(nats "kv:secure/data" {url: "nats://secure-nats:4222" timeout: "10s" retries: 5 tls: true})`,
    ],
    [
      `(( nats "kv:protected/value" "nats://user:password@localhost:4222" ))`,
      `(nats "kv:protected/value" "nats://user:password@localhost:4222")`,
    ],
    [
      `(( nats "kv:encrypted/secrets" {\n    url: "nats://secure-nats:4222",\n    tls: true,\n    cert_file: "/etc/nats/client.crt",\n    key_file: "/etc/nats/client.key"\n  } ))`,
      `(nats "kv:encrypted/secrets" {url: "nats://secure-nats:4222" tls: true cert_file: "/etc/nats/client.crt" key_file: "/etc/nats/client.key"})`,
    ],
    [`(( grab $ENVIRONMENT || "development" ))`, `(grab (|| $ENVIRONMENT "development"))`],
    [
      `(( nats \n    (concat "obj:configs/" meta.environment "/database.yaml")\n    (grab (concat "nats_config." meta.environment)) ))`,
      `(nats (concat "obj:configs/" meta.environment "/database.yaml") (grab (concat "nats_config." meta.environment)))`,
    ],
    [
      `(( nats (concat "kv:services/" name "/config") ))`,
      `(nats (concat "kv:services/" name "/config"))`,
    ],
    [
      `(( nats (concat "obj:tenants/" id "/config.yaml") ))`,
      `(nats (concat "obj:tenants/" id "/config.yaml"))`,
    ],
    ["(( grab web_assets.images.logo ))", "(grab web_assets.images.logo)"],
    [`(( load "config/production.yml" ))`, `(load "config/production.yml")`],
    ["(( grab $DB_HOST ))", "(grab $DB_HOST)"],
    [`(( vault "secret/api:key" ))`, `(vault "secret/api:key")`],
  ];
  for (const [source, want] of guide) assert.equal(parsed(source), want, source);
});

Deno.test("parse() reads the operator forms of FEATURES.md §3 and §4", () => {
  const forms: [string, string][] = [
    ["(( grab a.b c.d ))", "(grab a.b c.d)"],
    ['(( grab (concat "a." b) ))', `(grab (concat "a." b))`],
    [`(( join "SEP" a b ))`, `(join "SEP" a b)`],
    [`(( split "/" s ))`, `(split "/" s)`],
    ["(( stringify x ))", "(stringify x)"],
    ["(( base64-decode s ))", "(base64-decode s)"],
    ["(( keys a b ))", "(keys a b)"],
    ["(( negate x ))", "(negate x)"],
    ["(( type x ))", "(type x)"],
    ["(( shuffle a b ))", "(shuffle a b)"],
    ["(( cartesian-product a b ))", "(cartesian-product a b)"],
    ["(( cartesian a b ))", "(cartesian a b)"],
    ["(( flatten l ))", "(flatten l)"],
    ["(( uniq l ))", "(uniq l)"],
    [`(( vault-try "a:b" "c:d" "default" ))`, `(vault-try "a:b" "c:d" "default")`],
    [`(( awsparam "/path?key=x" ))`, `(awsparam "/path?key=x")`],
    [`(( awssecret@prod "name" ))`, `(awssecret@prod "name")`],
    [`(( nats:nocache@edge "kv:b/k" ))`, `(nats:nocache@edge "kv:b/k")`],
    ["(( file base name ))", "(file base name)"],
    [`(( raw_env $V || "x" ))`, `(raw_env (|| $V "x"))`],
    ["(( '(( c ? a : b ))' ))", `"(( c ? a : b ))"`],
    ["(( grab servers.name=primary.host ))", "(grab servers.name=primary.host)"],
  ];
  for (const [source, want] of forms) assert.equal(parsed(source), want, source);
});

Deno.test("parse() reads the expressions of spruce's test fixtures", () => {
  const fixtures: [string, string][] = [
    [`(( calc "(90 * 86400) + 0.1" ))`, `(calc "(90 * 86400) + 0.1")`],
    [
      `(( calc "floor((meta.target_mem - jobs.big_ones.instances * 32) / 16)" ))`,
      `(calc "floor((meta.target_mem - jobs.big_ones.instances * 32) / 16)")`,
    ],
    [
      `(( cartesian-product "master-" meta.fast-tests "-tests" ))`,
      `(cartesian-product "master-" meta.fast-tests "-tests")`,
    ],
    [
      `(( concat "-> " 6239871649276491287621342 " <-" ))`,
      `(concat "-> " 6.239871649276491e+24f " <-")`,
    ],
    [
      `(( concat "c=" cluster.name "/" env ";" local.sites.[1].uuid ))`,
      `(concat "c=" cluster.name "/" env ";" local.sites.[1].uuid)`,
    ],
    [
      `(( concat $PWD "/../../assets/load/users.yml" ))`,
      `(concat $PWD "/../../assets/load/users.yml")`,
    ],
    [
      `(( concat meta.network_prefix ".5.4 - " meta.network_prefix ".5.100" ))`,
      `(concat meta.network_prefix ".5.4 - " meta.network_prefix ".5.100")`,
    ],
    [`(( defer "thing" ))`, `(defer "thing")`],
    ["(( defer $TESTVAR ))", "(defer $TESTVAR)"],
    ["(( defer ))", "(defer)"],
    ["(( defer 1.23 ))", "(defer 1.23f)"],
    ["(( defer nil ))", "(defer null)"],
    [`(( empty "array" ))`, `(empty "array")`],
    [
      "(( grab jobs.api_z1.networks.net1.static_ips.[0] ))",
      "(grab jobs.api_z1.networks.net1.static_ips.[0])",
    ],
    ["(( grab jobs.my-server.static_ips ))", "(grab jobs.my-server.static_ips)"],
    ["(( grab meta.custom-extras || 0 ))", "(grab (|| meta.custom-extras 0))"],
    [`(( join " " b ))`, `(join " " b)`],
    [
      `(( load "http://localhost:31337/assets/load/list.yml" ))`,
      `(load "http://localhost:31337/assets/load/list.yml")`,
    ],
    [`(( static_ips(1, "z1:4", 5) ))`, `(static_ips 1 "z1:4" 5)`],
    [`(( vault meta.prefix "/beep:boop" ))`, `(vault meta.prefix "/beep:boop")`],
  ];
  for (const [source, want] of fixtures) assert.equal(parsed(source), want, source);
});

Deno.test("parse() passes placeholders, bare references and non-expressions through", () => {
  const through = [
    "((cf_admin_password))",
    "((/a/b))",
    "((var.subkey))",
    "((!foo))",
    "((genesis-entombed/name--key--sha1))",
    "(( meta.name ))",
    "(( foo ))",
    "(( cf_admin_password ))",
    "(( append ))",
    "(( $.a.b ))",
    "(( (meta.name) ))",
    "(( jobs[name=web].ips[0] ))",
    "(( 1 + ))",
    "(( ))",
    "(())",
    `(( "unterminated ))`,
    "(( a )) and (( b ))",
    "(( * 2 ))",
    "plain text",
    "(( grab a",
    "grab a ))",
    "((",
  ];
  for (const source of through) assert.equal(parse(source, options), null, source);
});

/** Invalid expressions: the message and the offset of the bad token. */
const INVALID: [string, string, number][] = [
  [`(( grab "abc ))`, "unterminated string", 8],
  ["(( grab 10.0.0.1 ))", "invalid number '10.0.0.1' (quote it to make a string)", 8],
  ["(( grab a. ))", "expected a key or an index after '.'", 10],
  ["(( grab $ ))", "expected a variable name after '$'", 8],
  ["(( grab a[0 ))", "expected ']' to close the '['", 11],
  ["(( grab 1e400 ))", "number '1e400' is out of range", 8],
  ["(( grab a || ))", "expected an expression, found the end of the expression", 13],
  ["(( grab a ) ))", "unexpected ')'", 10],
  ["(( grab a ^ b ))", "unexpected '^'", 10],
  ["(( grab a = b ))", "unexpected '='", 10],
  ["(( grab a & b ))", "unexpected '&'", 10],
  ["(( grab (a ))", "expected ')', found the end of the expression", 11],
  ["(( grab () ))", "expected an expression, found ')'", 9],
  ["(( grab [1 2] ))", "expected ',' or ']' in a list, found '2'", 11],
  ["(( grab [a b] ))", "expected ',' or ']' in a list, found 'b'", 11],
  ["(( grab [1, ))", "expected an expression, found the end of the expression", 12],
  ["(( grab [,] ))", "expected an expression, found ','", 9],
  ["(( grab { a 1 } ))", "expected ':' after the key 'a', found '1'", 12],
  ["(( grab { 1: a } ))", "expected a map key (a name or a quoted string), found '1'", 10],
  ["(( grab { a.b: 1 } ))", "expected a map key (a name or a quoted string), found 'a.b'", 10],
  ["(( grab { a: 1, a: 2 } ))", "duplicate key 'a' in a map", 16],
  [`(( grab { a: 1 ))`, "expected ',' or '}' in a map, found the end of the expression", 15],
  ["(( grab a ? b ))", "expected ':' of '?', found the end of the expression", 14],
  ["(( keys(a b) ))", "expected ',' or ')' in the arguments of keys, found 'b'", 10],
  [`(( join(", ", a) "x" ))`, `unexpected '"x"'`, 17],
  [
    "(( grab:bogus a ))",
    "unknown operator modifier ':bogus' for grab operator (only :nocache is supported)",
    7,
  ],
  [
    "(( vault:true a ))",
    "unknown operator modifier ':true' for vault operator (only :nocache is supported)",
    8,
  ],
  [
    `(( vault@prod:nocache "x" ))`,
    "the :nocache modifier must come before the target: (( vault:nocache@prod ... ))",
    13,
  ],
  [`(( vault@ "x" ))`, "expected a target name right after '@'", 10],
  [`(( vault@a.b "x" ))`, "expected a target name right after '@'", 9],
  [
    `(( vault prod@"p:k" ))`,
    `vault target must be written as (( vault@<target> "path:key" )), not (( vault <target>@"path:key" ))`,
    13,
  ],
  [
    `(( vault @prod "p:k" ))`,
    `vault target must be written as (( vault@<target> "path:key" )), not (( vault <target>@"path:key" ))`,
    9,
  ],
  ["(( bogus x ))", "(( bogus )) operator not defined", 3],
  ["(( bogus -1 ))", "(( bogus )) operator not defined", 3],
  ["(( some free text ))", "(( some )) operator not defined", 3],
  ["(( concat (bogus x) ))", "(( bogus )) operator not defined", 11],
  ["(( grab (a b) ))", "(( a )) operator not defined", 9],
];

Deno.test("parse() reports each syntax error with its message and offset", () => {
  for (const [source, message, offset] of INVALID) {
    const error = parseError(source);
    assert.deepStrictEqual([error.message, error.offset], [message, offset], source);
    assert.equal(error.source, source);
  }
});

Deno.test("parse() points at the bad token with line and column in multi-line expressions", () => {
  const error = parseError("(( concat\n  a\n  [b c] ))");
  assert.equal(error.message, "expected ',' or ']' in a list, found 'c'");
  assert.deepStrictEqual([error.line, error.column], [3, 6]);
  assert.equal(error.snippet(), "  [b c] ))\n     ^");
});

Deno.test("parse() limits nesting to 64 levels", () => {
  const groups = (depth: number) => `(( grab ${"(".repeat(depth)}a${")".repeat(depth)} ))`;
  assert.equal(parsed(groups(64)), "(grab a)");
  const error = parseError(groups(65));
  assert.deepStrictEqual([error.message, error.offset], [
    "expression nesting too deep (max 64)",
    72,
  ]);
  const lists = (depth: number) => `(( grab ${"[".repeat(depth)}${"]".repeat(depth)} ))`;
  assert.equal(parseError(lists(65)).offset, 72);
  const nots = `(( grab x || ${"!".repeat(65)}a ))`;
  assert.equal(parseError(nots).message, "expression nesting too deep (max 64)");
  const deep = `(( grab ${"!".repeat(10000)}a ))`;
  assert.equal(parseError(deep).offset, 72);
});

Deno.test("parse() lets a registered name open a call only where calls begin", () => {
  const keys = (source: string) => parsed(source.replace("OP", "keys"));
  assert.equal(keys("(( OP ))"), "(keys)");
  assert.equal(keys("(( OP a ))"), "(keys a)");
  assert.equal(keys("(( x || OP ))"), "(|| x keys)");
  assert.equal(keys("(( x || OP a ))"), "(|| x (keys a))");
  assert.equal(keys("(( x || (OP) ))"), "(|| x (keys))");
  assert.equal(keys("(( OP + 1 ))"), "(+ keys 1)");
  assert.equal(keys("(( grab OP ))"), "(grab keys)");
  assert.equal(keys("(( grab OP a ))"), "(grab keys a)");
  assert.equal(keys("(( grab OP(a) ))"), "(grab (keys a))");
  assert.equal(keys("(( grab OP:nocache a ))"), "(grab (keys:nocache a))");
  assert.equal(keys("(( grab (OP a) ))"), "(grab (keys a))");
  assert.equal(keys("(( [OP] ))"), "[keys]");
  assert.equal(keys("(( [OP a] ))"), "[(keys a)]");
  assert.equal(keys("(( { k: OP a } ))"), "{k: (keys a)}");
  assert.equal(keys("(( grab OP.x ))"), "(grab keys.x)");
});

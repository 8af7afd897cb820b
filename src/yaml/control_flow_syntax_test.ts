import assert from "node:assert/strict";
import {
  closingOf,
  ControlFlowFailure,
  ExpressionReader,
  type IfBlock,
  type Item,
  parseBlocks,
  patternText,
  scanLines,
} from "./control_flow_syntax.ts";
import { Float } from "../core/mod.ts";

const reader = new ExpressionReader(["grab", "concat", "keys"]);

function markersOf(text: string): string[] {
  return scanLines(text.split("\n")).markers.map((m) =>
    `${m.index + 1}:${m.keyword}(${m.written}):${m.argument}`
  );
}

function blocks(text: string): Item[] {
  const lines = text.split("\n");
  const { markers } = scanLines(lines);
  return parseBlocks(lines, markers, { first: 0, end: lines.length }, reader);
}

function failure(text: string): string {
  try {
    blocks(text);
  } catch (error) {
    if (!(error instanceof ControlFlowFailure)) throw error;
    return error.site ? `L${error.site.line} ${error.site.kind}: ${error.message}` : error.message;
  }
  assert.fail("no failure");
}

Deno.test("closingOf() finds the closing parentheses, strings and nesting respected", () => {
  assert.equal(closingOf("(( a ))", 0, 7), 7);
  assert.equal(closingOf('(( f "))" (g) )) # x', 0, 20), 16);
  assert.equal(closingOf("(( a ) ))", 0, 9), -1);
  assert.equal(closingOf("(( a )", 0, 6), -1);
  assert.equal(closingOf('(( "a ))', 0, 8), -1);
});

Deno.test("scanLines() finds markers by their trimmed line, aliases and comments included", () => {
  const text = [
    "(( if a == 1 ))",
    "  (( elsif b ))   # comment",
    "(( else ))",
    "x: (( if a ))",
    "(( endif ))#not a comment",
    "(( fi )) (( fi ))",
    '\t(( when "a | b" | 2 ))',
    "(( iffy ))",
    "(( IF a ))",
    "(( esac",
    "# (( fi ))",
    "(( endfor ))",
  ].join("\n");
  assert.deepEqual(markersOf(text), [
    "1:if(if):a == 1",
    "2:elif(elsif):b",
    "3:else(else):",
    '7:when(when):"a | b" | 2',
    "12:done(endfor):",
  ]);
});

Deno.test("scanLines() leaves block scalar content alone", () => {
  const text = [
    "script: |", //      1
    "  (( if a ))", //   2: content
    "", //               3
    "  (( fi ))", //     4: content
    "(( if b ))", //     5: marker, ends the scalar
    "- >-", //           6
    "  (( done ))", //   7: content
    "- key: |2", //      8: explicit indentation: content at 4
    "      (( fi ))", // 9: content
    "   (( fi ))", //    10: indented less than the key's column 2 + 2: ends it
    "k: !!str | # c", // 11
    "   (( fi ))", //    12: content
    "k: a |", //         13: a plain scalar, not a header
    "(( fi ))", //       14
  ].join("\n");
  assert.deepEqual(markersOf(text), ["5:if(if):b", "10:fi(fi):", "14:fi(fi):"]);
});

Deno.test("scanLines() notes where documents start", () => {
  const { documents } = scanLines(["a: 1", "---", "b: |", "  ---", "--- # c", "...", "----"]);
  assert.deepEqual(documents, [1, 4, 5]);
});

Deno.test("parseBlocks() builds the block tree with text runs and parsed expressions", () => {
  const items = blocks(
    ["a: 1", "(( if a == 1 ))", "b: 1", "(( elif a ))", "(( else ))", "c: 1", "(( fi ))"].join(
      "\n",
    ),
  );
  assert.equal(items.length, 2);
  assert.deepEqual(items[0], { kind: "text", first: 0, end: 1 });
  const block = items[1] as IfBlock;
  assert.deepEqual(block.site, { kind: "if", line: 2 });
  assert.equal(block.end, 7);
  assert.deepEqual(block.branches.map((b) => b.condition?.kind ?? null), ["binary", "ref", null]);
  assert.deepEqual(block.branches.map((b) => b.body), [
    [{ kind: "text", first: 2, end: 3 }],
    [],
    [{ kind: "text", first: 5, end: 6 }],
  ]);
});

Deno.test("parseBlocks() reads for headers, range iterables and case patterns", () => {
  const [loop] = blocks("(( for k, v in grab m ))\n(( done ))");
  assert.equal(loop.kind, "for");
  if (loop.kind !== "for") return;
  assert.deepEqual(loop.names, ["k", "v"]);
  assert.equal(loop.iterable.kind, "call");
  const [range] = blocks("(( for i in range 1 n 2 ))\n(( done ))");
  assert.equal(
    range.kind === "for" && range.iterable.kind === "call" && range.iterable.name,
    "range",
  );
  const [choice] = blocks(
    [
      "(( case x ))",
      "# a comment",
      '(( when "a" | 5 | -1.0 | true ))',
      "(( default ))",
      "(( esac ))",
    ]
      .join("\n"),
  );
  assert.equal(choice.kind, "case");
  if (choice.kind !== "case") return;
  assert.deepEqual(choice.whens.map((w) => w.patterns), [["a", "5", "-1", "true"]]);
  assert.deepEqual(choice.fallback, []);
});

Deno.test("parseBlocks() reports every structural error", () => {
  assert.equal(failure("a: 1\n(( done ))"), "(( done )) at line 2 has no matching block start");
  assert.equal(
    failure("(( for x in y ))\n(( fi ))"),
    "(( fi )) at line 2 has no matching block start",
  );
  assert.equal(
    failure("(( if a ))\nb: 1"),
    "L1 if: unclosed block: expected (( elif )) or (( else )) or (( fi )), reached end of input",
  );
  assert.equal(
    failure("(( while a ))"),
    "L1 while: unclosed block: expected (( done )), reached end of input",
  );
  assert.equal(
    failure("(( case a ))\n(( when 1 ))"),
    "L1 case: unclosed block: expected (( when )) or (( default )) or (( esac )), reached end of input",
  );
  assert.equal(
    failure("(( if a ))\n(( else ))\n(( elif b ))\n(( fi ))"),
    "L1 if: (( elif )) at line 3 follows (( else ))",
  );
  assert.equal(
    failure("(( if a ))\n(( else ))\n(( else ))\n(( fi ))"),
    "L1 if: duplicate (( else )) at line 3",
  );
  assert.equal(
    failure("(( case a ))\n(( default ))\n(( when 1 ))\n(( esac ))"),
    "L1 case: (( when )) at line 3 follows (( default )), which must be last",
  );
  assert.equal(
    failure("(( case a ))\n(( default ))\n(( default ))\n(( esac ))"),
    "L1 case: duplicate (( default )) at line 3",
  );
  assert.equal(
    failure("(( case a ))\nx: 1\n(( esac ))"),
    "L1 case: only (( when )), (( default )) or (( esac )) may follow (( case )), found line 2",
  );
  const deep = "(( if a ))\n".repeat(65) + "(( fi ))\n".repeat(65);
  assert.equal(failure(deep), "L65 if: control flow block nesting too deep (max 64)");
  assert.equal(blocks("(( if a ))\n".repeat(64) + "(( fi ))\n".repeat(64)).length, 2);
});

Deno.test("parseBlocks() reports malformed markers", () => {
  assert.equal(failure("(( if ))\n(( fi ))"), "L1 if: (( if )) at line 1 needs an expression");
  assert.equal(
    failure("(( if a ))\n(( else if b ))\n(( fi ))"),
    'L1 if: (( else )) at line 2 takes no argument, got "if b"',
  );
  assert.equal(
    failure("(( while a == ))\n(( done ))"),
    'L1 while: invalid expression "a ==": expected an expression, found the end of the expression',
  );
  assert.equal(
    failure("(( for x of y ))\n(( done ))"),
    'L1 for: invalid (( for )) header: expected "for VAR [, VAR] in ITERABLE", got "x of y"',
  );
  assert.equal(
    failure("(( for k, v in range 1 3 ))\n(( done ))"),
    "L1 for: range yields a single value per iteration",
  );
  assert.equal(
    failure("(( for i in range 1 ))\n(( done ))"),
    "L1 for: range requires 2 or 3 arguments (start, end, [step]), got 1",
  );
  assert.equal(
    failure("(( case a ))\n(( when p ))\n(( esac ))"),
    'L1 case: (( when )) pattern must be a quoted string, a number, or true/false, got "p"',
  );
  assert.equal(
    failure('(( case a ))\n(( when "a" | ))\n(( esac ))'),
    'L1 case: (( when )) pattern must be a quoted string, a number, or true/false, got ""',
  );
  assert.equal(
    failure("(( case a ))\n(( when ))\n(( esac ))"),
    "L1 case: (( when )) at line 2 needs at least one pattern",
  );
});

Deno.test("ExpressionReader.expression() reads bare references and rejects stray text", () => {
  const node = reader.expression("svcs.0.name");
  assert.equal(node.kind, "ref");
  assert.equal(reader.expression("grab a == 1").kind, "binary");
  const lone = reader.expression("keys");
  assert.deepEqual(lone.kind === "ref" && [lone.path, lone.text], [["keys"], "keys"]);
  assert.equal(reader.expression("keys m").kind, "call");
  assert.throws(() => reader.expression("a) (b"), /unbalanced parentheses/);
  assert.equal(reader.scalar("(( meta.name ))"), null);
});

Deno.test("patternText() writes scalars as control flow compares them", () => {
  assert.deepEqual(
    ["a", 5, 10n ** 20n, new Float(2), new Float(1.5), true, null].map(patternText),
    ["a", "5", "100000000000000000000", "2", "1.5", "true", ""],
  );
  assert.throws(() => patternText(new Map()), /a map cannot be written as text/);
});

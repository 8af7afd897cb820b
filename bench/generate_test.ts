import { deepStrictEqual, notDeepStrictEqual, ok } from "node:assert/strict";
// @ts-types="npm:@types/js-yaml@4.0.9"
import { load } from "js-yaml";
import { countLines, generateCorpus, SIZES } from "./generate.ts";

type Doc = Record<string, unknown>;

function totalLines(size: "S" | "M", variant: "plain" | "ops"): number {
  return generateCorpus(size, { variant }).reduce((sum, file) => sum + countLines(file.text), 0);
}

Deno.test("generateCorpus() gives the same text for the same seed and other text for another", () => {
  deepStrictEqual(generateCorpus("S"), generateCorpus("S", { seed: 1 }));
  deepStrictEqual(generateCorpus("S", { variant: "ops" }), generateCorpus("S", { variant: "ops" }));
  notDeepStrictEqual(generateCorpus("S"), generateCorpus("S", { seed: 2 }));
});

Deno.test("generateCorpus() sizes stay near their targets", () => {
  for (const variant of ["plain", "ops"] as const) {
    const small = totalLines("S", variant);
    ok(small >= 400 && small <= 800, `S ${variant}: ${small} lines`);
    const medium = totalLines("M", variant);
    ok(Math.abs(medium - SIZES.M) <= SIZES.M * 0.05, `M ${variant}: ${medium} lines`);
  }
});

Deno.test("generateCorpus() writes a valid base and two overlays with array markers", () => {
  const files = generateCorpus("S");
  deepStrictEqual(files.map((file) => file.name), ["base.yml", "overlay1.yml", "overlay2.yml"]);
  const [base, overlay1, overlay2] = files.map((file) => load(file.text) as Doc);
  const groups = base.instance_groups as Doc[];
  ok(groups.length > 1 && groups.every((group) => typeof group.name === "string"));
  deepStrictEqual((overlay1.releases as unknown[])[0], "(( append ))");
  deepStrictEqual((overlay2.instance_groups as unknown[])[0], "(( merge ))");
});

Deno.test("generateCorpus() ops variant overwrites every param of base.yml in an overlay", () => {
  const [base, overlay1, overlay2] = generateCorpus("S", { variant: "ops" }).map(
    (file) => load(file.text) as { meta: { params: Doc } },
  );
  const params = Object.keys(base.meta.params);
  ok(params.length > 0);
  ok(Object.values(base.meta.params).every((value) => String(value).startsWith("(( param ")));
  const set = [...Object.keys(overlay1.meta.params), ...Object.keys(overlay2.meta.params)];
  deepStrictEqual(set.toSorted(), params.toSorted());
});

/**
 * Deterministic corpus of BOSH-like deployment manifests for `deno task bench`: a base file and
 * two overlays that change scalars, deep-merge properties, add instance groups and use the array
 * markers (`append`, `prepend`, `insert`, `delete`, `merge`, `merge on`, `inline`, `replace`).
 * The `ops` variant adds thousands of `grab`/`concat`/`calc` expressions and `param`s that the
 * overlays overwrite.
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** Approximate total line count (over the three files) of each corpus size. */
export const SIZES = { S: 500, M: 20_000, L: 200_000, XL: 1_000_000 } as const;

/** A corpus size name. */
export type Size = keyof typeof SIZES;

/** `plain`: merge-only manifests; `ops`: the same shapes plus many operator expressions. */
export type Variant = "plain" | "ops";

/** Options for {@link generateCorpus} and {@link ensureCorpus}. */
export interface GenerateOptions {
  /** @default "plain" */
  variant?: Variant;
  /** PRNG seed. @default 1 */
  seed?: number;
}

/** One generated file. */
export interface CorpusFile {
  name: string;
  text: string;
}

/** A corpus on disk. */
export interface CorpusInfo {
  /** Paths of base.yml, overlay1.yml and overlay2.yml, in merge order. */
  paths: string[];
  lines: number;
  bytes: number;
}

/** Bump when the generated text changes, so cached corpora are rebuilt. */
const GENERATOR_VERSION = 1;
const FILE_NAMES = ["base.yml", "overlay1.yml", "overlay2.yml"];
const CORPUS_ROOT = new URL("./corpus/", import.meta.url);
/**
 * About half the lines of an instance group: groups are added while a file is at least this far
 * below its target, so sizes centre on the target.
 */
const HALF_GROUP_LINES = 35;
/** Share of the total lines written to base.yml, overlay1.yml and overlay2.yml. */
const SHARES = [0.7, 0.2, 0.1] as const;

const WORDS = (
  "alpha bravo cloud delta edge fabric gateway router metrics broker uaa diego cell nats proxy " +
  "cache worker scheduler api blobstore"
).split(" ");
const AZS = ["z1", "z2", "z3"];
const VM_TYPES = ["small", "medium", "large", "xlarge", "small-highmem"];
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** mulberry32: a small, fast, seeded PRNG. */
class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An int in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  words(min: number, max: number): string[] {
    return Array.from({ length: this.int(min, max) }, () => this.pick(WORDS));
  }
}

/** Collects YAML lines. */
class Lines {
  readonly #lines: string[] = [];

  get count(): number {
    return this.#lines.length;
  }

  add(indent: number, text: string): void {
    this.#lines.push(" ".repeat(indent) + text);
  }

  /** `key: |` (or another block style) followed by the body lines. */
  block(indent: number, key: string, body: string[], style = "|"): void {
    this.add(indent, `${key}: ${style}`);
    for (const line of body) this.add(indent + 2, line);
  }

  text(): string {
    return this.#lines.join("\n") + "\n";
  }
}

interface JobModel {
  name: string;
  /** The job's key under `properties`. */
  key: string;
  servers: string[];
  tls: boolean;
}

interface GroupModel {
  name: string;
  jobs: JobModel[];
}

/** Everything the files share: the PRNG, the names defined in base.yml, the `meta` key counts. */
class Corpus {
  readonly rng: Random;
  readonly ops: boolean;
  /** Entries per `meta` family in the ops variant (hosts, ports, counts, names, params). */
  readonly metaSize: number;
  readonly releases: string[] = [];
  readonly networks: string[] = [];
  readonly groups: GroupModel[] = [];
  #jobs = 0;

  constructor(totalLines: number, options: GenerateOptions) {
    this.rng = new Random(options.seed ?? 1);
    this.ops = options.variant === "ops";
    this.metaSize = Math.max(8, Math.round(totalLines / 100));
  }

  newJob(): JobModel {
    const rng = this.rng;
    const word = rng.pick(WORDS);
    const n = String(++this.#jobs).padStart(5, "0");
    const servers = rng.chance(0.4)
      ? Array.from({ length: rng.int(2, 4) }, (_, i) => `srv-${i + 1}`)
      : [];
    return { name: `${word}-${n}`, key: `${word}_${n}`, servers, tls: rng.chance(0.25) };
  }

  ref(family: string): string {
    const short = family[0];
    const n = String(this.rng.int(0, this.metaSize - 1)).padStart(4, "0");
    return `meta.${family}.${short}_${n}`;
  }

  port(): number {
    return this.rng.int(1024, 65535);
  }

  ip(): string {
    const rng = this.rng;
    return `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
  }

  sha1(): string {
    let hex = "";
    for (let i = 0; i < 40; i++) hex += "0123456789abcdef"[this.rng.int(0, 15)];
    return hex;
  }

  pem(kind: string): string[] {
    const rng = this.rng;
    const body = [`-----BEGIN ${kind}-----`];
    const count = rng.int(8, 14);
    for (let i = 0; i < count; i++) {
      const width = i === count - 1 ? rng.int(10, 60) : 64;
      let line = "";
      for (let c = 0; c < width; c++) line += BASE64[rng.int(0, 63)];
      body.push(i === count - 1 ? line + "==" : line);
    }
    body.push(`-----END ${kind}-----`);
    return body;
  }

  prose(): string[] {
    return Array.from({ length: this.rng.int(2, 5) }, () => this.rng.words(3, 9).join(" "));
  }
}

/**
 * Generates the three files of a corpus. The same size, variant and seed always give the same
 * text.
 */
export function generateCorpus(size: Size, options: GenerateOptions = {}): CorpusFile[] {
  const total = SIZES[size];
  const corpus = new Corpus(total, options);
  const name = `bench-${options.variant ?? "plain"}-${size.toLowerCase()}`;
  const texts = [
    base(corpus, name, total * SHARES[0]),
    overlay1(corpus, total * SHARES[1]),
    overlay2(corpus, total * SHARES[2]),
  ];
  return texts.map((text, i) => ({ name: FILE_NAMES[i], text }));
}

/**
 * Returns the corpus under bench/corpus/, generating it first when a file is missing or the
 * cached one came from another generator version or seed.
 */
export async function ensureCorpus(size: Size, options: GenerateOptions = {}): Promise<CorpusInfo> {
  const variant = options.variant ?? "plain";
  const seed = options.seed ?? 1;
  const dir = new URL(`${variant}-${size}/`, CORPUS_ROOT);
  const paths = FILE_NAMES.map((name) => fileURLToPath(new URL(name, dir)));
  const stampPath = fileURLToPath(new URL("corpus.json", dir));
  const stamp = await readStamp(stampPath);
  if (stamp?.version === GENERATOR_VERSION && stamp.seed === seed && await allExist(paths)) {
    return { paths, lines: stamp.lines, bytes: stamp.bytes };
  }
  await Deno.mkdir(dir, { recursive: true });
  const fresh: Stamp = { version: GENERATOR_VERSION, seed, lines: 0, bytes: 0 };
  for (const [i, file] of generateCorpus(size, { variant, seed }).entries()) {
    await Deno.writeTextFile(paths[i], file.text);
    fresh.lines += countLines(file.text);
    fresh.bytes += (await Deno.stat(paths[i])).size;
  }
  await Deno.writeTextFile(stampPath, JSON.stringify(fresh) + "\n");
  return { paths, lines: fresh.lines, bytes: fresh.bytes };
}

interface Stamp {
  version: number;
  seed: number;
  lines: number;
  bytes: number;
}

async function readStamp(path: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

async function allExist(paths: string[]): Promise<boolean> {
  const found = await Promise.all(
    paths.map((path) => Deno.stat(path).then(() => true, () => false)),
  );
  return found.every(Boolean);
}

/** Number of newline characters in a text. */
export function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function base(c: Corpus, name: string, target: number): string {
  const { rng } = c;
  const y = new Lines();
  y.add(0, `name: ${name}`);
  y.add(0, `director_uuid: ${c.sha1().slice(0, 8)}-4e2a-4c1b-9f3d-${c.sha1().slice(0, 12)}`);
  y.add(0, "meta:");
  y.add(2, "environment: production");
  y.add(2, 'owner: "platform team"');
  y.add(2, "max_bytes: 9223372036854775807");
  y.add(2, "ratio: 0.5");
  y.add(2, "legacy_mode: yes");
  y.add(2, "retired: ~");
  if (c.ops) baseMeta(c, y);

  y.add(0, "releases:");
  const releaseCount = 2 + Math.floor(target / 4000);
  for (let i = 1; i <= releaseCount; i++) {
    const release = `${rng.pick(WORDS)}-release-${String(i).padStart(3, "0")}`;
    c.releases.push(release);
    y.add(0, `- name: ${release}`);
    y.add(2, `version: ${rng.int(1, 300)}.${rng.int(0, 20)}.${rng.int(0, 9)}`);
    y.add(2, `url: https://bosh.example.com/d/${release}?v=${rng.int(1, 999)}`);
    y.add(2, `sha1: ${c.sha1()}`);
  }

  y.add(0, "stemcells:");
  y.add(0, "- alias: default");
  y.add(2, "os: ubuntu-jammy");
  y.add(2, `version: "1.${rng.int(100, 600)}"`);
  y.add(0, "- alias: windows");
  y.add(2, "os: windows2019");
  y.add(2, "version: latest");

  y.add(0, "update:");
  y.add(2, "canaries: 1");
  y.add(2, "max_in_flight: 2");
  y.add(2, "canary_watch_time: 30000-1200000");
  y.add(2, "update_watch_time: 5000-1200000");
  y.add(2, "serial: false");

  y.add(0, "networks:");
  const networkCount = 1 + Math.floor(target / 20000);
  for (let i = 1; i <= networkCount; i++) {
    const network = `net-${String(i).padStart(3, "0")}`;
    c.networks.push(network);
    writeNetwork(c, y, network, i);
  }

  y.add(0, "instance_groups:");
  for (let i = 1; y.count + HALF_GROUP_LINES < target; i++) {
    c.groups.push(writeGroup(c, y, `ig-${String(i).padStart(5, "0")}`));
  }
  return y.text();
}

/** The ops variant's `meta` families; every param is overwritten by one of the overlays. */
function baseMeta(c: Corpus, y: Lines): void {
  const { rng } = c;
  const family = (name: string, value: (key: string) => string) => {
    y.add(2, `${name}:`);
    for (let i = 0; i < c.metaSize; i++) {
      const key = `${name[0]}_${String(i).padStart(4, "0")}`;
      y.add(4, `${key}: ${value(key)}`);
    }
  };
  family("hosts", (key) => `${key.replace("_", "-")}.internal.example.com`);
  family("ports", () => String(rng.int(1024, 65535)));
  family("counts", () => String(rng.int(1, 64)));
  family("names", () => rng.words(2, 3).join("-"));
  family("params", (key) => `(( param "set meta.params.${key} in an overlay" ))`);
}

/** Overlay settings for half of the params (`parity` 0 or 1) and a few counts. */
function overlayMeta(c: Corpus, y: Lines, parity: number): void {
  y.add(2, "params:");
  for (let i = parity; i < c.metaSize; i += 2) {
    y.add(4, `p_${String(i).padStart(4, "0")}: ${c.rng.words(1, 3).join("-")}-${c.sha1()}`);
  }
  y.add(2, "counts:");
  for (let i = parity; i < c.metaSize; i += 7) {
    y.add(4, `c_${String(i).padStart(4, "0")}: ${c.rng.int(1, 64)}`);
  }
}

function writeNetwork(c: Corpus, y: Lines, name: string, n: number): void {
  y.add(0, `- name: ${name}`);
  y.add(2, "type: manual");
  y.add(2, "subnets:");
  for (const [i, az] of AZS.entries()) {
    const prefix = `10.${n % 256}.${i * 16}`;
    y.add(2, `- range: ${prefix}.0/20`);
    y.add(4, `gateway: ${prefix}.1`);
    y.add(4, "dns: [10.0.0.2, 8.8.8.8]");
    y.add(4, "reserved:");
    y.add(4, `- ${prefix}.2 - ${prefix}.10`);
    y.add(4, `static: [${prefix}.11 - ${prefix}.60]`);
    y.add(4, `az: ${az}`);
    y.add(4, "cloud_properties:");
    y.add(6, `name: ${c.rng.pick(WORDS)}-${name}-${az}`);
  }
}

function writeGroup(c: Corpus, y: Lines, name: string): GroupModel {
  const { rng } = c;
  const group: GroupModel = { name, jobs: [] };
  y.add(0, `- name: ${name}`);
  y.add(2, `instances: ${rng.int(1, 6)}`);
  y.add(2, `azs: [${AZS.slice(0, rng.int(1, 3)).join(", ")}]`);
  y.add(2, `vm_type: ${rng.pick(VM_TYPES)}`);
  y.add(2, "stemcell: default");
  if (rng.chance(0.3)) y.add(2, `persistent_disk_type: ${rng.int(1, 100)}GB`);
  y.add(2, "networks:");
  y.add(2, `- name: ${rng.pick(c.networks)}`);
  y.add(2, "jobs:");
  for (let i = rng.int(1, 3); i > 0; i--) {
    const job = c.newJob();
    group.jobs.push(job);
    writeJob(c, y, job);
  }
  if (rng.chance(0.3)) {
    y.add(2, "update:");
    y.add(4, "max_in_flight: 1");
    y.add(4, "serial: true");
  }
  if (rng.chance(0.2)) {
    y.add(2, "env:");
    y.add(4, "persistent_disk_fs: ext4");
    y.add(4, "bosh:");
    y.add(6, `password: ((${name}_vm_password))`);
  }
  return group;
}

/** A job entry at indent 2 (`  - name: ...`) with its properties. */
function writeJob(c: Corpus, y: Lines, job: JobModel): void {
  const { rng } = c;
  y.add(2, `- name: ${job.name}`);
  y.add(4, `release: ${rng.pick(c.releases)}`);
  y.add(4, "properties:");
  y.add(6, `${job.key}:`);
  const p = 8;
  y.add(p, c.ops && rng.chance(0.3) ? `port: (( grab ${c.ref("ports")} ))` : `port: ${c.port()}`);
  y.add(p, `workers: ${rng.int(1, 32)}`);
  y.add(p, `ratio: ${rng.int(1, 99) / 100}`);
  y.add(p, `enabled: ${rng.chance(0.5)}`);
  y.add(p, `log_level: ${rng.pick(['"debug"', "info", "'warn'", "error"])}`);
  y.add(p, "listen_address: 0.0.0.0");
  y.add(p, `timeout: ${rng.int(1, 120)}s`);
  if (rng.chance(0.2)) y.add(p, "mode: 0644");
  if (rng.chance(0.2)) y.add(p, `legacy: ${rng.pick(["yes", "no", "on", "off"])}`);
  if (rng.chance(0.3)) y.add(p, `password: ((${job.key}_password))`);
  if (rng.chance(0.3)) y.add(p, `version: "1.${rng.int(10, 30)}"`);
  if (rng.chance(0.2)) y.add(p, `banner: "Welcome to \\"${job.name}\\"\\tv${rng.int(1, 9)}"`);
  if (rng.chance(0.2)) y.add(p, "owner: 'it''s ours'");
  if (rng.chance(0.5)) {
    y.add(p, `tags: [${rng.words(2, 4).join(", ")}]`);
  } else {
    y.add(p, "tags:");
    for (const word of rng.words(2, 4)) y.add(p, `- ${word}`);
  }
  if (job.servers.length > 0) {
    y.add(p, "servers:");
    for (const server of job.servers) writeServer(c, y, p, server);
  }
  y.add(p, "limits:");
  y.add(p + 2, "memory:");
  y.add(p + 4, `soft: ${rng.int(1, 8) * 256}`);
  y.add(p + 4, `hard: ${rng.int(9, 16) * 256}`);
  y.add(p + 2, `cpu: ${(rng.int(1, 8) / 2).toFixed(1)}`);
  y.add(p + 2, `files: ${rng.int(1, 64) * 1024}`);
  y.add(p, "features:");
  const first = rng.int(0, WORDS.length - 3);
  for (const word of WORDS.slice(first, first + rng.int(1, 3))) {
    y.add(p + 2, `${word}: ${rng.chance(0.5)}`);
  }
  y.add(p, rng.chance(0.5) ? "extra: {}" : "hooks: []");
  y.block(p, "description", c.prose(), rng.pick(["|", "|-", ">"]));
  if (job.tls) {
    y.add(p, "tls:");
    y.add(p + 2, "enabled: true");
    y.block(p + 2, "certificate", c.pem("CERTIFICATE"));
    y.block(p + 2, "private_key", c.pem("RSA PRIVATE KEY"));
  }
  if (c.ops) writeRefs(c, y, p);
}

function writeServer(c: Corpus, y: Lines, indent: number, name: string): void {
  y.add(indent, `- name: ${name}`);
  y.add(indent + 2, `host: ${c.ip()}`);
  y.add(indent + 2, `port: ${c.port()}`);
  y.add(indent + 2, `weight: ${c.rng.int(1, 9) / 10}`);
}

/** The ops variant's expressions, referring to the `meta` families. */
function writeRefs(c: Corpus, y: Lines, indent: number): void {
  y.add(indent, "refs:");
  const r = indent + 2;
  y.add(r, `host: (( grab ${c.ref("hosts")} ))`);
  y.add(r, `label: (( concat "a-" ${c.ref("names")} ))`);
  y.add(r, `workers: (( calc "${c.ref("counts")} * 2" ))`);
  y.add(r, `token: (( grab ${c.ref("params")} ))`);
  y.add(r, `url: (( concat "https://" ${c.ref("hosts")} "/v1" ))`);
  y.add(r, `threads: (( grab ${c.ref("counts")} || 4 ))`);
}

/** Default key merges, `append`, `merge on`, `inline`, `replace`, `prepend`, new groups. */
function overlay1(c: Corpus, target: number): string {
  const { rng } = c;
  const y = new Lines();
  y.add(0, "meta:");
  y.add(2, "environment: staging");
  y.add(2, `owner: 'platform "blue" team'`);
  y.add(2, "ratio: 0.75");
  if (c.ops) overlayMeta(c, y, 0);
  y.add(0, "update:");
  y.add(2, "max_in_flight: 4");
  y.add(2, "serial: true");
  y.add(0, "releases:");
  y.add(0, "- (( append ))");
  for (let i = 1; i <= 2; i++) {
    const release = `extra-release-${i}`;
    c.releases.push(release);
    y.add(0, `- name: ${release}`);
    y.add(2, `version: ${rng.int(1, 9)}.0.0`);
    y.add(2, `sha1: ${c.sha1()}`);
  }
  y.add(0, "stemcells:");
  y.add(0, "- (( merge on alias ))");
  y.add(0, "- alias: default");
  y.add(2, `version: "1.${rng.int(601, 900)}"`);
  y.add(0, "networks:");
  y.add(0, `- name: ${c.networks[0]}`);
  y.add(2, "subnets:");
  y.add(2, "- (( inline ))");
  y.add(2, "- dns: [10.0.0.3, 1.1.1.1]");
  writeNetwork(c, y, "net-overlay", 250);

  y.add(0, "instance_groups:");
  for (let i = 0; i < c.groups.length && y.count < target * 0.6; i += 3) {
    const group = c.groups[i];
    y.add(0, `- name: ${group.name}`);
    y.add(2, `instances: ${rng.int(4, 12)}`);
    y.add(2, "azs:");
    y.add(2, "- (( replace ))");
    y.add(2, `- ${rng.pick(AZS)}`);
    y.add(2, "jobs:");
    const job = group.jobs[0];
    y.add(2, `- name: ${job.name}`);
    y.add(4, "properties:");
    y.add(6, `${job.key}:`);
    const p = 8;
    y.add(p, c.ops ? `port: (( grab ${c.ref("ports")} ))` : `port: ${c.port()}`);
    y.add(p, "enabled: false");
    y.add(p, "tags:");
    y.add(p, "- (( append ))");
    y.add(p, `- ${rng.pick(WORDS)}`);
    if (job.servers.length > 0) {
      y.add(p, "servers:");
      y.add(p, "- (( prepend ))");
      writeServer(c, y, p, "srv-0");
    }
    y.block(p, "description", c.prose());
    if (job.tls) {
      y.add(p, "tls:");
      y.block(p + 2, "certificate", c.pem("CERTIFICATE"));
    }
    if (rng.chance(0.3)) writeJob(c, y, c.newJob());
  }
  for (let i = 1; y.count + HALF_GROUP_LINES < target; i++) {
    writeGroup(c, y, `ig-o1-${String(i).padStart(5, "0")}`);
  }
  return y.text();
}

/** Key merge by name, then `(( merge ))` + `insert` + `delete` + `(( append ))` of new groups. */
function overlay2(c: Corpus, target: number): string {
  const { rng } = c;
  const y = new Lines();
  y.add(0, "meta:");
  y.add(2, "environment: production-eu");
  if (c.ops) overlayMeta(c, y, 1);
  y.add(0, "update:");
  y.add(2, "canaries: 2");
  y.add(0, "releases:");
  y.add(0, `- name: ${c.releases[0]}`);
  y.add(2, `version: "2.0.${rng.int(0, 9)}"`);

  y.add(0, "instance_groups:");
  y.add(0, "- (( merge ))");
  for (let i = 1; i < c.groups.length && y.count < target * 0.6; i += 3) {
    const group = c.groups[i];
    const job = group.jobs[0];
    y.add(0, `- name: ${group.name}`);
    y.add(2, `vm_type: ${rng.pick(VM_TYPES)}`);
    y.add(2, "jobs:");
    y.add(2, "- (( merge ))");
    y.add(2, `- name: ${job.name}`);
    y.add(4, "properties:");
    y.add(6, `${job.key}:`);
    const p = 8;
    y.add(p, `workers: ${rng.int(33, 64)}`);
    y.add(p, "limits:");
    y.add(p + 2, "memory:");
    y.add(p + 4, `hard: ${rng.int(17, 32) * 256}`);
    if (job.servers.length > 1) {
      y.add(p, "servers:");
      if (rng.chance(0.5)) {
        y.add(p, '- (( delete "srv-2" ))');
      } else {
        y.add(p, '- (( insert before "srv-1" ))');
        writeServer(c, y, p, "srv-new");
      }
    }
    y.add(2, `- (( insert after "${job.name}" ))`);
    writeJob(c, y, c.newJob());
  }
  y.add(0, "- (( append ))");
  for (let i = 1; y.count + HALF_GROUP_LINES < target; i++) {
    writeGroup(c, y, `ig-o2-${String(i).padStart(5, "0")}`);
  }
  return y.text();
}

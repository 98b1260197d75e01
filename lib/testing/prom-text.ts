// A strict reader of the Prometheus text exposition format (0.0.4), for tests:
// every sample belongs to a family declared by # TYPE before it, names and
// labels are well formed, label values are properly escaped, values are
// numbers, and histograms are whole (cumulative buckets ending in +Inf equal
// to _count, with _sum). Anything else throws, naming the line.
export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Family = { name: string; type: string; help: string; samples: Sample[] };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

function number(text: string, line: number): number {
  // as Prometheus reads them (Go's ParseFloat): any case; prom-client writes "Nan"
  const lower = text.toLowerCase();
  if (lower === "+inf" || lower === "inf") return Infinity;
  if (lower === "-inf") return -Infinity;
  if (lower === "nan") return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`line ${line}: ${JSON.stringify(text)} is not a number`);
  return Number(text);
}

function labels(text: string, line: number): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf("=", i);
    if (eq < 0) throw new Error(`line ${line}: label without a value`);
    const name = text.slice(i, eq);
    if (!LABEL.test(name)) throw new Error(`line ${line}: bad label name ${JSON.stringify(name)}`);
    if (name in out) throw new Error(`line ${line}: label ${name} repeated`);
    if (text[eq + 1] !== '"') throw new Error(`line ${line}: label ${name}'s value is not quoted`);
    let j = eq + 2;
    let value = "";
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === "\\") {
        const next = text[++j];
        if (next === "n") value += "\n";
        else if (next === "\\" || next === '"') value += next;
        else throw new Error(`line ${line}: bad escape \\${next ?? ""}`);
      } else value += text[j];
    }
    if (j >= text.length) throw new Error(`line ${line}: unterminated label value`);
    out[name] = value;
    i = j + 1;
    if (i < text.length) {
      if (text[i] !== ",") throw new Error(`line ${line}: expected , between labels`);
      i++;
    }
  }
  return out;
}

function familyOf(sample: string, families: Map<string, Family>): Family | undefined {
  if (families.has(sample)) return families.get(sample);
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (sample.endsWith(suffix)) {
      const f = families.get(sample.slice(0, -suffix.length));
      if (f && (f.type === "histogram" || f.type === "summary")) return f;
    }
  }
  return undefined;
}

function checkHistogram(f: Family) {
  const series = new Map<string, Sample[]>();
  const key = (l: Record<string, string>) => JSON.stringify(Object.entries(l).filter(([k]) => k !== "le").sort());
  for (const s of f.samples) if (s.name === `${f.name}_bucket`) series.set(key(s.labels), [...(series.get(key(s.labels)) ?? []), s]);
  for (const [k, buckets] of series) {
    let prev = -Infinity;
    let count = 0;
    for (const b of buckets) {
      const le = b.labels.le;
      if (le === undefined) throw new Error(`${f.name}: a bucket without le`);
      if (number(le, 0) <= prev) throw new Error(`${f.name}: buckets out of order`);
      if (b.value < count) throw new Error(`${f.name}: buckets are not cumulative`);
      prev = number(le, 0);
      count = b.value;
    }
    if (prev !== Infinity) throw new Error(`${f.name}: no +Inf bucket`);
    const total = f.samples.find((s) => s.name === `${f.name}_count` && key(s.labels) === k);
    if (!total || total.value !== count) throw new Error(`${f.name}: _count differs from the +Inf bucket`);
    if (!f.samples.some((s) => s.name === `${f.name}_sum` && key(s.labels) === k)) throw new Error(`${f.name}: no _sum`);
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const lines = text.split("\n");
  if (lines.at(-1) !== "") throw new Error("the exposition does not end with a newline");
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    if (raw === "") return;
    if (raw.startsWith("# HELP ") || raw.startsWith("# TYPE ")) {
      const [, kind, name, ...rest] = raw.split(" ");
      if (!name || !NAME.test(name)) throw new Error(`line ${line}: bad metric name`);
      const f = families.get(name) ?? { name, type: "", help: "", samples: [] };
      if (kind === "TYPE") {
        if (f.type) throw new Error(`line ${line}: TYPE of ${name} repeated`);
        if (f.samples.length) throw new Error(`line ${line}: TYPE of ${name} after its samples`);
        if (!TYPES.has(rest.join(" "))) throw new Error(`line ${line}: unknown type ${rest.join(" ")}`);
        f.type = rest.join(" ");
      } else f.help = rest.join(" ");
      families.set(name, f);
      return;
    }
    if (raw.startsWith("#")) return;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(raw);
    if (!m) throw new Error(`line ${line}: not a sample: ${raw}`);
    const f = familyOf(m[1]!, families);
    if (!f || !f.type) throw new Error(`line ${line}: ${m[1]} has no # TYPE before it`);
    f.samples.push({ name: m[1]!, labels: m[2] ? labels(m[2], line) : {}, value: number(m[3]!, line) });
  });
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f);
  return families;
}

/** The value of the one sample named so with these labels (0 when absent: a counter not yet incremented). */
export function valueOf(families: Map<string, Family>, sample: string, want: Record<string, string> = {}): number {
  const f = familyOf(sample, families);
  const s = f?.samples.find((x) => x.name === sample && Object.entries(want).every(([k, v]) => x.labels[k] === v));
  return s?.value ?? 0;
}

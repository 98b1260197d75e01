// The one place that reads process.env. Validated once; a bad value stops
// start-up with one line naming the variable.
import { z } from "zod";
import { parseTrustedProxies } from "./rate-limit/client-address";

const role = z.enum(["viewer", "editor", "approver", "admin"]);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/perimeter.db")
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), "must start with file: (SQLite) or postgresql:// (PostgreSQL)"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  NEXTAUTH_URL: z.url().optional(),
  PERIMETER_SEED: z.enum(["demo", "none"]).default("demo"),
  PERIMETER_DEMO_PASSWORD: z.string().min(8, "must be at least 8 characters").default("perimeter-demo"),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default("Single sign-on"),
  OIDC_DEFAULT_ROLE: role.default("viewer"),
  /** encrypts the token service's private signing keys at rest; NEXTAUTH_SECRET when unset */
  PERIMETER_KEY_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** the OAuth issuer ("iss" of access tokens); NEXTAUTH_URL, then http://localhost:$PORT when unset */
  PERIMETER_ISSUER: z.url().optional(),
  PERIMETER_KEY_ROTATION_HOURS: z.coerce.number().min(1).max(8760).default(168),
  /** token endpoint requests per second (burst: twice as many), per client and per address */
  PERIMETER_TOKEN_RATE_PER_CLIENT: z.coerce.number().min(1).default(20),
  PERIMETER_TOKEN_RATE_PER_ADDRESS: z.coerce.number().min(1).default(100),
  /** proxies (CIDR list) whose X-Forwarded-For names the client's address; none: the socket's address counts */
  PERIMETER_TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: e instanceof Error ? e.message : String(e) });
      }
    }),
  /** breach drills: the base URLs of every instance, comma-separated, whose introspection is probed for the canary (default: this instance) */
  PERIMETER_INSTANCES: z
    .string()
    .optional()
    // no user:pass@ — instance URLs are shown in drill reports that viewers read
    .refine((v) => v === undefined || v.split(",").every((u) => /^https?:\/\/[^\s@/]+(\/[^\s]*)?$/.test(u.trim())), "must be a comma-separated list of http(s) base URLs, without credentials"),
  /** Redis for rate-limit budgets shared by every instance (else PostgreSQL's, else per process on SQLite) */
  REDIS_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^rediss?:\/\//.test(v), "must start with redis:// or rediss://"),
  /** bearer token a Prometheus scraper presents at GET /metrics (an API token works too) */
  PERIMETER_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** pino level of the JSON logs */
  PERIMETER_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** a directory where signed audit checkpoints are written, one file each */
  PERIMETER_CHECKPOINT_DIR: z.string().min(1).optional(),
  /** the API token `npm run audit:verify -- --checkpoints URL` presents */
  PERIMETER_API_TOKEN: z.string().min(1).optional(),
  /** minutes between audit checkpoints (0: only on demand) */
  PERIMETER_CHECKPOINT_MINUTES: z.coerce.number().min(0).max(1440).default(60),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const blank = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = schema.safeParse(blank);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvError(`Invalid configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  const env = result.data;
  const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) {
    throw new EnvError("Invalid configuration: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together");
  }
  return env;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The secret the signing keys are encrypted with; a clear error when there is none. */
export function keySecret(e: Env = env()): string {
  const secret = e.PERIMETER_KEY_SECRET ?? e.NEXTAUTH_SECRET;
  if (!secret) {
    throw new EnvError(
      "Invalid configuration: PERIMETER_KEY_SECRET: the token service encrypts its signing keys with PERIMETER_KEY_SECRET (or NEXTAUTH_SECRET); set one of them (≥ 32 characters), identically on every instance",
    );
  }
  return secret;
}

/** The OAuth issuer identifier, without a trailing slash. */
export function issuerUrl(e: Env = env()): string {
  return (e.PERIMETER_ISSUER ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}

/** The instances a breach drill probes: PERIMETER_INSTANCES, else this instance on its own port. */
export function instanceUrls(e: Env = env()): string[] {
  const listed = (e.PERIMETER_INSTANCES ?? "")
    .split(",")
    .map((u) => u.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  const host = e.HOST === "0.0.0.0" || e.HOST === "::" ? "127.0.0.1" : e.HOST;
  return listed.length ? [...new Set(listed)] : [`http://${host.includes(":") ? `[${host}]` : host}:${e.PORT}`];
}

import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

/** The EnvError parseEnv throws for `source` (fails the test when it does not throw one). */
function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvError);
    return e as EnvError;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}

const oidc = {
  OIDC_ISSUER: "https://login.example.test/",
  OIDC_CLIENT_ID: "perimeter",
  OIDC_CLIENT_SECRET: "s3cret",
};

describe("parseEnv", () => {
  it("has defaults for an empty environment", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:./data/perimeter.db");
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe("0.0.0.0");
    expect(env.NODE_ENV).toBe("development");
    expect(env.OIDC_ISSUER).toBeUndefined();
  });

  it("reads the values it is given", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u@db:5432/perimeter", PORT: "8080" });
    expect(env.DATABASE_URL).toBe("postgresql://u@db:5432/perimeter");
    expect(env.PORT).toBe(8080);
    expect(parseEnv({ DATABASE_URL: "postgres://db/perimeter" }).DATABASE_URL).toBe("postgres://db/perimeter");
    expect(parseEnv({ DATABASE_URL: "file:/var/lib/perimeter.db" }).DATABASE_URL).toBe("file:/var/lib/perimeter.db");
  });

  it.each(["abc", "0", "65536", "80.5", "-1"])("refuses PORT=%s with one line naming PORT", (port) => {
    const e = envError({ PORT: port });
    expect(e.message).toMatch(/^Invalid configuration: PORT: /);
    expect(e.message).not.toContain("\n");
  });

  it("refuses a DATABASE_URL that is neither SQLite nor PostgreSQL, naming DATABASE_URL", () => {
    const e = envError({ DATABASE_URL: "mysql://root@localhost/perimeter" });
    expect(e.message).toMatch(/^Invalid configuration: DATABASE_URL: /);
    expect(e.message).toContain("file:");
    expect(e.message).not.toContain("\n");
  });

  it("wants the OIDC variables together", () => {
    expect(parseEnv(oidc)).toMatchObject(oidc);
    for (const missing of Object.keys(oidc)) {
      const partial: Record<string, string> = { ...oidc };
      delete partial[missing];
      const e = envError(partial);
      expect(e.message).toContain("OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together");
    }
    expect(envError({ OIDC_CLIENT_ID: "perimeter" }).message).toContain("must be set together");
  });

  it("takes trusted proxies as addresses and CIDR ranges, naming the bad entry", () => {
    expect(parseEnv({ PERIMETER_TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1,::1" }).PERIMETER_TRUSTED_PROXIES).toBe("10.0.0.0/8, 127.0.0.1,::1");
    expect(envError({ PERIMETER_TRUSTED_PROXIES: "10.0.0.0/8, lb.internal" }).message).toBe(
      'Invalid configuration: PERIMETER_TRUSTED_PROXIES: "lb.internal" is not an IP address or CIDR range',
    );
  });

  it("treats empty strings as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", PORT: "", HOST: "", OIDC_ISSUER: "", OIDC_CLIENT_ID: "", OIDC_CLIENT_SECRET: "" });
    expect(env.DATABASE_URL).toBe("file:./data/perimeter.db");
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe("0.0.0.0");
    expect(env.OIDC_ISSUER).toBeUndefined();
    // an empty one among set OIDC variables still counts as missing
    expect(envError({ ...oidc, OIDC_CLIENT_SECRET: "" }).message).toContain("must be set together");
  });
});

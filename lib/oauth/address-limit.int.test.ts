// The token endpoint's per-address budget on each database: an IPv6 client is
// counted by its /64 (lib/rate-limit/client-address.ts addressBucket), so
// rotating through a subscriber's prefix buys no extra tokens; IPv4 addresses
// and other /64s keep their own budgets.
import { describe, expect, it } from "vitest";
import { providersUnderTest } from "../testing/databases";
import { basic } from "../testing/token-service";
import { tokenServiceSuite } from "../testing/token-service-suite";
import { OAuthError } from "./errors";
import { handleTokenRequest } from "./token-endpoint";

describe.each(providersUnderTest)("the token endpoint's per-address budget (%s)", (provider) => {
  // 0.1/s over a 60 s window: 6 requests per address; the client's own budget is far above it
  const suite = tokenServiceSuite(provider, { ratePerAddress: 0.1, ratePerClient: 100, rateWindowSeconds: 60 });

  const grant = (address: string) =>
    handleTokenRequest(suite.svc, { form: new URLSearchParams({ grant_type: "client_credentials" }), authorization: basic("svc-orders", suite.secret), address }).then(
      (r) => (r.access_token ? "token" : "none"),
      (e: unknown) => (e instanceof OAuthError ? e.status : e),
    );

  it("six addresses of one /64 spend one budget; the next /64 and an IPv4 address have their own", async () => {
    const answers: unknown[] = [];
    for (let i = 1; i <= 7; i++) answers.push(await grant(`2001:db8:5:9:${i}::${i * 7}`));
    expect(answers).toEqual(["token", "token", "token", "token", "token", "token", 429]);
    expect(await grant("2001:db8:5:9::1")).toBe(429); // however it is written
    expect(await grant("2001:db8:5:a::1")).toBe("token");
    expect(await grant("198.51.100.61")).toBe("token");
  });
});

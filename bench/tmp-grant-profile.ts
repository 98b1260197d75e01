import { createDb } from "../lib/db/client";
import { startTokenService } from "../lib/oauth/service";
import { handleTokenRequest } from "../lib/oauth/token-endpoint";
import { basic, prepareDatabase } from "./lib/harness";

const fx = await prepareDatabase("tmp-profile");
const db = createDb(fx.url);
const svc = await startTokenService({ db, url: fx.url, issuer: "http://x", keySecret: "bench-secret-bench-secret-0123456789abcdef", ratePerAddress: 1e6, ratePerClient: 1e6, machineKey: undefined });
const auth = basic(fx.clientName, fx.secret);
const one = () => handleTokenRequest(svc, { form: new URLSearchParams({ grant_type: "client_credentials" }), authorization: auth, address: "127.0.0.1" });
await one();
for (const conc of [1, 10]) {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 3000) {
    await Promise.all(Array.from({ length: conc }, one));
    n += conc;
  }
  console.log(`concurrency ${conc}: ${(n / ((performance.now() - t0) / 1000)).toFixed(0)} grants/s; batches ${svc.journal.stats.batches} entries ${svc.journal.stats.entries}`);
}
const t1 = performance.now();
await svc.journal.write({ id: null, label: "x" }, { action: "decision.denied", targetType: "client" });
console.log("one journal write ms", (performance.now() - t1).toFixed(1));
await svc.stop();

// The logger censors secrets even when a caller hands it an object holding them.
import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger } from "./log";

it("redacts authorization headers, client secrets, tokens and passwords", () => {
  let out = "";
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const log = createLogger({ destination: sink });
  log.info({ req: { headers: { authorization: "Basic c3ZjOnMzY3JldA==", cookie: "session=abc" } }, form: { client_secret: "pmt_cs_hunter2", token: "eyJhbGciOi.x.y", subject_token: "eyJzdWIi.a.b" }, password: "p4ssw0rd" }, "request");
  const line = JSON.parse(out) as Record<string, unknown>;
  for (const secret of ["c3ZjOnMzY3JldA==", "session=abc", "pmt_cs_hunter2", "eyJhbGciOi.x.y", "eyJzdWIi.a.b", "p4ssw0rd"]) expect(out).not.toContain(secret);
  expect(line).toMatchObject({ level: "info", service: "perimeter", msg: "request", password: "[redacted]" });
});

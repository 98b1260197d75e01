// The baseline of the token-service benchmarks: bare node:http.
//   MODE=json  answers BODY (a JSON document) to every request
//   MODE=sign  the least any token endpoint does: parses the form, compares
//              the client_secret in constant time with SECRET, signs a fresh
//              RS256 JWT with jose (as oidc-provider does, on the event loop)
//              and answers it; it stores and audits nothing
import http from "node:http";
import { generateKeyPairSync, randomBytes, timingSafeEqual } from "node:crypto";

const mode = process.env.MODE ?? "json";
const body = process.env.BODY ?? '{"ok":true}';
let handle = async () => ({ status: 200, out: body });
if (mode === "sign") {
  const { SignJWT } = await import("jose");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const expected = Buffer.from(process.env.SECRET ?? "");
  handle = async (form) => {
    const given = Buffer.from(form.get("client_secret") ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, out: '{"error":"invalid_client"}' };
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ client_id: form.get("client_id"), scope: "dev/bench-db:read dev/bench-db:write", jti: randomBytes(18).toString("base64url") })
      .setProtectedHeader({ alg: "RS256", kid: "bench", typ: "at+jwt" })
      .setIssuer("http://127.0.0.1")
      .setSubject(form.get("client_id") ?? "")
      .setAudience("urn:perimeter:resource:dev/bench-db")
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    return { status: 200, out: JSON.stringify({ access_token: jwt, token_type: "Bearer", expires_in: 600, scope: "dev/bench-db:read dev/bench-db:write" }) };
  };
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const { status, out } = req.method === "POST" ? await handle(new URLSearchParams(Buffer.concat(chunks).toString())) : { status: 200, out: body };
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(out) });
      res.end(out);
    });
  })
  .listen(Number(process.env.PORT), "127.0.0.1");

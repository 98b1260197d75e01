// The baseline of the token-service benchmarks: bare node:http.
//   MODE=json    answers BODY (a JSON document) to every request
//   MODE=argon2  verifies the form's client_secret against HASH (argon2id, the
//                same library and settings Perimeter uses) and answers JSON
import http from "node:http";

const mode = process.env.MODE ?? "json";
const body = process.env.BODY ?? '{"ok":true}';
let verify = null;
if (mode === "argon2") verify = (await import("@node-rs/argon2")).verify;

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      let out = body;
      if (verify && req.method === "POST") {
        const secret = new URLSearchParams(Buffer.concat(chunks).toString()).get("client_secret") ?? "";
        const ok = await verify(process.env.HASH, secret).catch(() => false);
        out = ok ? body : '{"error":"invalid_client"}';
        if (!ok) res.statusCode = 401;
      }
      res.writeHead(res.statusCode, { "content-type": "application/json", "content-length": Buffer.byteLength(out) });
      res.end(out);
    });
  })
  .listen(Number(process.env.PORT), "127.0.0.1");

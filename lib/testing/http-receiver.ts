// A real HTTP receiver on 127.0.0.1 that records every request (headers and
// body) and answers 200: a webhook endpoint for tests.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
export type Receiver = { url: (path: string) => string; received: Received[]; close(): Promise<void> };

export function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: (p) => `http://127.0.0.1:${port}${p}`, received, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

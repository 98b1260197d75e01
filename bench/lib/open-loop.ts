// An open-loop client for latency at a fixed request rate: requests leave on
// schedule whether or not earlier ones have answered, each on a free
// keep-alive connection (a new one when all are busy). It writes the HTTP/1.1
// request bytes itself and reads the answer by Content-Length (or the last
// chunk), so what it times is the server and the loopback, not node:http's
// client machinery (agent queueing, header objects, stream events), which
// alone put p99 near 2 ms on this machine against a server that does nothing.
import net from "node:net";

export type OpenLoopResult = { sent: number; p50: number; p99: number; max: number; errors: number; /** [ms after the first request, latency ms] of the slowest 2%: when the tail happens */ slowest: [number, number][] };

type Conn = { socket: net.Socket; buf: Buffer; started: bigint; done: ((ok: boolean) => void) | null };

/** Whether `buf` holds one whole response; its status when it does. */
function complete(buf: Buffer): { status: number } | null {
  const head = buf.indexOf("\r\n\r\n");
  if (head < 0) return null;
  const headers = buf.subarray(0, head).toString("latin1");
  const status = Number(headers.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
  if (length) return buf.length >= head + 4 + Number(length[1]) ? { status } : null;
  if (/\r\ntransfer-encoding:\s*chunked/i.test(headers)) return buf.subarray(-5).toString("latin1") === "0\r\n\r\n" ? { status } : null;
  return { status };
}

export async function openLoop(o: { url: string; headers: Record<string, string>; body: string; rate: number; seconds: number }): Promise<OpenLoopResult> {
  const u = new URL(o.url);
  const bytes = Buffer.from(
    `POST ${u.pathname}${u.search} HTTP/1.1\r\nhost: ${u.host}\r\nconnection: keep-alive\r\n` +
      Object.entries(o.headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("") +
      `content-length: ${Buffer.byteLength(o.body)}\r\n\r\n${o.body}`,
  );
  const idle: Conn[] = [];
  const all: Conn[] = [];
  const latencies: number[] = [];
  const sentAt: number[] = [];
  let errors = 0;

  const open = () =>
    new Promise<Conn>((resolve, reject) => {
      const socket = net.connect({ host: u.hostname, port: Number(u.port), noDelay: true });
      const conn: Conn = { socket, buf: Buffer.alloc(0), started: 0n, done: null };
      socket.on("data", (d: Buffer) => {
        conn.buf = conn.buf.length ? Buffer.concat([conn.buf, d]) : d;
        const r = complete(conn.buf);
        if (!r || !conn.done) return;
        conn.buf = Buffer.alloc(0);
        const done = conn.done;
        conn.done = null;
        done(r.status === 200);
      });
      socket.on("error", () => conn.done?.(false));
      // the server closed it (an idle keep-alive timeout, a crash): a request in flight gets no answer
      socket.on("close", () => conn.done?.(false));
      socket.once("connect", () => resolve(conn));
      socket.once("error", reject);
      all.push(conn);
    });

  const send = async () => {
    let conn = idle.pop();
    // a connection the server closed while it waited here is not reused
    while (conn && (conn.socket.destroyed || !conn.socket.writable)) conn = idle.pop();
    conn ??= await open();
    conn.started = process.hrtime.bigint();
    const ok = await new Promise<boolean>((resolve) => {
      conn.done = resolve;
      conn.socket.write(bytes);
    });
    latencies.push(Number(process.hrtime.bigint() - conn.started) / 1e6);
    sentAt.push(Number(conn.started - first) / 1e6);
    if (!ok) errors++;
    idle.push(conn);
  };

  // a few warm connections, as a resource server's client keeps
  for (let i = 0; i < 8; i++) idle.push(await open());
  const total = o.rate * o.seconds;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  const first = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / o.rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send().catch(() => void errors++));
  }
  await Promise.all(pending);
  for (const c of all) c.socket.destroy();
  const slowest = latencies
    .map((l, i): [number, number] => [sentAt[i]!, l])
    .sort((a, b) => b[1] - a[1])
    .slice(0, Math.ceil(latencies.length / 50))
    .sort((a, b) => a[0] - b[0]);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { sent: total, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? NaN, errors, slowest };
}

/** When the tail happened: the start of each run of slow requests (sent within `gapMs` of the previous slow one), and the median gap between runs. */
export function slowClusters(slowest: [number, number][], gapMs = 20): { starts: number[]; medianGap: number } {
  const starts: number[] = [];
  let last = -Infinity;
  for (const [at] of slowest) {
    if (at - last > gapMs) starts.push(at);
    last = at;
  }
  const gaps = starts.slice(1).map((s, i) => s - starts[i]!).sort((a, b) => a - b);
  return { starts, medianGap: gaps[Math.floor(gaps.length / 2)] ?? NaN };
}

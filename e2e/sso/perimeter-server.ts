// A Perimeter server of a spec's own, for settings the shared e2e server does
// not have (OIDC_*, PERIMETER_TRUSTED_PROXIES): `node scripts/start.mjs` on a
// free port with a fresh SQLite database, stopped by the spec. The production
// build is the one the shared server already made (start.mjs rebuilds only when
// sources are newer).
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type PerimeterServer = { url: string; stop(): Promise<void> };

export async function startPerimeter(port: number, env: Record<string, string>): Promise<PerimeterServer> {
  const url = `http://127.0.0.1:${port}`;
  const dbFile = path.join(root, "data", `e2e-own-${port}.db`);
  const clean = () => ["", "-wal", "-shm", "-journal"].forEach((s) => rmSync(`${dbFile}${s}`, { force: true }));
  clean();
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${dbFile}`,
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: "e2e-own-server-secret-0123456789abcdef",
      PERIMETER_DEMO_PASSWORD: "perimeter-demo",
      PERIMETER_SEED: "demo",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // its own process group, so stopping it also stops what it started (a build, the server)
    detached: true,
  });
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 480_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Perimeter exited (${child.exitCode}) before it answered:\n${output.slice(-4000)}`);
    try {
      if ((await fetch(`${url}/login`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      kill();
      throw new Error(`Perimeter did not answer on ${url} within 8 minutes:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) kill();
      await exited;
      clean();
    },
  };
}

// A second Perimeter instance over the same PostgreSQL database, on the next
// port, started as production starts it (node scripts/start.mjs, the build the
// first instance uses), for the drill to probe beside the first.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { secondPort, serverEnv } from "../server-env";

export type Instance = { url: string; stop(): Promise<void> };

async function until(url: string, deadline: number) {
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in time`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function startSecondInstance(): Promise<Instance> {
  const root = path.resolve(import.meta.dirname, "../..");
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    env: { ...process.env, ...serverEnv(secondPort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (log += c.toString()));
  const url = `http://127.0.0.1:${secondPort}`;
  try {
    await until(`${url}/login`, Date.now() + 120_000);
  } catch (e) {
    child.kill("SIGTERM");
    throw new Error(`${e instanceof Error ? e.message : e}\n${log}`);
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

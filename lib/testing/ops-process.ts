// Starts ./ops-server.ts as a child process and collects its output (the
// JSON log lines included), for tests that need a real server over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export type OpsProcess = { child: ChildProcess; base: string; output: () => string; stop(): Promise<void> };

export function startOpsServer(env: Record<string, string>): Promise<OpsProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib/testing/ops-server.ts")], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      const first = !/listening (\d+)/.test(output);
      output += d.toString();
      const m = /listening (\d+)/.exec(output);
      if (m && first) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${m[1]}`, output: () => output, stop });
      }
    });
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    child.once("exit", (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
}

/** Polls `probe` until it returns true (the condition is what is tested; the deadline only stops a hung test). */
export async function eventually(probe: () => Promise<boolean>, what: string, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

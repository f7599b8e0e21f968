/**
 * A dashboard server of a test's own (`node scripts/start.mjs`, the production build, on 127.0.0.1), for
 * tests that read its log, its memory, or need settings no other test may share (a short lockout window).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

/** A running server: where it listens, what it logged, how much memory it holds. */
export interface OwnServer {
  port: number;
  baseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  log(): string;
  /** Its resident set size, in bytes (VmRSS of /proc/<pid>/status). */
  rss(): number;
  stop(): Promise<void>;
}

/** Starts `scripts/start.mjs -p <port>` with `env` added to this process's, and waits for its health answer. */
export async function startOwnServer(port: number, env: Record<string, string> = {}): Promise<OwnServer> {
  let output = "";
  // Another server on this port would answer the health check below in this one's place.
  const taken = await fetch(`http://127.0.0.1:${port}/api/health`).then(
    () => true,
    () => false,
  );
  if (taken)
    throw new Error(`something already listens on 127.0.0.1:${port}: set another port for this test`);
  const child: ChildProcess = spawn(
    process.execPath,
    [path.resolve("scripts/start.mjs"), "-p", String(port)],
    {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited: ${output}`);
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server on ${port} did not answer: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    baseUrl,
    log: () => output,
    rss: () =>
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) * 1024,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

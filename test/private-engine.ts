/**
 * A throwaway Docker engine of a test's own: for tests that stop, restart, pause-wedge or cut an engine, which
 * must never happen to an engine holding anything else (a user's standard engine, the suite's shared one).
 *
 * `startPrivateEngine(name)` runs `dockerd --bridge=none --iptables=false --ip6tables=false` with its own
 * `--data-root`, `--exec-root`, unix socket and `--pidfile`, all derived from `name` and this checkout's path
 * (two checkouts on one machine never share one), and copies the fixture images it is asked for from the
 * suite's engine (`DOCKER_HOST`) with `docker save | docker load`. Its data root is kept between runs, so the
 * images are copied once. Needs root, like every engine.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** How long a start may take before it is a failure, in ms. */
const START_TIMEOUT_MS = 60_000;
/** How long `stop()` waits after SIGTERM (a dockerd with running containers needs ~20 s), then SIGKILL. */
const STOP_TIMEOUT_MS = 45_000;

/** A running private engine. */
export interface PrivateEngine {
  /** `unix://<socket>`, for `DOCKER_HOST` or dockerode's `socketPath`. */
  host: string;
  /** The engine's unix socket path. */
  socketPath: string;
  /** Where dockerd writes its log (read it when a test fails). */
  logPath: string;
  /** Runs the docker CLI against this engine; returns trimmed stdout, throws with stderr. */
  docker(args: string[]): Promise<string>;
  /** Stops dockerd (SIGTERM, then SIGKILL after 45 s); its containers stop with it. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops it if running and starts it again on the same folders and socket. */
  restart(): Promise<void>;
}

/** Options of {@link startPrivateEngine}. */
export interface PrivateEngineOptions {
  /** Images to copy from the suite's engine (`DOCKER_HOST`) when this engine lacks them. */
  images?: string[];
  /** More dockerd arguments, e.g. a TLS listener (`--tlsverify`, `-H tcp://127.0.0.1:<port>`). */
  extraArgs?: string[];
}

/** Folders and socket of a private engine, from its name and this checkout's path. */
export function privateEnginePaths(name: string): {
  runDir: string;
  dataRoot: string;
  socketPath: string;
  pidFile: string;
  logPath: string;
} {
  if (!/^[a-z0-9][a-z0-9-]{0,20}$/.test(name)) throw new Error(`invalid private engine name: ${name}`);
  // Short: a unix socket path has a 108-byte limit.
  const checkout = createHash("sha256").update(process.cwd()).digest("hex").slice(0, 8);
  const runDir = `/run/roaudit-t-${name}-${checkout}`;
  return {
    runDir,
    dataRoot: `/var/lib/roaudit-tests/${name}-${checkout}`,
    socketPath: `${runDir}/docker.sock`,
    pidFile: `${runDir}/dockerd.pid`,
    logPath: `/tmp/roaudit-t-${name}-${checkout}-dockerd.log`,
  };
}

async function cli(host: string, args: string[], input?: Buffer): Promise<string> {
  try {
    const child = execFileAsync("docker", ["-H", host, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, DOCKER_HOST: host },
    });
    if (input) {
      child.child.stdin?.end(input);
    }
    const { stdout } = await child;
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`docker -H ${host} ${args.join(" ")} failed: ${stderr || String(error)}`, {
      cause: error,
    });
  }
}

/** The pid of this engine's dockerd, or `null`: only a live process whose command line names our socket counts. */
function running(pidFile: string, socketPath: string): number | null {
  try {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    if (!Number.isInteger(pid) || pid < 1) return null;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline[0]?.endsWith("dockerd") && cmdline.includes(`unix://${socketPath}`) ? pid : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts (or reuses, when it already runs) the private engine `name` ([a-z0-9-], ≤ 21 chars) and copies
 * `options.images` into it. Throws when dockerd does not answer within 60 s (the error names its log).
 */
export async function startPrivateEngine(
  name: string,
  options: PrivateEngineOptions = {},
): Promise<PrivateEngine> {
  const paths = privateEnginePaths(name);
  const host = `unix://${paths.socketPath}`;
  let child: ChildProcess | null = null;

  const start = async () => {
    if (running(paths.pidFile, paths.socketPath) !== null) return;
    mkdirSync(`${paths.runDir}/exec`, { recursive: true });
    mkdirSync(paths.dataRoot, { recursive: true });
    const log = openSync(paths.logPath, "a");
    child = spawn(
      "dockerd",
      [
        "--bridge=none",
        "--iptables=false",
        "--ip6tables=false",
        "--data-root",
        paths.dataRoot,
        "--exec-root",
        `${paths.runDir}/exec`,
        "-H",
        host,
        "--pidfile",
        paths.pidFile,
        ...(options.extraArgs ?? []),
      ],
      { detached: true, stdio: ["ignore", log, log] },
    );
    child.unref();
    const startedAt = Date.now();
    for (;;) {
      try {
        await cli(host, ["version", "--format", "{{.Server.Version}}"]);
        return;
      } catch {
        if (child.exitCode !== null) throw new Error(`dockerd exited while starting; see ${paths.logPath}`);
        if (Date.now() - startedAt > START_TIMEOUT_MS)
          throw new Error(`dockerd did not answer within 60 s; see ${paths.logPath}`);
        await sleep(250);
      }
    }
  };

  const stop = async () => {
    const pid = running(paths.pidFile, paths.socketPath);
    if (pid === null) return;
    process.kill(pid, "SIGTERM");
    const startedAt = Date.now();
    while (running(paths.pidFile, paths.socketPath) === pid) {
      if (Date.now() - startedAt > STOP_TIMEOUT_MS) {
        process.kill(pid, "SIGKILL");
        await sleep(500);
        break;
      }
      await sleep(250);
    }
  };

  await start();
  for (const image of options.images ?? []) {
    const present = await cli(host, ["image", "inspect", "--format", "{{.Id}}", image]).catch(() => "");
    if (present !== "") continue;
    const { stdout } = await execFileAsync("docker", ["save", image], {
      encoding: "buffer",
      maxBuffer: 512 * 1024 * 1024,
    });
    await cli(host, ["load", "--quiet"], stdout);
  }

  return {
    host,
    socketPath: paths.socketPath,
    logPath: paths.logPath,
    docker: (args) => cli(host, args),
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}

#!/usr/bin/env node
/**
 * Load test of a RUNNING roaudit server: hundreds of `GET /api/containers` and dozens of concurrent
 * `POST /api/containers/{id}/verify` against a fleet this script creates (and removes) itself, then checks
 * that nothing was left behind and that the server's memory came back.
 *
 *   node scripts/stress.mjs [--base-url http://127.0.0.1:3000] [--pid N] [options]
 *   bash scripts/stress.sh            # builds if needed, starts a server on a free port 3700–3799, runs this
 *
 * Plain JavaScript for Node 20 (no tsx in this repo), no npm needed to run it. Needs the docker CLI and the
 * fixture images (`ensure_fixture_images` in scripts/lib.sh); honours DOCKER_HOST (unix sockets only, for
 * the exec check). Talks only to loopback: a --base-url elsewhere is refused.
 *
 * What it does, in order:
 *   1. creates the fleet: --containers (default 32) containers labelled `roaudit.test=stress`, `--network
 *      none`, of mixed hardening (read-only or not, tmpfs, non-root, no shell, VOLUME, exited); an earlier
 *      run's leftovers with that label are removed first, and nothing else is ever removed;
 *   2. warms the server up with a half-size burst at the same concurrency (--requests/2 GETs, --verifies/2
 *      verifies), so routes are loaded, code is compiled and V8's heap spaces have grown to their working
 *      size before the baseline: a fresh `next start` grows its RSS by 40–90 MB on its first burst, which
 *      is not a leak (measured through the inspector: the heap after a forced GC stayed at 33–34 MB over
 *      five bursts while the RSS rose). Then waits --settle seconds and reads its RSS (`VmRSS` of
 *      /proc/<pid>/status; the pid is --pid or the process `ss -ltnp` shows listening on the port);
 *   3. the burst, all at once: --requests `GET /api/containers` (every 4th with `?all=true`),
 *      --concurrency in flight, and --verifies `POST …/verify` (several on each running container, by full
 *      id, name or 12-hex prefix), --verify-concurrency in flight; the burst is cut after --deadline seconds;
 *   4. waits --settle seconds and reads the RSS again. GC cannot be forced from outside a process started
 *      without --expose-gc, so "after" is the RSS after that settle, not after a collection: a heap that V8
 *      has not shrunk yet shows up here. The limit (--rss-limit-mb, default 50) leaves room for that.
 *      More exact, opt-in: with --inspect-port (the server started with `--inspect=127.0.0.1:PORT`, which
 *      `ROAUDIT_STRESS_INSPECT=1 bash scripts/stress.sh` does) it also forces two full GCs through the
 *      inspector (`HeapProfiler.collectGarbage`) before each reading and checks the heap in use after them
 *      (limit --heap-limit-mb, default 20), and the RSS figure becomes informative only. The inspector
 *      lets anyone who can reach that loopback port run code as the server's user: use it on a host you
 *      alone use. Node 20 needs `node --experimental-websocket` for it (stress.sh passes it);
 *   5. --exec-settle seconds after the burst (default 30), through the engine socket: every exec of every
 *      fleet container (`GET /containers/{id}/json` → `ExecIDs`, then `GET /exec/{id}/json`) must have
 *      `Running: false`, and `docker diff` of every running fleet container must show no `.roaudit-` file.
 *      The engine drops finished execs from `ExecIDs`, so the burst also samples `ExecIDs` every 2 s and
 *      prints the most seen at once: proof that the check looks where execs show up;
 *   6. removes the fleet (also on Ctrl-C) and prints the figures.
 *
 * Checks (exit 0 only when all pass; 1 when one fails; 2 when the run could not be set up):
 *   no 5xx; no other answer than 200 either, and no transport error or timeout; every verdict the one the
 *   container's hardening implies; the canary environment value never in a response; no running exec;
 *   no probe file left; RSS after ≤ RSS before + --rss-limit-mb (with --inspect-port: heap in use after a
 *   forced GC ≤ before + --heap-limit-mb).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { parseArgs, promisify } from "node:util";

const execFileAsync = promisify(execFile);

const SUITE = "stress";
const LABEL = `roaudit.test=${SUITE}`;
const CANARY = "canary-secret-value";
const BUSYBOX = "roaudit-fixture:busybox";
const NOSHELL = "roaudit-fixture:noshell";
const VOLUME = "roaudit-fixture:volume";
const HARDENED = [
  "--read-only",
  "--tmpfs",
  "/tmp:rw,noexec,nosuid,size=16m",
  "--user",
  "1000:1000",
  "--cap-drop",
  "ALL",
  "--security-opt",
  "no-new-privileges",
  "--memory",
  "64m",
  "--pids-limit",
  "64",
];

/** The kinds of container the fleet cycles through, with the verdict Verify must give when it runs. */
const KINDS = [
  { kind: "hardened", args: HARDENED, verdict: "enforced" },
  { kind: "writable", args: [], verdict: "not-enforced" },
  { kind: "readonly", args: ["--read-only"], verdict: "enforced" },
  { kind: "nonroot-writable", args: ["--user", "65534:65534"], verdict: "not-enforced" },
  { kind: "user-name", args: ["--read-only", "--user", "app"], verdict: "enforced" },
  { kind: "tmpfs-exec", args: ["--read-only", "--tmpfs", "/x:exec"], verdict: "enforced" },
  { kind: "noshell", image: NOSHELL, args: ["--read-only"], verdict: "inconclusive" },
  { kind: "volume", image: VOLUME, args: [], verdict: "not-enforced" },
  { kind: "caps", args: ["--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE"], verdict: "not-enforced" },
  { kind: "exited", args: [], cmd: ["true"], verdict: null },
];

const USAGE = `usage: node scripts/stress.mjs [--base-url URL] [--pid N] [--containers N] [--requests N]
  [--concurrency N] [--verifies N] [--verify-concurrency N] [--deadline S] [--settle S] [--exec-settle S]
  [--rss-limit-mb N] [--inspect-port N] [--heap-limit-mb N] [--keep-fleet]`;

function options() {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string", default: "http://127.0.0.1:3000" },
      pid: { type: "string" },
      containers: { type: "string", default: "32" },
      requests: { type: "string", default: "400" },
      concurrency: { type: "string", default: "16" },
      verifies: { type: "string", default: "60" },
      "verify-concurrency": { type: "string", default: "12" },
      deadline: { type: "string", default: "120" },
      settle: { type: "string", default: "10" },
      "exec-settle": { type: "string", default: "30" },
      "rss-limit-mb": { type: "string", default: "50" },
      "inspect-port": { type: "string" },
      "heap-limit-mb": { type: "string", default: "20" },
      "keep-fleet": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name, min, max) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be ${min}–${max}`);
    return n;
  };
  const base = new URL(values["base-url"]);
  if (!["127.0.0.1", "[::1]", "localhost"].includes(base.hostname) || base.protocol !== "http:") {
    throw new UsageError(`--base-url must be http on loopback (127.0.0.1, [::1], localhost), not ${base}`);
  }
  return {
    baseUrl: base.origin,
    port: Number(base.port || 80),
    pid: values.pid === undefined ? undefined : int("pid", 1, 2 ** 22),
    containers: int("containers", 10, 200),
    requests: int("requests", 1, 5000),
    concurrency: int("concurrency", 1, 64),
    verifies: int("verifies", 0, 1000),
    verifyConcurrency: int("verify-concurrency", 1, 64),
    deadlineMs: int("deadline", 5, 600) * 1000,
    settleMs: int("settle", 0, 120) * 1000,
    execSettleMs: int("exec-settle", 0, 300) * 1000,
    rssLimitMb: int("rss-limit-mb", 1, 4096),
    inspectPort: values["inspect-port"] === undefined ? undefined : int("inspect-port", 1, 65535),
    heapLimitMb: int("heap-limit-mb", 1, 4096),
    keepFleet: values["keep-fleet"],
  };
}

class UsageError extends Error {}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => console.error(`stress: ${message}`);

async function docker(args) {
  try {
    const { stdout } = await execFileAsync("docker", args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    throw new Error(`docker ${args.join(" ")} failed: ${error.stderr?.trim() || error}`);
  }
}

/** Runs `task(i)` for i in [0, count) with at most `limit` at once; stops starting new ones once `stop()`. */
async function pool(count, limit, task, stop = () => false) {
  let next = 0;
  const worker = async () => {
    while (next < count && !stop()) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

// ---------------------------------------------------------------------------------------------------------
// The fleet

async function removeFleet() {
  const ids = (await docker(["ps", "--all", "--quiet", "--no-trunc", "--filter", `label=${LABEL}`]))
    .split("\n")
    .filter(Boolean);
  if (ids.length > 0) await docker(["rm", "--force", "--volumes", ...ids]);
  return ids.length;
}

async function createFleet(count) {
  const removed = await removeFleet();
  if (removed > 0) log(`removed ${removed} container(s) left by an earlier run`);
  const fleet = [];
  await pool(count, 8, async (i) => {
    const spec = KINDS[i % KINDS.length];
    const name = `stress-${String(i).padStart(2, "0")}-${spec.kind}`;
    const out = await docker([
      "create",
      "--name",
      name,
      "--network",
      "none",
      "--label",
      LABEL,
      "--env",
      `ROAUDIT_CANARY=${CANARY}`,
      ...spec.args,
      spec.image ?? BUSYBOX,
      ...(spec.cmd ?? []),
    ]);
    const id = out.split("\n").at(-1) ?? "";
    await docker(["start", id]);
    fleet.push({ name, id, kind: spec.kind, verdict: spec.verdict, running: spec.cmd === undefined });
  });
  // The exited ones must have exited before the burst, or a verify could catch them running.
  const exited = fleet.filter((c) => !c.running).map((c) => c.id);
  if (exited.length > 0) await docker(["wait", ...exited]);
  return fleet.sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------------------
// The server process and its memory

async function serverPid(port) {
  const { stdout } = await execFileAsync("ss", ["-Hltnp", `sport = :${port}`]);
  const pids = [...stdout.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
  const unique = [...new Set(pids)];
  if (unique.length !== 1) {
    throw new UsageError(
      `cannot tell the server's pid from \`ss -ltnp\` on port ${port} (found ${unique.join(", ") || "none"}): pass --pid`,
    );
  }
  return unique[0];
}

/** VmRSS of a process, in kB. */
function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;

/**
 * The server's inspector (Chrome DevTools Protocol on 127.0.0.1:port): forces full GCs and reads the heap
 * in use, in kB. Needs a global WebSocket (Node 20: `node --experimental-websocket`).
 */
async function inspector(port) {
  if (typeof WebSocket !== "function") {
    throw new UsageError("--inspect-port needs a WebSocket client: run node --experimental-websocket");
  }
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const url = targets[0]?.webSocketDebuggerUrl;
  if (typeof url !== "string" || !url.startsWith("ws://127.0.0.1:")) {
    throw new UsageError(`no inspector target on 127.0.0.1:${port}`);
  }
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new UsageError(`cannot connect to the inspector at ${url}`));
  });
  let lastId = 0;
  const pending = new Map();
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  };
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      lastId += 1;
      const timer = setTimeout(() => reject(new Error(`inspector ${method}: no answer`)), 30_000);
      pending.set(lastId, (m) => {
        clearTimeout(timer);
        if (m.error) reject(new Error(`inspector ${method}: ${m.error.message}`));
        else resolve(m.result);
      });
      ws.send(JSON.stringify({ id: lastId, method, params }));
    });
  return {
    async heapAfterGcKb() {
      await call("HeapProfiler.collectGarbage");
      await call("HeapProfiler.collectGarbage");
      const { usedSize } = await call("Runtime.getHeapUsage");
      return Math.round(usedSize / 1024);
    },
    close: () => ws.close(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The engine, read directly through its unix socket (what `docker` CLI cannot show: exec inspect)

function engineSocket() {
  const host = process.env.DOCKER_HOST?.trim();
  if (!host) return "/var/run/docker.sock";
  if (host.startsWith("unix://")) return host.slice("unix://".length);
  throw new UsageError(`DOCKER_HOST=${host}: the exec check reads the engine through a unix socket only`);
}

function engineGet(socketPath, path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path, timeout: 15_000 }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode !== 200) {
          reject(new Error(`engine GET ${path}: HTTP ${res.statusCode}: ${text}`));
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch {
          resolve(text);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`engine GET ${path}: no answer in 15 s`)));
    req.on("error", reject);
  });
}

async function leakedExecs(socketPath, fleet) {
  let total = 0;
  const running = [];
  for (const container of fleet) {
    const inspect = await engineGet(socketPath, `/containers/${container.id}/json`);
    const execIds = Array.isArray(inspect.ExecIDs) ? inspect.ExecIDs : [];
    total += execIds.length;
    for (const execId of execIds) {
      const exec = await engineGet(socketPath, `/exec/${execId}/json`).catch((error) => ({ error }));
      if (exec.error) {
        // An exec the engine has forgotten since the container listed it has ended.
        if (!/HTTP 404/.test(String(exec.error.message))) throw exec.error;
      } else if (exec.Running !== false) {
        running.push(
          `${container.name}: exec ${execId.slice(0, 12)} (${JSON.stringify(exec.ProcessConfig)})`,
        );
      }
    }
  }
  return { total, running };
}

async function leftoverFiles(fleet) {
  const found = [];
  for (const container of fleet.filter((c) => c.running)) {
    const diff = await docker(["diff", container.id]);
    for (const line of diff.split("\n"))
      if (line.includes(".roaudit-")) found.push(`${container.name}: ${line}`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// The burst

class Stats {
  constructor(label) {
    this.label = label;
    this.latencies = [];
    this.statuses = new Map();
    this.failures = [];
  }

  add(status, ms, failure) {
    this.latencies.push(ms);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (failure && this.failures.length < 10) this.failures.push(failure);
  }

  get count() {
    return this.latencies.length;
  }

  count2xx() {
    return [...this.statuses]
      .filter(([s]) => typeof s === "number" && s >= 200 && s < 300)
      .reduce((n, [, c]) => n + c, 0);
  }

  count5xx() {
    return [...this.statuses]
      .filter(([s]) => typeof s === "number" && s >= 500)
      .reduce((n, [, c]) => n + c, 0);
  }

  percentile(p) {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    if (sorted.length === 0) return Number.NaN;
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }

  summary() {
    const byStatus = [...this.statuses]
      .sort(([a], [b]) => String(a).localeCompare(String(b)))
      .map(([s, c]) => `${s}×${c}`)
      .join(" ");
    const ms = (v) => `${Math.round(v)} ms`;
    return `${this.label}: ${this.count} requests, by status ${byStatus || "-"}; latency p50 ${ms(this.percentile(50))}, p95 ${ms(this.percentile(95))}, max ${ms(this.percentile(100))}`;
  }
}

async function timedFetch(url, init, signal) {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(60_000)]) });
    const body = await res.text();
    return { status: res.status, body, ms: performance.now() - started };
  } catch (error) {
    const status = error?.name === "TimeoutError" || error?.name === "AbortError" ? "timeout" : "network";
    return { status, body: String(error?.cause ?? error), ms: performance.now() - started };
  }
}

async function burst(opts, fleet, { requests, verifies: verifyCount }, socketPath) {
  const list = new Stats("GET /api/containers");
  const verify = new Stats("POST /api/containers/{id}/verify");
  const wrongVerdicts = [];
  let canaryLeaks = 0;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), opts.deadlineMs);
  const stop = () => deadline.signal.aborted;
  const names = new Set(fleet.filter((c) => c.running).map((c) => c.name));
  const targets = fleet.filter((c) => c.running);
  // Fewer targets than verifies, so several verifies hit each container, some at the same time.
  const targetCount = Math.max(1, Math.min(targets.length, Math.ceil(verifyCount / 3)));
  const started = performance.now();
  let execsSeen = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      let now = 0;
      for (const container of targets) {
        const inspect = await engineGet(socketPath, `/containers/${container.id}/json`).catch(() => ({}));
        now += Array.isArray(inspect.ExecIDs) ? inspect.ExecIDs.length : 0;
      }
      execsSeen = Math.max(execsSeen, now);
      await sleep(2000);
    }
  })();

  const lists = pool(
    requests,
    opts.concurrency,
    async (i) => {
      const all = i % 4 === 3;
      const r = await timedFetch(
        `${opts.baseUrl}/api/containers${all ? "?all=true" : ""}`,
        {},
        deadline.signal,
      );
      if (r.body.includes(CANARY)) canaryLeaks += 1;
      let failure =
        r.status === 200 ? null : `GET after ${Math.round(r.ms)} ms: ${r.status}: ${r.body.slice(0, 300)}`;
      if (!failure) {
        const listed = new Set(JSON.parse(r.body).containers.map((c) => c.name));
        const missing = [...names].filter((n) => !listed.has(n));
        if (missing.length > 0)
          failure = `200 without ${missing.length} running fleet container(s), e.g. ${missing[0]}`;
      }
      list.add(failure && r.status === 200 ? "200-incomplete" : r.status, r.ms, failure);
    },
    stop,
  );
  const verifies = pool(
    verifyCount,
    opts.verifyConcurrency,
    async (i) => {
      const target = targets[i % targetCount];
      const refs = [target.id, target.name, target.id.slice(0, 12)];
      const ref = refs[Math.floor(i / targetCount) % refs.length];
      const r = await timedFetch(
        `${opts.baseUrl}/api/containers/${encodeURIComponent(ref)}/verify`,
        { method: "POST" },
        deadline.signal,
      );
      if (r.body.includes(CANARY)) canaryLeaks += 1;
      const failure =
        r.status === 200
          ? null
          : `verify ${ref} after ${Math.round(r.ms)} ms: ${r.status}: ${r.body.slice(0, 300)}`;
      verify.add(r.status, r.ms, failure);
      if (r.status === 200) {
        const { verdict, detail } = JSON.parse(r.body);
        if (verdict !== target.verdict) {
          wrongVerdicts.push(`${target.name}: ${verdict} (expected ${target.verdict}): ${detail}`);
        }
      }
    },
    stop,
  );
  await Promise.all([lists, verifies]);
  clearTimeout(timer);
  sampling = false;
  await sampler;
  return {
    requests,
    verifies: verifyCount,
    execsSeen,
    list,
    verify,
    wrongVerdicts,
    canaryLeaks,
    cut: deadline.signal.aborted,
    seconds: (performance.now() - started) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const opts = options();
  const socketPath = engineSocket();
  await engineGet(socketPath, "/_ping").catch(() => {
    throw new UsageError(`no Docker engine answers at ${socketPath}`);
  });
  const health = await timedFetch(`${opts.baseUrl}/api/health`, {}, AbortSignal.timeout(15_000));
  if (health.status !== 200 || JSON.parse(health.body).engine?.reachable !== true) {
    throw new UsageError(
      `roaudit at ${opts.baseUrl} is not up with its engine: ${health.status} ${health.body}`,
    );
  }
  const pid = opts.pid ?? (await serverPid(opts.port));
  rssKb(pid);
  const heap = opts.inspectPort === undefined ? null : await inspector(opts.inspectPort);
  log(`server ${opts.baseUrl}, pid ${pid}; engine unix://${socketPath}`);

  let fleet = [];
  const cleanup = async () => {
    if (opts.keepFleet) return;
    const n = await removeFleet();
    if (n > 0) log(`removed the ${n} fleet container(s)`);
  };
  process.once("SIGINT", () => {
    log("interrupted: removing the fleet");
    cleanup().finally(() => process.exit(130));
  });
  try {
    log(`creating ${opts.containers} containers labelled ${LABEL}`);
    fleet = await createFleet(opts.containers);

    const warmCounts = { requests: Math.ceil(opts.requests / 2), verifies: Math.ceil(opts.verifies / 2) };
    log(`warming up: ${warmCounts.requests} GET + ${warmCounts.verifies} verify`);
    const warm = await burst(opts, fleet, warmCounts, socketPath);
    log(`settling ${opts.settleMs / 1000} s`);
    await sleep(opts.settleMs);
    const heapBefore = await heap?.heapAfterGcKb();
    const rssBefore = rssKb(pid);

    log(
      `burst: ${opts.requests} GET (${opts.concurrency} in flight) + ${opts.verifies} verify (${opts.verifyConcurrency} in flight), cut at ${opts.deadlineMs / 1000} s`,
    );
    const result = await burst(opts, fleet, opts, socketPath);
    const burstEnded = performance.now();
    log(`burst done in ${result.seconds.toFixed(1)} s; settling ${opts.settleMs / 1000} s`);
    await sleep(opts.settleMs);
    const heapAfter = await heap?.heapAfterGcKb();
    const rssAfter = rssKb(pid);
    const waitMore = opts.execSettleMs - (performance.now() - burstEnded);
    if (waitMore > 0) {
      log(`waiting ${Math.round(waitMore / 1000)} s more before the exec check`);
      await sleep(waitMore);
    }
    const rssLate = rssKb(pid);
    const execs = await leakedExecs(socketPath, fleet);
    const leftovers = await leftoverFiles(fleet);

    const growthKb = rssAfter - rssBefore;
    const runs = [warm, result];
    const checks = [
      ["no 5xx", runs.every((r) => r.list.count5xx() + r.verify.count5xx() === 0)],
      [
        "every answer 200 in time",
        runs.every(
          (r) =>
            r.list.count2xx() === r.list.count &&
            r.verify.count2xx() === r.verify.count &&
            r.list.count === r.requests &&
            r.verify.count === r.verifies,
        ),
      ],
      ["every verdict as expected", runs.every((r) => r.wrongVerdicts.length === 0)],
      ["no canary value in any answer", runs.every((r) => r.canaryLeaks === 0)],
      [`no running exec ${opts.execSettleMs / 1000} s after the burst`, execs.running.length === 0],
      ["no .roaudit- probe file left", leftovers.length === 0],
      heap
        ? [`heap after GC growth ≤ ${opts.heapLimitMb} MB`, heapAfter - heapBefore <= opts.heapLimitMb * 1024]
        : [`RSS growth ≤ ${opts.rssLimitMb} MB`, growthKb <= opts.rssLimitMb * 1024],
    ];

    const out = [
      "",
      `roaudit stress — ${opts.baseUrl} (pid ${pid}), fleet ${fleet.length} containers (${fleet.filter((c) => c.running).length} running), label ${LABEL}`,
      ...runs.flatMap((r) => [
        `${r === warm ? "warm-up" : "burst"}: ${r.seconds.toFixed(1)} s${r.cut ? ` — CUT at the ${opts.deadlineMs / 1000} s deadline` : ""}; execs seen at once (ExecIDs, sampled every 2 s): ${r.execsSeen}; canary value in answers: ${r.canaryLeaks}`,
        `  ${r.list.summary()}`,
        `  ${r.verify.summary()}`,
        ...[...r.list.failures, ...r.verify.failures].map((f) => `    failed: ${f}`),
        ...r.wrongVerdicts.slice(0, 10).map((w) => `    wrong verdict: ${w}`),
      ]),
      ...(heap
        ? [
            `heap in use after a forced GC (inspector): before ${mb(heapBefore)}, after ${mb(heapAfter)} (${heapAfter >= heapBefore ? "+" : ""}${mb(heapAfter - heapBefore)})`,
          ]
        : []),
      `memory (VmRSS${heap ? ", after the forced GC" : "; no forced GC, see header"}): before ${mb(rssBefore)}, after ${opts.settleMs / 1000} s settle ${mb(rssAfter)} (${growthKb >= 0 ? "+" : ""}${mb(growthKb)}), after ${Math.round(Math.max(opts.execSettleMs, opts.settleMs) / 1000)} s ${mb(rssLate)}`,
      `execs ${Math.round(opts.execSettleMs / 1000)} s after the burst: ${execs.total} listed on the fleet, ${execs.running.length} still running`,
      ...execs.running.slice(0, 10).map((e) => `    running: ${e}`),
      `probe files left: ${leftovers.length}`,
      ...leftovers.slice(0, 10).map((f) => `    left: ${f}`),
      "checks:",
      ...checks.map(([name, ok]) => `  ${ok ? "PASS" : "FAIL"}  ${name}`),
    ];
    console.log(out.join("\n"));
    return checks.every(([, ok]) => ok) ? 0 : 1;
  } finally {
    heap?.close();
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`stress: ${error instanceof UsageError ? "" : "error: "}${error.message}`);
    process.exit(2);
  },
);

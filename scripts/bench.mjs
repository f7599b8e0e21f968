#!/usr/bin/env node
/**
 * `npm run bench`: what the live fleet costs, measured on this machine (issue 12's server-side figures).
 *
 *   node scripts/bench.mjs [--sizes 200,1000] [--idle 60] [--samples 20] [--latency 10] [--port 4590]
 *                          [--churn 600] [--no-browser]
 *
 * Needs a production build (`npm run build`), the docker CLI's engine (`DOCKER_HOST`, a unix socket) and the
 * fixture images (`ensure_fixture_images` in scripts/lib.sh). Loopback only; bounded (every wait has a
 * deadline, the whole run stops after --limit seconds); it creates only containers labelled
 * `roaudit.test=bench` (`--network none`, created, never started but for the latency samples) and removes
 * them, and only them, at the end (also on Ctrl-C).
 *
 * For each size N it adds labelled *created* containers of mixed hardening up to N, runs roaudit's production
 * server (`scripts/start.mjs`) against the engine through a counting unix-socket relay (it counts engine
 * requests by path), and prints one table:
 *   - fleet API: median of `GET /api/containers?all=true` (after the first, which waits for the first sync),
 *     against the raw floor: median of one list + every inspect (16 in parallel) from this process;
 *   - engine requests while idle for --idle seconds with 3 `GET /api/events` clients connected: inspects,
 *     lists, event streams opened, anything else;
 *   - event-to-page latency: from sending `docker start` (then `docker rm -f`) of a labelled container to the
 *     SSE client receiving that container's change, median of --latency samples each;
 *   - the server's RSS (VmRSS) after all that.
 * Then, at the largest N, the page in Debian's Chromium (scripts/bench-browser.mjs: first full render, filter
 * keystrokes, long tasks while idle for 10 s; skipped with --no-browser), and churn: for --churn seconds
 * (default `ROAUDIT_BENCH_CHURN_SECONDS`, else 600) one labelled container created and one removed every
 * second with an SSE client connected, the server's RSS before and after. The load average is printed with
 * the figures: on a shared machine it is part of them.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { browserFigures } from "./bench-browser.mjs";

const LABEL_KEY = "roaudit.test";
const LABEL_VALUE = "bench";
const BUSYBOX = "roaudit-fixture:busybox";

const { values: opts } = parseArgs({
  options: {
    sizes: { type: "string", default: "200,1000" },
    idle: { type: "string", default: "60" },
    samples: { type: "string", default: "20" },
    latency: { type: "string", default: "10" },
    port: { type: "string", default: process.env.ROAUDIT_BENCH_PORT ?? "4590" },
    limit: { type: "string", default: "3600" },
    churn: { type: "string", default: process.env.ROAUDIT_BENCH_CHURN_SECONDS ?? "600" },
    "no-browser": { type: "boolean", default: false },
  },
});
const churnSeconds = Number(opts.churn);
if (!(churnSeconds >= 0 && churnSeconds <= 3600)) fail("--churn: 0..3600 seconds");
const sizes = opts.sizes.split(",").map(Number);
const idleSeconds = Number(opts.idle);
const samples = Number(opts.samples);
const latencySamples = Number(opts.latency);
const port = Number(opts.port);
if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 5000)) fail("--sizes: integers 1..5000");
if (!(idleSeconds >= 1 && idleSeconds <= 600)) fail("--idle: 1..600 seconds");

const host = process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
if (!host.startsWith("unix://")) fail("DOCKER_HOST must be a unix socket (unix://…)");
const engineSocket = host.slice("unix://".length);
if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID")))
  fail("no production build: run npm run build");

const work = mkdtempSync(path.join(tmpdir(), "roaudit-bench-"));
const relaySocket = path.join(work, "relay.sock");
const counts = new Map();
let streamsOpened = 0;
let server = null;
let relay = null;

const hardLimit = setTimeout(() => {
  console.error(`bench: stopped after --limit ${opts.limit} s`);
  void cleanup().then(() => process.exit(1));
}, Number(opts.limit) * 1000);
hardLimit.unref();
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/** One Engine API request over the real socket; resolves with { status, body }. */
function engine(method, pathname, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        socketPath: engineSocket,
        method,
        path: pathname,
        headers: data
          ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) }
          : {},
        timeout: 60_000,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, body: text ? safeJson(text) : null });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`engine ${method} ${pathname} timed out`)));
    req.on("error", reject);
    req.end(data);
  });
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function pool(items, concurrency, fn) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}

/** Labelled containers of this bench, by id. */
async function ours() {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${LABEL_KEY}=${LABEL_VALUE}`] }));
  const { body } = await engine("GET", `/containers/json?all=true&filters=${filters}`);
  return Array.isArray(body) ? body.map((c) => c.Id) : [];
}

/** Mixed hardening, so audits differ: read-only or not, cap-drop, memory, user, no-new-privileges. */
function spec(i) {
  const hostConfig = { NetworkMode: "none" };
  if (i % 2 === 0) hostConfig.ReadonlyRootfs = true;
  if (i % 3 === 0) hostConfig.CapDrop = ["ALL"];
  if (i % 4 === 0) hostConfig.Memory = 64 * 1024 * 1024;
  if (i % 5 === 0) hostConfig.SecurityOpt = ["no-new-privileges"];
  if (i % 7 === 0) hostConfig.Tmpfs = { "/tmp": "rw,noexec,nosuid,size=16m" };
  return {
    Image: BUSYBOX,
    Labels: { [LABEL_KEY]: LABEL_VALUE },
    User: i % 6 === 0 ? "1000:1000" : "",
    HostConfig: hostConfig,
  };
}

async function growTo(n) {
  const have = (await ours()).length;
  const indexes = Array.from({ length: Math.max(0, n - have) }, (_, k) => have + k);
  await pool(indexes, 8, async (i) => {
    const { status, body } = await engine("POST", `/containers/create?name=bench-${i}`, spec(i));
    if (status !== 201) throw new Error(`create bench-${i}: ${status} ${JSON.stringify(body)}`);
  });
}

/** The counting relay: every HTTP request line from roaudit to the engine is counted by kind. */
function kindOf(pathname) {
  const p = pathname.replace(/^\/v[0-9.]+/, "").split("?")[0];
  if (p === "/events") return "events";
  if (p === "/containers/json") return "list";
  if (/^\/containers\/[^/]+\/json$/.test(p)) return "inspect";
  return "other";
}

function startRelay() {
  return new Promise((resolve) => {
    const s = net.createServer((client) => {
      const upstream = net.connect(engineSocket);
      client.on("data", (chunk) => {
        for (const m of chunk
          .toString("latin1")
          .matchAll(/(?:^|\r\n)(GET|POST|HEAD|PUT|DELETE) (\S+) HTTP\/1\.[01]\r\n/g)) {
          const kind = kindOf(m[2]);
          counts.set(kind, (counts.get(kind) ?? 0) + 1);
          if (kind === "events") streamsOpened += 1;
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    s.listen(relaySocket, () => resolve(s));
  });
}

function snapshotCounts() {
  return Object.fromEntries(["inspect", "list", "events", "other"].map((k) => [k, counts.get(k) ?? 0]));
}

async function startServer() {
  const child = spawn(process.execPath, ["scripts/start.mjs", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      DOCKER_HOST: `unix://${relaySocket}`,
      NEXT_TELEMETRY_DISABLED: "1",
      ROAUDIT_TOKEN: "",
      ROAUDIT_TOKEN_FILE: "",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    try {
      const r = await get("/api/health");
      if (r.status === 200) return child;
    } catch {}
    await sleep(250);
  }
  child.kill("SIGTERM");
  throw new Error("the server did not answer /api/health within 60 s");
}

function get(pathname) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port, path: pathname, headers: { Host: `127.0.0.1:${port}` }, timeout: 60_000 },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${pathname} timed out`)));
    req.on("error", reject);
  });
}

/** An SSE client of /api/events; `onFleet(event)` for each `fleet` event. Returns a close function. */
function sse(onFleet) {
  const req = http.get({
    host: "127.0.0.1",
    port,
    path: "/api/events",
    headers: { Host: `127.0.0.1:${port}`, Accept: "text/event-stream" },
  });
  req.on("response", (res) => {
    let buffer = "";
    res.setEncoding("utf8");
    res.on("data", (chunk) => {
      buffer += chunk;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === "fleet" && data) onFleet(JSON.parse(data));
        end = buffer.indexOf("\n\n");
      }
    });
  });
  req.on("error", () => {});
  return () => req.destroy();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : Number.NaN;
};

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function rawFloor() {
  const { body } = await engine("GET", "/containers/json?all=true");
  await pool(body, 16, (c) => engine("GET", `/containers/${c.Id}/json`));
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Milliseconds from sending `action` to an SSE client seeing `id` changed (or removed, for rm). */
async function latency(action, id) {
  let resolveSeen;
  const seen = new Promise((r) => {
    resolveSeen = r;
  });
  const t0 = { at: 0 };
  const close = sse((event) => {
    if (!t0.at) return;
    const hit =
      action === "rm"
        ? event.removed.includes(id)
        : event.changed.some((c) => c.id === id && c.state === "running");
    if (hit) resolveSeen(performance.now() - t0.at);
  });
  await sleep(300); // the stream is open
  t0.at = performance.now();
  if (action === "start") await engine("POST", `/containers/${id}/start`);
  else await engine("DELETE", `/containers/${id}?force=true`);
  const ms = await Promise.race([seen, sleep(10_000).then(() => Number.NaN)]);
  close();
  return ms;
}

async function benchSize(n) {
  await growTo(n);
  counts.clear();
  const started = performance.now();
  const first = await get("/api/containers?all=true");
  const firstMs = performance.now() - started;
  if (first.status !== 200)
    throw new Error(`GET /api/containers answered ${first.status}: ${first.body.slice(0, 200)}`);
  const api = [];
  for (let i = 0; i < samples; i += 1) api.push(await timed(() => get("/api/containers?all=true")));
  const floor = [];
  for (let i = 0; i < Math.max(3, Math.round(samples / 4)); i += 1) floor.push(await timed(rawFloor));

  const clients = [sse(() => {}), sse(() => {}), sse(() => {})];
  await sleep(500);
  const before = snapshotCounts();
  await sleep(idleSeconds * 1000);
  const after = snapshotCounts();
  const idle = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
  for (const close of clients) close();

  const starts = [];
  const removals = [];
  for (let i = 0; i < latencySamples; i += 1) {
    const { body } = await engine("POST", `/containers/create?name=bench-lat-${n}-${i}`, spec(1));
    const id = body.Id;
    await sleep(200);
    starts.push(await latency("start", id));
    removals.push(await latency("rm", id));
  }
  return {
    n,
    firstMs,
    apiMs: median(api),
    floorMs: median(floor),
    idle,
    startMs: median(starts),
    rmMs: median(removals),
    rss: rssMb(server.pid),
  };
}

/**
 * Churn at the fleet's size: every second one labelled container created and the one created 5 s before it
 * removed, for `seconds`, with an SSE client connected (every change is pushed). The server's RSS before and
 * after (after the last removals have been pushed and 10 s of quiet).
 */
async function churn(seconds) {
  const close = sse(() => {});
  await sleep(500);
  const before = rssMb(server.pid);
  const made = [];
  const end = Date.now() + seconds * 1000;
  let k = 0;
  while (Date.now() < end) {
    const tick = Date.now();
    const { status, body } = await engine("POST", `/containers/create?name=bench-churn-${k}`, spec(k));
    if (status === 201) made.push(body.Id);
    if (made.length > 5) await engine("DELETE", `/containers/${made.shift()}?force=true`);
    k += 1;
    await sleep(Math.max(0, 1000 - (Date.now() - tick)));
  }
  await pool(made, 8, (id) => engine("DELETE", `/containers/${id}?force=true`));
  await sleep(10_000);
  const after = rssMb(server.pid);
  close();
  return { seconds, created: k, before, after };
}

async function cleanup() {
  try {
    const ids = await ours();
    await pool(ids, 8, (id) => engine("DELETE", `/containers/${id}?force=true&v=true`));
  } catch (error) {
    console.error(`bench: cleanup failed: ${error.message}`);
  }
  if (server && server.exitCode === null) server.kill("SIGTERM");
  relay?.close();
  rmSync(work, { recursive: true, force: true });
}

const loadAtStart = loadavg();

async function main() {
  const leftovers = await ours();
  await pool(leftovers, 8, (id) => engine("DELETE", `/containers/${id}?force=true&v=true`));
  relay = await startRelay();
  server = await startServer();
  const rows = [];
  for (const n of sizes) {
    console.error(`bench: N = ${n} …`);
    rows.push(await benchSize(n));
  }
  const largest = Math.max(...sizes);
  let browser = null;
  if (!opts["no-browser"]) {
    console.error(`bench: the page in Chromium at N = ${largest} …`);
    browser = await browserFigures({
      baseUrl: `http://127.0.0.1:${port}`,
      // bench-<k> with k = N/10 - 1 matches itself and the ten names it prefixes: 11 rows.
      query: `bench-${Math.max(1, Math.floor(largest / 10) - 1)}`,
      idleSeconds: 10,
    });
  }
  let churned = null;
  if (churnSeconds > 0) {
    console.error(`bench: churn for ${churnSeconds} s …`);
    churned = await churn(churnSeconds);
  }
  const loadAtEnd = loadavg();
  const f = (x) => (Number.isFinite(x) ? x.toFixed(0) : "—");
  const load = (l) => l.map((x) => x.toFixed(1)).join(" / ");
  console.log(`\nroaudit bench (${new Date().toISOString()}, ${idleSeconds} s idle, 3 SSE clients)`);
  console.log(`load average (1 / 5 / 15 min) at start: ${load(loadAtStart)}; at end: ${load(loadAtEnd)}\n`);
  console.log(
    "| N | first read (sync) ms | fleet API median ms | raw list+inspect floor ms | ratio | idle: inspects / lists / event streams / other | start→page ms | rm→page ms | server RSS MB |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    console.log(
      `| ${r.n} | ${f(r.firstMs)} | ${r.apiMs.toFixed(1)} | ${f(r.floorMs)} | ${(r.apiMs / r.floorMs).toFixed(2)} | ${r.idle.inspect} / ${r.idle.list} / ${r.idle.events} / ${r.idle.other} | ${f(r.startMs)} | ${f(r.rmMs)} | ${f(r.rss)} |`,
    );
  }
  console.log(`\nevent streams opened by the server in the whole run: ${streamsOpened}`);
  if (browser) {
    console.log(`\nthe page in Debian Chromium (headless), ${browser.rows} rows:\n`);
    console.log(
      "| first full render after the data ms (after navigation) | keystroke → next frame ms, max / median | last key → filtered rows ms | clear → all rows ms | long tasks while idle |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    console.log(
      `| ${f(browser.renderMs)} (${f(browser.renderFromNavigationMs)}) | ${f(browser.keyMaxMs)} / ${f(browser.keyMedianMs)} (typing "${browser.query}", to ${browser.shown} rows) | ${f(browser.typeToRowsMs)} | ${f(browser.clearMs)} | ${browser.longTaskCount} tasks, ${f(browser.longTaskMs)} ms in ${browser.idleSeconds} s |`,
    );
  }
  if (churned) {
    console.log(
      `\nchurn at N = ${largest}: ${churned.seconds} s, ${churned.created} containers created and removed (1 per second); server RSS ${f(churned.before)} MB before, ${f(churned.after)} MB after (growth ${(churned.after - churned.before).toFixed(1)} MB)`,
    );
  }
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(`bench: ${error.stack ?? error}`);
    await cleanup();
    process.exit(1);
  });

// roaudit's sample Node.js app for the real-app images (scripts/real-images.sh): an HTTP server on
// 127.0.0.1 that writes what the field guide says Node.js apps write — a scratch file in /tmp and a
// counter in a cache folder — on start and on every request. Plain node, no packages.

const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");

const port = Number(process.env.PORT || 8080);
const cacheDir = process.env.APP_CACHE_DIR || "/var/cache/app";
const counterFile = path.join(cacheDir, "hits");

function hits() {
  try {
    return Number(fs.readFileSync(counterFile, "utf8")) || 0;
  } catch {
    return 0;
  }
}

// Fails at start (as real apps do) when either folder is not writable.
fs.mkdirSync(cacheDir, { recursive: true });
fs.writeFileSync(counterFile, String(hits()));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "app-"));

const server = http.createServer((req, res) => {
  const n = hits() + 1;
  fs.writeFileSync(counterFile, String(n));
  fs.writeFileSync(path.join(scratch, "last-request"), `${req.method} ${req.url}\n`);
  res.writeHead(200, { "content-type": "text/plain" });
  res.end(`ok ${n}\n`);
});
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`listening on 127.0.0.1:${port}\n`);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));

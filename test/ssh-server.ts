/**
 * A test's own OpenSSH server (Debian openssh-server's `sshd`) on 127.0.0.1 at a free port, with a host key,
 * a client key, an authorized_keys and a known_hosts made for the test. The key may run one thing only:
 * `docker -H <engine> system dial-stdio` (a forced command), so a test can never reach another engine.
 * Needs root (sshd switches to the user); `stop()` ends the sshd this started, by its pid.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** A running test sshd and the client files to reach it. */
export interface TestSshServer {
  port: number;
  user: string;
  /** The client's private key (unencrypted, test-only). */
  identityFile: string;
  /** known_hosts listing the server's ed25519 host key under `[127.0.0.1]:<port>`. */
  knownHostsFile: string;
  /** A known_hosts with another key for the same host (for the "changed key" refusal). */
  wrongKnownHostsFile: string;
  logPath: string;
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function keygen(file: string, comment: string): string {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file], { stdio: "pipe" });
  return readFileSync(`${file}.pub`, "utf8").trim();
}

/** Starts sshd under `dir` forwarding dial-stdio to `engineHost` (`unix:///…`). Throws when it does not listen in 15 s. */
export async function startSshServer(dir: string, engineHost: string): Promise<TestSshServer> {
  mkdirSync(dir, { recursive: true });
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const port = await freePort();
  const hostKey = path.join(dir, "ssh_host_ed25519_key");
  const otherHostKey = path.join(dir, "other_host_key");
  const identityFile = path.join(dir, "id_ed25519");
  const hostPub = keygen(hostKey, "roaudit-test-host");
  const otherPub = keygen(otherHostKey, "roaudit-test-other");
  const clientPub = keygen(identityFile, "roaudit-test-client");
  const authorizedKeys = path.join(dir, "authorized_keys");
  writeFileSync(
    authorizedKeys,
    `restrict,command="docker -H ${engineHost} system dial-stdio" ${clientPub}\n`,
    { mode: 0o600 },
  );
  const hostLine = (pub: string) => `[127.0.0.1]:${port} ${pub.split(" ").slice(0, 2).join(" ")}\n`;
  const knownHostsFile = path.join(dir, "known_hosts");
  const wrongKnownHostsFile = path.join(dir, "known_hosts.wrong");
  writeFileSync(knownHostsFile, hostLine(hostPub));
  writeFileSync(wrongKnownHostsFile, hostLine(otherPub));
  const config = path.join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "AllowTcpForwarding no",
      "MaxSessions 16",
      "MaxStartups 100",
      "",
    ].join("\n"),
  );
  const logPath = path.join(dir, "sshd.log");
  const log = openSync(logPath, "a");
  const child: ChildProcess = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", config], {
    stdio: ["ignore", log, log],
  });
  const startedAt = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${readFileSync(logPath, "utf8").slice(-500)}`);
    if (readFileSync(logPath, "utf8").includes("Server listening")) break;
    if (Date.now() - startedAt > 15_000) throw new Error(`sshd did not listen within 15 s; see ${logPath}`);
    await sleep(100);
  }
  return {
    port,
    user: "root",
    identityFile,
    knownHostsFile,
    wrongKnownHostsFile,
    logPath,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(child.pid, "SIGTERM");
      await exited;
    },
  };
}

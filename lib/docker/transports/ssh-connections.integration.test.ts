/**
 * docker-modem's way of using ssh:// (a new SSH connection, login and `docker system dial-stdio` per request)
 * against roaudit's (`ssh.ts`: one connection per engine, channels multiplexed), through a test-owned sshd in
 * front of this suite's engine. Counts SSH logins in sshd's log and prints the times; asserts the counts only
 * (times depend on the machine's load). README's "Many hosts" figures come from its output.
 *
 *   npx vitest run --project integration lib/docker/transports/ssh-connections.integration.test.ts
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { EngineConfig } from "@/lib/engines/types";
import { startSshServer, type TestSshServer } from "@/test/ssh-server";
import { engineDocker } from "./engine-docker";

const dir = mkdtempSync(path.join(tmpdir(), "roaudit-ssh-conn-"));
let sshd: TestSshServer;
const timeouts = { timeout: 60_000, connectionTimeout: 60_000 };

beforeAll(async () => {
  sshd = await startSshServer(path.join(dir, "ssh"), process.env.DOCKER_HOST ?? "");
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const logins = () =>
  readFileSync(sshd.logPath, "utf8")
    .split("\n")
    .filter((line) => line.includes("Accepted publickey")).length;

function config(): EngineConfig {
  return {
    name: "ssh",
    transport: {
      kind: "ssh",
      host: "127.0.0.1",
      port: sshd.port,
      user: sshd.user,
      identityFile: sshd.identityFile,
      passphraseFile: null,
      knownHostsFile: sshd.knownHostsFile,
    },
    readOnly: false,
    labels: {},
    trials: false,
    source: "file",
  };
}

it("one SSH connection per request against one multiplexed connection per engine", {
  timeout: 240_000,
}, async () => {
  const PER_REQUEST = 3;
  const MULTIPLEXED = 20;
  let before = logins();
  let started = performance.now();
  for (let i = 0; i < PER_REQUEST; i++) {
    const client = engineDocker(config(), timeouts);
    await client.docker.version();
    client.close();
  }
  const perRequestMs = (performance.now() - started) / PER_REQUEST;
  const perRequestLogins = logins() - before;

  before = logins();
  const client = engineDocker(config(), timeouts);
  started = performance.now();
  await client.docker.version();
  const firstMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < MULTIPLEXED; i++) await client.docker.version();
  const multiplexedMs = (performance.now() - started) / MULTIPLEXED;
  client.close();
  const multiplexedLogins = logins() - before;

  console.log(
    `ssh:// GET /version: new connection per request ${Math.round(perRequestMs)} ms each (${perRequestLogins} logins for ${PER_REQUEST}); ` +
      `multiplexed: first ${Math.round(firstMs)} ms (connect), then ${Math.round(multiplexedMs)} ms each (${multiplexedLogins} login for ${MULTIPLEXED + 1})`,
  );
  expect(perRequestLogins).toBe(PER_REQUEST);
  expect(multiplexedLogins).toBe(1);
});

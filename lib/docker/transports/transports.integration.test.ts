/**
 * The ssh:// and tcp+TLS transports against real engines: this suite's engine (`DOCKER_HOST`) reached through a
 * test-owned OpenSSH server on 127.0.0.1 (test/ssh-server.ts: host key, client key and known_hosts made here,
 * the key forced to `docker system dial-stdio`), and a test-owned second engine (`tls14`) listening on
 * tcp://127.0.0.1:<port> with `--tlsverify` and certificates made by openssl here (test/tls-certs.ts). Its
 * one container is created, not started, so the engine stops fast.
 *
 *   npx vitest run --project integration lib/docker/transports/transports.integration.test.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, DEFAULT_IMAGE, removeFleet, SUITE_LABEL } from "@/e2e/support/fleet";
import type { EngineConfig, EngineTransport } from "@/lib/engines/types";
import { type PrivateEngine, startPrivateEngine } from "@/test/private-engine";
import { freePort, startSshServer, type TestSshServer } from "@/test/ssh-server";
import { makeTlsCerts, type TestTlsCerts } from "@/test/tls-certs";
import { type EngineDocker, engineDocker } from "./engine-docker";
import { HostKeyRejectedError } from "./ssh";

const SUITE = "it-transports";
const dir = mkdtempSync(path.join(tmpdir(), "roaudit-transports-"));
/** Generous: the CI machine runs many suites at once, and every channel starts a docker CLI on the remote. */
const timeouts = { timeout: 60_000, connectionTimeout: 60_000 };
let sshd: TestSshServer;
let tlsEngine: PrivateEngine;
let tlsPort: number;
let certs: TestTlsCerts;
const opened: EngineDocker[] = [];

function engine(name: string, transport: EngineTransport): EngineConfig {
  return { name, transport, readOnly: false, labels: {}, trials: false, source: "file" };
}

function open(config: EngineConfig): EngineDocker {
  const client = engineDocker(config, timeouts);
  opened.push(client);
  return client;
}

function sshTransport(overrides: Partial<Extract<EngineTransport, { kind: "ssh" }>> = {}): EngineTransport {
  return {
    kind: "ssh",
    host: "127.0.0.1",
    port: sshd.port,
    user: sshd.user,
    identityFile: sshd.identityFile,
    passphraseFile: null,
    knownHostsFile: sshd.knownHostsFile,
    ...overrides,
  };
}

function tlsTransport(tls: Partial<{ ca: string; cert: string; key: string }> = {}): EngineTransport {
  return {
    kind: "tcp",
    host: "127.0.0.1",
    port: tlsPort,
    tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey, skipVerify: false, ...tls },
  };
}

beforeAll(async () => {
  const engineHost = process.env.DOCKER_HOST;
  if (!engineHost?.startsWith("unix://"))
    throw new Error("DOCKER_HOST must name the suite's private engine socket");
  await createFleet(SUITE, [{ name: "it-transports-web", args: [] }]);
  sshd = await startSshServer(path.join(dir, "ssh"), engineHost);
  certs = makeTlsCerts(path.join(dir, "tls"));
  tlsPort = await freePort();
  tlsEngine = await startPrivateEngine("tls14", {
    images: [DEFAULT_IMAGE],
    extraArgs: [
      "--tlsverify",
      `--tlscacert=${certs.ca}`,
      `--tlscert=${certs.serverCert}`,
      `--tlskey=${certs.serverKey}`,
      "-H",
      `tcp://127.0.0.1:${tlsPort}`,
    ],
  });
  await tlsEngine.docker(["rm", "-f", "it-transports-tls"]).catch(() => "");
  await tlsEngine.docker([
    "create",
    "--name",
    "it-transports-tls",
    "--network",
    "none",
    "--label",
    `${SUITE_LABEL}=${SUITE}`,
    DEFAULT_IMAGE,
  ]);
}, 180_000);

afterAll(async () => {
  for (const client of opened) client.close();
  await sshd?.stop();
  await tlsEngine?.docker(["rm", "-f", "it-transports-tls"]).catch(() => "");
  await tlsEngine?.stop();
  await removeFleet(SUITE);
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe("ssh:// transport", () => {
  it("lists, inspects and execs over one SSH connection", { timeout: 120_000 }, async () => {
    const client = open(engine("ssh", sshTransport()));
    expect(String(await client.docker.ping())).toBe("OK");
    const list = await client.docker.listContainers({
      all: true,
      filters: { label: [`${SUITE_LABEL}=${SUITE}`] },
    });
    expect(list.map((c) => c.Names[0])).toEqual(["/it-transports-web"]);
    const inspects = await Promise.all(
      Array.from({ length: 20 }, () => client.docker.getContainer(list[0]?.Id ?? "").inspect()),
    );
    expect(new Set(inspects.map((i) => i.Name))).toEqual(new Set(["/it-transports-web"]));

    const exec = await client.docker.getContainer(list[0]?.Id ?? "").exec({
      Cmd: ["id", "-u"],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => stream.on("end", resolve));
    // The multiplexed stream: 8-byte frame header, then the output.
    expect(Buffer.concat(chunks).subarray(8).toString().trim()).toBe("0");
    expect(client.sshConnections()).toBe(1);
  });

  it("refuses a changed host key and an unknown one, saying so, before sending anything", async () => {
    const changed = open(engine("ssh-changed", sshTransport({ knownHostsFile: sshd.wrongKnownHostsFile })));
    const error = await changed.docker.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostKeyRejectedError);
    expect((error as HostKeyRejectedError).verdict).toEqual({ kind: "changed", keyType: "ssh-ed25519" });
    expect((error as Error).message).toMatch(/differs from the one in the engine's known_hosts file/);

    const empty = path.join(dir, "known_hosts.empty");
    writeFileSync(empty, "");
    const unknown = open(engine("ssh-unknown", sshTransport({ knownHostsFile: empty })));
    const error2 = await unknown.docker.ping().catch((e: unknown) => e);
    expect((error2 as HostKeyRejectedError).verdict?.kind).toBe("unknown");
    for (const e of [error, error2]) {
      const text = `${(e as Error).message} ${JSON.stringify(e)}`;
      expect(text).not.toContain(sshd.identityFile);
      expect(text).not.toContain(dir);
      expect(text).not.toContain("root@");
    }
  });

  it("refuses a key the server does not accept", async () => {
    const otherKey = path.join(dir, "ssh", "other_host_key");
    const client = open(engine("ssh-key", sshTransport({ identityFile: otherKey })));
    await expect(client.docker.ping()).rejects.toThrow(/refused the engine's key/);
  });
});

describe("tcp:// with TLS", () => {
  it("lists the engine's containers with the client certificate and CA", async () => {
    const client = open(engine("tls", tlsTransport()));
    const list = await client.docker.listContainers({
      all: true,
      filters: { label: [`${SUITE_LABEL}=${SUITE}`] },
    });
    expect(list.map((c) => c.Names[0])).toEqual(["/it-transports-tls"]);
  });

  it("refuses an engine whose certificate another CA signed", async () => {
    const other = makeTlsCerts(path.join(dir, "tls-other"), "another CA");
    const client = open(engine("tls-ca", tlsTransport({ ca: other.ca })));
    await expect(client.docker.ping()).rejects.toThrow();
  });

  it("is refused by the engine without a client certificate it trusts", async () => {
    const other = makeTlsCerts(path.join(dir, "tls-client"), "client CA");
    const client = open(engine("tls-cert", tlsTransport({ cert: other.clientCert, key: other.clientKey })));
    await expect(client.docker.ping()).rejects.toThrow();
  });
});

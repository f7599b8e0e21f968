import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeTlsCerts } from "@/test/tls-certs";
import { resolveEngines } from "./config";
import { contextDirName } from "./contexts";
import { publicEngine } from "./types";

const dir = mkdtempSync(path.join(tmpdir(), "roaudit-engines-"));
const dockerConfig = path.join(dir, "docker-config");
const identity = path.join(dir, "canary-identity-key");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The docker CLI writes the contexts, as a user would (`docker context create`); no engine is contacted. */
beforeAll(() => {
  writeFileSync(identity, "not read here");
  const certs = makeTlsCerts(path.join(dir, "certs"));
  const docker = (...args: string[]) =>
    execFileSync("docker", args, { env: { ...process.env, DOCKER_CONFIG: dockerConfig }, stdio: "pipe" });
  docker(
    "context",
    "create",
    "Prod-1",
    "--docker",
    `host=tcp://10.0.0.5:2376,ca=${certs.ca},cert=${certs.clientCert},key=${certs.clientKey}`,
  );
  docker("context", "create", "edge", "--docker", "host=ssh://canary-user@edge.example:2222");
  docker("context", "create", "sock", "--docker", "host=unix:///run/other.sock");
});

const base = { DOCKER_CONFIG: dockerConfig, HOME: dir, ROAUDIT_SSH_IDENTITY_FILE: identity };

describe("resolveEngines", () => {
  it("keeps today's single engine from DOCKER_HOST, named local or after DOCKER_CONTEXT", () => {
    expect(resolveEngines({ ...base, DOCKER_HOST: "unix:///run/x.sock" })).toEqual({
      engines: [
        {
          name: "local",
          transport: { kind: "unix", socketPath: "/run/x.sock" },
          readOnly: false,
          labels: {},
          trials: true,
          source: "docker-host",
        },
      ],
      mode: "docker-host",
      error: null,
      skipped: [],
    });
    expect(resolveEngines({ ...base }).engines[0]?.transport).toEqual({
      kind: "unix",
      socketPath: "/var/run/docker.sock",
    });
    const fromContext = resolveEngines({ ...base, DOCKER_CONTEXT: "sock" }).engines;
    expect(fromContext.map((e) => [e.name, e.transport])).toEqual([
      ["sock", { kind: "unix", socketPath: "/run/other.sock" }],
    ]);
  });

  it("reads every context the docker CLI wrote, default included, with their TLS files", () => {
    const setup = resolveEngines({ ...base, DOCKER_HOST: "unix:///run/d.sock", ROAUDIT_ENGINES: "contexts" });
    expect(setup.error).toBeNull();
    expect(setup.engines.map((e) => e.name)).toEqual(["default", "edge", "prod-1", "sock"]);
    const tlsDir = path.join(dockerConfig, "contexts", "tls", contextDirName("Prod-1"), "docker");
    expect(setup.engines[2]?.transport).toEqual({
      kind: "tcp",
      host: "10.0.0.5",
      port: 2376,
      tls: {
        ca: `${tlsDir}/ca.pem`,
        cert: `${tlsDir}/cert.pem`,
        key: `${tlsDir}/key.pem`,
        skipVerify: false,
      },
    });
    expect(setup.engines[1]?.transport).toEqual({
      kind: "ssh",
      host: "edge.example",
      port: 2222,
      user: "canary-user",
      identityFile: identity,
      passphraseFile: null,
      knownHostsFile: path.join(dir, ".ssh", "known_hosts"),
    });
    expect(setup.engines.map((e) => e.trials)).toEqual([true, false, false, true]);
  });

  it("reads a comma list of contexts, and fails closed on a name that is not one", () => {
    expect(resolveEngines({ ...base, ROAUDIT_ENGINES: "sock, edge" }).engines.map((e) => e.name)).toEqual([
      "sock",
      "edge",
    ]);
    const missing = resolveEngines({ ...base, ROAUDIT_ENGINES: "sock,nope" });
    expect(missing.engines).toEqual([]);
    expect(missing.error).toMatch(/nope.*does not exist/);
  });

  it("leaves out an ssh context with no key file, saying why", () => {
    const setup = resolveEngines({ DOCKER_CONFIG: dockerConfig, HOME: dir, ROAUDIT_ENGINES: "contexts" });
    expect(setup.engines.map((e) => e.name)).toEqual(["default", "prod-1", "sock"]);
    expect(setup.skipped).toEqual([expect.stringMatching(/^context "edge": .*identity file/)]);
  });

  it("reads the engines file, reads it again when it changes, and fails closed when it turns invalid", () => {
    const file = path.join(dir, "engines.yaml");
    writeFileSync(file, "engines:\n  - { name: a, host: 'unix:///a.sock', labels: { env: prod } }\n");
    const first = resolveEngines({ ...base, ROAUDIT_ENGINES_FILE: file });
    expect(first.engines.map((e) => [e.name, e.labels])).toEqual([["a", { env: "prod" }]]);

    writeFileSync(file, "engines:\n  - { name: b, host: 'unix:///b.sock', readOnly: true }\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(
      resolveEngines({ ...base, ROAUDIT_ENGINES_FILE: file }).engines.map((e) => [e.name, e.readOnly]),
    ).toEqual([["b", true]]);

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    writeFileSync(file, "engines:\n  - { name: b, host: 'tcp://10.9.9.9:2375' }\n");
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    const invalid = resolveEngines({ ...base, ROAUDIT_ENGINES_FILE: file });
    resolveEngines({ ...base, ROAUDIT_ENGINES_FILE: file });
    expect(invalid.engines).toEqual([]);
    expect(invalid.error).toMatch(/engines file: engines\.0\.host: .*allowPlainTcp/);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0])).not.toContain("10.9.9.9");
    log.mockRestore();

    const gone = resolveEngines({ ...base, ROAUDIT_ENGINES_FILE: path.join(dir, "missing.yaml") });
    expect(gone.engines).toEqual([]);
    expect(gone.error).toMatch(/cannot be read: ENOENT/);
  });

  it("refuses the same name from contexts and the file", () => {
    const file = path.join(dir, "dup.yaml");
    writeFileSync(file, "engines:\n  - { name: sock, host: 'unix:///x.sock' }\n");
    const setup = resolveEngines({ ...base, ROAUDIT_ENGINES: "sock", ROAUDIT_ENGINES_FILE: file });
    expect(setup.engines).toEqual([]);
    expect(setup.error).toMatch(/sock is named twice/);
  });
});

describe("publicEngine", () => {
  it("carries no path, host, user or certificate", () => {
    const setup = resolveEngines({ ...base, ROAUDIT_ENGINES: "contexts" });
    const view = JSON.stringify(setup.engines.map(publicEngine));
    expect(view).not.toMatch(/canary|edge\.example|10\.0\.0\.5|\.pem|\/run\//);
    expect(setup.engines.map(publicEngine)[1]).toEqual({
      name: "edge",
      transport: "ssh",
      labels: {},
      readOnly: false,
    });
  });
});

import { describe, expect, it } from "vitest";
import { parseEnginesFile } from "./schema";

const SSH = "ssh: { identityFile: /k/id, knownHostsFile: /k/known_hosts }";

describe("parseEnginesFile", () => {
  it("reads unix, tls and ssh engines with defaults", () => {
    const engines = parseEnginesFile(
      [
        "engines:",
        "  - { name: local, host: 'unix:///run/docker.sock' }",
        "  - name: edge",
        "    host: tcp://10.0.0.7:2376",
        "    tls: { ca: /t/ca.pem, cert: /t/cert.pem, key: /t/key.pem }",
        "    readOnly: true",
        `  - { name: prod-1, host: 'ssh://audit@prod-1', ${SSH}, labels: { env: prod } }`,
      ].join("\n"),
    );
    expect(engines).toEqual([
      {
        name: "local",
        transport: { kind: "unix", socketPath: "/run/docker.sock" },
        readOnly: false,
        labels: {},
        trials: true,
        source: "file",
      },
      {
        name: "edge",
        transport: {
          kind: "tcp",
          host: "10.0.0.7",
          port: 2376,
          tls: { ca: "/t/ca.pem", cert: "/t/cert.pem", key: "/t/key.pem", skipVerify: false },
        },
        readOnly: true,
        labels: {},
        trials: false,
        source: "file",
      },
      {
        name: "prod-1",
        transport: {
          kind: "ssh",
          host: "prod-1",
          port: 22,
          user: "audit",
          identityFile: "/k/id",
          passphraseFile: null,
          knownHostsFile: "/k/known_hosts",
        },
        readOnly: false,
        labels: { env: "prod" },
        trials: false,
        source: "file",
      },
    ]);
  });

  it("accepts JSON", () => {
    expect(
      parseEnginesFile('{"engines":[{"name":"a","host":"unix:///a.sock","trials":false}]}')[0]?.trials,
    ).toBe(false);
  });

  it("refuses bad names, duplicates, unknown keys, relative paths and plain tcp to another host", () => {
    const cases: Array<[string, RegExp]> = [
      ["engines: [{ name: Prod, host: 'unix:///a' }]", /engines\.0\.name/],
      ["engines: [{ name: a, host: 'unix:///a' }, { name: a, host: 'unix:///b' }]", /listed twice/],
      ["engines: [{ name: a, host: 'unix:///a', readonly: true }]", /readonly/],
      [
        "engines: [{ name: a, host: 'ssh://u@h', ssh: { identityFile: id, knownHostsFile: /k } }]",
        /absolute/,
      ],
      ["engines: [{ name: a, host: 'tcp://10.1.1.1:2375' }]", /engines\.0\.host: .*allowPlainTcp/],
      ["engines: [{ name: a, host: 'ssh://u@h' }]", /identity file/],
      [
        "engines: [{ name: a, host: 'unix:///a', ssh: { identityFile: /i, knownHostsFile: /k } }]",
        /ssh:\/\/ hosts only/,
      ],
      ["engines: []", /at least one/],
      ["engines: [", /not valid YAML/],
      ["", /engines/],
    ];
    for (const [text, message] of cases) expect(() => parseEnginesFile(text), text).toThrow(message);
    expect(
      parseEnginesFile("engines: [{ name: a, host: 'tcp://10.1.1.1:2375', allowPlainTcp: true }]"),
    ).toHaveLength(1);
  });

  it("never repeats a user name or password in its messages", () => {
    try {
      parseEnginesFile("engines: [{ name: a, host: 'ssh://canary-user:canary-pass@h' }]");
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toMatch(/canary/);
    }
  });
});

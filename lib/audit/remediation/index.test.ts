import { describe, expect, it } from "vitest";
import { type RemediationFixture, remediationInput } from "../fixtures/remediation/load";
import { generateRemediation } from ".";

const FIXTURES: RemediationFixture[] = [
  "writes-root",
  "nonroot-limits",
  "hostile",
  "writes-exited",
  "nginx-tagged",
  "created",
];

describe("generateRemediation", () => {
  it.each(FIXTURES)("never shows an environment value (fixture %s)", (name) => {
    const { snapshot, changes } = remediationInput(name);
    expect(JSON.stringify(generateRemediation(snapshot, changes))).not.toContain("canary-secret-value");
  });

  it("answers the wire shape: docker run, compose, write paths, notes (fixture writes-exited)", () => {
    const { snapshot, changes } = remediationInput("writes-exited");
    const answer = generateRemediation(snapshot, changes);
    expect(Object.keys(answer).sort()).toEqual(["checkFixes", "compose", "dockerRun", "notes", "writePaths"]);
    expect(answer.writePaths.map((w) => `${w.kind} ${w.path}`)).toEqual([
      "tmpfs /tmp",
      "volume /var/lib/app",
    ]);
    expect(answer.dockerRun).toContain("  -v rem-writes-exited-var-lib-app:/var/lib/app \\\n");
    expect(answer.compose).toContain("read_only: true");
    expect(answer.notes).toContain(
      "Left out 1 entry made by the engine or an interactive shell, not the app: /root/.ash_history (interactive shell).",
    );
  });

  it("redacts paths under the engine's storage root", () => {
    const { snapshot, changes } = remediationInput("writes-root");
    const mounts = snapshot.mounts.map((m) =>
      m.type === "bind" ? { ...m, source: "/var/lib/docker/volumes/x/_data" } : m,
    );
    const answer = generateRemediation({ ...snapshot, mounts }, changes);
    expect(answer.dockerRun).toContain("-v '<docker-root>/volumes/x/_data:/config:ro'");
    expect(JSON.stringify(answer)).not.toContain("/var/lib/docker");
    const note =
      "the source of /config is the engine's own storage (shown as <docker-root>, its path withheld): replace it with a host folder or a named volume before running this; binding engine storage into a container is itself a finding";
    expect(answer.dockerRun).toContain(`# check: -v: ${note}\n`);
    expect(answer.compose).toContain(`# check: volumes: ${note}\n`);
  });

  it("gives what a trial proved over the guess: its mounts with their evidence, its capabilities kept", () => {
    const { snapshot, changes } = remediationInput("writes-root");
    const evidence = 'trial round 1: open() "/var/log/app/x.log" failed (30: Read-only file system)';
    const answer = generateRemediation(snapshot, changes, {
      writePaths: [{ path: "/var/log/app", kind: "volume", evidence: [evidence] }],
      capabilities: ["CAP_CHOWN"],
    });
    expect(answer.writePaths).toContainEqual({ path: "/var/log/app", kind: "volume", evidence: [evidence] });
    expect(answer.dockerRun).toContain("--cap-add CHOWN");
    expect(answer.dockerRun).toContain("CHOWN kept (a trial run failed without it)");
    expect(answer.notes[0]).toMatch(/^A trial run started this configuration read-only/);
  });
});

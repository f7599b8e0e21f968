import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fixtureSnapshot } from "../fixtures/load";
import { remediationInput } from "../fixtures/remediation/load";
import { knownImage } from "../known-images";
import { discoverWritePaths } from "../write-paths";
import { composeObject, renderCompose } from "./compose";
import { renderDockerRun } from "./docker-run";
import { buildPlan } from "./plan";

function planOf(name: Parameters<typeof remediationInput>[0]) {
  const { snapshot, changes } = remediationInput(name);
  const known = knownImage(snapshot.image);
  return buildPlan(snapshot, discoverWritePaths(changes, snapshot, known), known);
}

/** Compose's reading of a string: `$$` is one `$`. */
const uninterpolated = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replaceAll("$$", "$"));

describe("composeObject", () => {
  it("holds the same restrictions as the docker run plan (fixture writes-root)", () => {
    const service = (
      composeObject(planOf("writes-root")).services as Record<string, Record<string, unknown>>
    )["rem-writes-root"];
    expect(service).toMatchObject({
      read_only: true,
      cap_drop: ["ALL"],
      cap_add: ["NET_BIND_SERVICE"],
      security_opt: ["no-new-privileges:true"],
      mem_limit: "256m",
      pids_limit: 256,
      network_mode: "none",
      restart: "unless-stopped",
      init: true,
      hostname: "app-host",
      working_dir: "/srv",
      ports: ["127.0.0.1:8080:80"],
    });
    expect(service?.user).toBeUndefined();
  });
});

describe("compose ports", () => {
  it("writes ports in the short syntax every compose reads, quoted (fixture writes-root)", () => {
    const plan = planOf("writes-root");
    plan.ports = [
      ...plan.ports,
      { containerPort: "9000/udp", hostIp: "127.0.0.1", hostPort: "9000" },
      { containerPort: "53/udp", hostIp: "::1", hostPort: "5353" },
      { containerPort: "8443/tcp", hostIp: "", hostPort: "" },
    ];
    const text = renderCompose(plan);
    const doc = parse(text) as { services: Record<string, { ports: unknown }> };
    expect(doc.services["rem-writes-root"]?.ports).toEqual([
      "127.0.0.1:8080:80",
      "127.0.0.1:9000:9000/udp",
      "[::1]:5353:53/udp",
      "8443",
    ]);
    expect(text).toContain('      - "127.0.0.1:9000:9000/udp"\n');
    expect(text).not.toContain("host_ip");
  });
});

describe("compose security options", () => {
  it("leaves out label=disable, with its note before security_opt (fixture privileged-readonly)", () => {
    const snapshot = fixtureSnapshot("privileged-readonly");
    const plan = buildPlan(snapshot, discoverWritePaths(null, snapshot, null), null);
    const text = renderCompose(plan);
    const doc = parse(text) as { services: Record<string, Record<string, unknown>> };
    expect(Object.values(doc.services)[0]?.security_opt).toEqual(["no-new-privileges:true"]);
    expect(text).toMatch(
      /# check: security_opt: label=disable \(SELinux labelling off[^\n]*\n\s+security_opt:\n/,
    );
    expect(renderDockerRun(plan)).toMatch(/^# check: --security-opt: label=disable \(SELinux/m);
    expect(renderDockerRun(plan)).not.toContain("label=disable \\");
  });
});

describe("renderCompose", () => {
  it("parses back to the object, with check notes as comments before their keys (fixture nonroot-limits)", () => {
    const plan = planOf("nonroot-limits");
    const text = renderCompose(plan);
    expect(parse(text)).toEqual(composeObject(plan));
    expect(text).toContain('    user: "1000:1000"\n');
    expect(text).toContain(
      "    # check: tmpfs: the tmpfs /tmp allows exec today and is made noexec,nosuid here: the app may need exec there; put it back only if it does\n    tmpfs:\n",
    );
  });

  it("puts a root container's user note before read_only (fixture writes-root)", () => {
    expect(renderCompose(planOf("writes-root"))).toContain(
      '    # check: user: it runs as root today (Config.User ""): which non-root uid does the image support? Then add --user <uid>:<gid>\n    read_only: true\n',
    );
  });

  it("keeps hostile text as data: quotes, newlines, and $ that compose would interpolate (fixture hostile)", () => {
    const { snapshot } = remediationInput("hostile");
    const plan = planOf("hostile");
    const doc = parse(renderCompose(plan)) as { services: Record<string, Record<string, unknown>> };
    const service = doc.services["rem-hostile"];
    expect(JSON.stringify(service)).toContain("$$(id -u)");
    expect(uninterpolated(service)).toMatchObject({
      entrypoint: ["/bin/sh"],
      command: snapshot.run.cmd,
      working_dir: "/srv/it's here",
      volumes: [
        { type: "bind", source: "/srv/hostdata/odd, dir", target: "/mnt/odd", read_only: true },
        { type: "volume", source: "rem-hostile-var-lib-x-y", target: "/var/lib/x\ny" },
      ],
    });
  });

  it("keeps a hostile check note inside its comment", () => {
    const plan = { ...planOf("nonroot-limits") };
    plan.checks = [{ flag: "-v", key: "user", text: "x\nprivileged: true\n" }];
    const doc = parse(renderCompose(plan)) as { services: Record<string, Record<string, unknown>> };
    expect(doc.services["rem-nonroot-limits"]?.privileged).toBeUndefined();
    expect(renderCompose(plan)).toContain("# check: user: x\\nprivileged: true\\n\n");
  });
});

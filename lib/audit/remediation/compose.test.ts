import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { remediationInput } from "../fixtures/remediation/load";
import { knownImage } from "../known-images";
import { discoverWritePaths } from "../write-paths";
import { composeObject, renderCompose } from "./compose";
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
      ports: [{ target: 80, published: "8080", host_ip: "127.0.0.1", protocol: "tcp" }],
    });
    expect(service?.user).toBeUndefined();
  });
});

describe("renderCompose", () => {
  it("parses back to the object, with check notes as comments before their keys (fixture nonroot-limits)", () => {
    const plan = planOf("nonroot-limits");
    const text = renderCompose(plan);
    expect(parse(text)).toEqual(composeObject(plan));
    expect(text).toContain('    user: "1000:1000"\n');
    expect(text).toContain(
      "    # check: tmpfs: the tmpfs /tmp allows exec today and keeps it; change it to noexec,nosuid unless the app needs it\n    tmpfs:\n",
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

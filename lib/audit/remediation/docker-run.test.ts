import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { remediationInput } from "../fixtures/remediation/load";
import { knownImage } from "../known-images";
import { discoverWritePaths } from "../write-paths";
import { composeObject } from "./compose";
import { dockerRunLines, portArg, renderDockerRun } from "./docker-run";
import { buildPlan } from "./plan";

function planOf(name: Parameters<typeof remediationInput>[0]) {
  const { snapshot, changes } = remediationInput(name);
  const known = knownImage(snapshot.image);
  return buildPlan(snapshot, discoverWritePaths(changes, snapshot, known), known);
}

/** The argv sh(1) passes to `docker` when it runs `text`, through a function that prints each argument. */
function argvOf(text: string): string[] {
  const script = `docker() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${text}`;
  return execFileSync("sh", ["-c", script]).toString("utf8").split("\0").slice(0, -1);
}

describe("portArg", () => {
  it.each([
    [{ containerPort: "80/tcp", hostIp: "127.0.0.1", hostPort: "8080" }, "127.0.0.1:8080:80"],
    [{ containerPort: "80/tcp", hostIp: "", hostPort: "8081" }, "8081:80"],
    [{ containerPort: "9000/udp", hostIp: "", hostPort: "" }, "9000/udp"],
    [{ containerPort: "53/udp", hostIp: "::1", hostPort: "5353" }, "[::1]:5353:53/udp"],
    [{ containerPort: "80/tcp", hostIp: "0.0.0.0", hostPort: "" }, "0.0.0.0::80"],
  ])("%o → %s", (binding, arg) => {
    expect(portArg(binding)).toBe(arg);
  });
});

describe("renderDockerRun", () => {
  it("writes check notes as comments, then one flag per line (fixture nonroot-limits)", () => {
    expect(renderDockerRun(planOf("nonroot-limits"))).toBe(
      [
        "# check: --tmpfs: the tmpfs /tmp allows exec today and is made noexec,nosuid here: the app may need exec there; put it back only if it does",
        "# check: --cap-add: NET_BIND_SERVICE kept (added with --cap-add today): drop it if the app does without",
        "docker run -d \\",
        "  --name rem-nonroot-limits \\",
        "  --read-only \\",
        "  --tmpfs /tmp:rw,noexec,nosuid,size=8m \\",
        "  --user 1000:1000 \\",
        "  --cap-drop ALL \\",
        "  --cap-add NET_BIND_SERVICE \\",
        "  --security-opt no-new-privileges:true \\",
        "  --memory 64m \\",
        "  --memory-swap 128m \\",
        "  --pids-limit 100 \\",
        "  --network none \\",
        "  roaudit-fixture:busybox",
      ].join("\n"),
    );
  });

  it("is read by sh as exactly the planned arguments (fixture writes-root)", () => {
    const plan = planOf("writes-root");
    const argv = argvOf(renderDockerRun(plan));
    expect(argv).toEqual(["run", "-d", ...dockerRunLines(plan).flat()]);
    expect(argv).toEqual(
      expect.arrayContaining([
        "--read-only",
        "--tmpfs",
        "/var/run:rw,noexec,nosuid,size=16m",
        "-p",
        "127.0.0.1:8080:80",
      ]),
    );
  });

  it("keeps hostile arguments and paths intact through sh (fixture hostile)", () => {
    const { snapshot } = remediationInput("hostile");
    const argv = argvOf(renderDockerRun(planOf("hostile")));
    expect(argv.slice(argv.indexOf("--workdir"), argv.indexOf("--workdir") + 2)).toEqual([
      "--workdir",
      "/srv/it's here",
    ]);
    expect(argv).toContain("rem-hostile-var-lib-x-y:/var/lib/x\ny");
    expect(argv).toContain("/srv/hostdata/odd, dir:/mnt/odd:ro");
    // Entrypoint and command run as today: ["/bin/sh"] then ["-c", "<script>"].
    const image = argv.indexOf("roaudit-fixture:busybox");
    expect(argv[image - 1]).toBe("/bin/sh");
    expect(argv.slice(image + 1)).toEqual(snapshot.run.cmd);
  });

  it("falls back to --mount for a path with a colon, CSV-quoting fields with commas", () => {
    const plan = { ...planOf("hostile") };
    plan.mounts = [{ type: "bind", source: "/srv/a:b, c", target: "/x", readOnly: true, existing: true }];
    plan.tmpfs = [{ path: "/t:mp", options: "rw,noexec,nosuid,size=16m" }];
    const argv = argvOf(renderDockerRun(plan));
    expect(argv).toContain('type=bind,"source=/srv/a:b, c",target=/x,readonly');
    expect(argv).toContain("type=tmpfs,destination=/t:mp,tmpfs-size=16m");
  });

  it("keeps a hostile check note on one comment line", () => {
    const plan = { ...planOf("nonroot-limits") };
    plan.checks = [{ flag: "-v", key: "volumes", text: "path /a\ndocker rm -f everything" }];
    const text = renderDockerRun(plan);
    expect(text.split("\n")[0]).toBe("# check: -v: path /a\\ndocker rm -f everything");
    expect(argvOf(text)[0]).toBe("run");
  });
});

describe("a tmpfs at a path with ':'", () => {
  it("is written as --mount type=tmpfs with its size and read-only, in docker run and compose alike", () => {
    const plan = {
      ...planOf("nonroot-limits"),
      tmpfs: [{ path: "/a:b", options: "ro,noexec,nosuid,size=8m" }],
    };
    expect(dockerRunLines(plan)).toContainEqual([
      "--mount",
      "type=tmpfs,destination=/a:b,tmpfs-size=8m,readonly",
    ]);
    const service = (composeObject(plan).services as Record<string, Record<string, unknown>>)[plan.name];
    expect(service?.tmpfs).toBeUndefined();
    expect(service?.volumes).toEqual([
      { type: "tmpfs", target: "/a:b", read_only: true, tmpfs: { size: "8m" } },
    ]);
  });
});

/**
 * Reading and auditing the fleet from a real engine: one labelled container per situation.
 */
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HARDENED } from "@/e2e/support/e2e-fleet";
import { CANARY_VALUE, createFleet, docker, engineSocketPath, removeFleet } from "@/e2e/support/fleet";
import { toApiError } from "@/lib/api/respond";
import type { ContainerView, FleetContainer } from "@/lib/api-types";
import { AmbiguousReferenceError, ContainerNotFoundError, InvalidReferenceError } from "./errors";
import { readFleet, viewOf } from "./fleet";
import { resolveContainerId } from "./resolve";
import { fleetWatcher } from "./watcher";

const SUITE = "it-fleet";
const BUSYBOX = "roaudit-fixture:busybox";
let ids: Record<string, string> = {};

beforeAll(async () => {
  await removeFleet(SUITE);
  ids = await createFleet(SUITE, [
    {
      name: "itf-hardened",
      args: HARDENED,
    },
    { name: "itf-user-app", args: ["--user", "app"] },
    { name: "itf-user-toor", args: ["--user", "toor"] },
    { name: "itf-noshell-user", image: "roaudit-fixture:noshell", args: ["--user", "nonroot"] },
    { name: "itf-socket", args: ["-v", `${engineSocketPath()}:/var/run/docker.sock:ro`] },
    { name: "itf-privileged", args: ["--privileged", "--read-only"], start: false },
    { name: "itf-exited", args: [], cmd: ["true"] },
  ]);
  // The docker CLI normalises capability names; the API stores what it is sent (case caps-name-forms).
  const api = new Docker();
  const created = await api.createContainer({
    name: "itf-caps-lower",
    Image: "roaudit-fixture:busybox",
    Labels: { "roaudit.test": SUITE },
    Env: [`ROAUDIT_CANARY=${CANARY_VALUE}`],
    HostConfig: { NetworkMode: "none", CapDrop: ["all"], CapAdd: ["net_admin"] },
  });
  await created.start();
  ids["itf-caps-lower"] = created.id;
});

afterAll(async () => {
  await removeFleet(SUITE);
});

const byName = (containers: FleetContainer[], name: string) => {
  const c = containers.find((x) => x.name === name);
  if (!c) throw new Error(`${name} not in fleet`);
  return c;
};
const status = (c: Pick<ContainerView, "checks">, check: string) =>
  c.checks.find((x) => x.id === check)?.status;

describe("readFleet", () => {
  it("lists running containers by default and adds created/exited ones with all", async () => {
    const running = await readFleet({ all: false });
    const names = running.containers.map((c) => c.name);
    expect(names).toContain("itf-hardened");
    expect(names).not.toContain("itf-privileged");
    expect(names).not.toContain("itf-exited");
    const all = await readFleet({ all: true });
    expect(byName(all.containers, "itf-privileged").state).toBe("created");
    expect(byName(all.containers, "itf-exited").state).toBe("exited");
    // The DOCKER_HOST engine alone: every row names it `local` (issue 14).
    expect(new Set(all.containers.map((c) => c.engine))).toEqual(new Set(["local"]));
  });

  it("grades and resolves users through the container's own /etc/passwd (archive endpoint, no exec)", async () => {
    const { containers } = await readFleet({ all: true });
    expect(byName(containers, "itf-hardened")).toMatchObject({ score: 100, grade: "A" });
    expect(status(byName(containers, "itf-user-app"), "non-root-user")).toBe("pass");
    expect(status(byName(containers, "itf-user-toor"), "non-root-user")).toBe("fail");
    expect(status(byName(containers, "itf-noshell-user"), "non-root-user")).toBe("pass");
    const socket = byName(containers, "itf-socket");
    expect(socket.grade).toBe("F");
    expect(status(socket, "docker-socket-mount")).toBe("fail");
    const privileged = byName(containers, "itf-privileged");
    expect(privileged.grade).toBe("F");
    expect(privileged.checks.find((c) => c.id === "read-only-rootfs")?.message).toMatch(
      /^overridden by --privileged/,
    );
    const caps = byName(containers, "itf-caps-lower");
    expect(status(caps, "cap-drop-all")).toBe("pass");
    expect(caps.checks.find((c) => c.id === "added-capabilities")).toMatchObject({
      status: "fail",
      severity: "high",
    });
  });

  it("never carries an environment value", async () => {
    expect(JSON.stringify(await readFleet({ all: true }))).not.toContain(CANARY_VALUE);
  });

  it("answers repeated reads from the watcher's cache, without asking the engine again", async () => {
    await readFleet({ all: true });
    const before = { ...fleetWatcher().counters };
    await Promise.all([readFleet({ all: true }), readFleet({ all: false }), readFleet({ all: true })]);
    expect(fleetWatcher().counters).toEqual(before);
  });

  it("leaves out a container removed between list and inspect, and viewOf answers null for it", async () => {
    const gone = ids["itf-exited"] ?? "";
    await docker(["rm", "-f", gone]);
    expect(await viewOf(gone)).toBeNull();
    expect((await readFleet({ all: true })).containers.map((c) => c.id)).not.toContain(gone);
  });
});

describe("resolveContainerId", () => {
  it("accepts a full id, a unique prefix and a name", async () => {
    const full = ids["itf-hardened"] ?? "";
    expect(await resolveContainerId(full)).toBe(full);
    expect(await resolveContainerId(full.slice(0, 12))).toBe(full);
    expect(await resolveContainerId("itf-hardened")).toBe(full);
  });

  it.each(["../etc", "a/b", "-rm", "x".repeat(200), "", "name with space", "%2e%2e"])(
    "rejects %j as invalid_id",
    async (ref) => {
      const error = await resolveContainerId(ref).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidReferenceError);
      expect(toApiError(error)).toMatchObject({ code: "invalid_id", status: 400 });
    },
  );

  it("answers not_found for an unknown name", async () => {
    const error = await resolveContainerId("itf-no-such-container").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerNotFoundError);
    expect(toApiError(error)).toMatchObject({ code: "not_found", status: 404 });
  });

  it("answers ambiguous_id for a prefix shared by several ids", async () => {
    // Two of this suite's own ids that share their first hex digit (other containers on the engine can only
    // add to the ambiguity); one no container is named after, or the name would answer instead.
    const own = (await docker(["ps", "-aq", "--no-trunc", "--filter", `label=roaudit.test=${SUITE}`]))
      .split("\n")
      .filter(Boolean);
    const seen = new Set<string>();
    let shared: string | undefined;
    const note = async (id: string) => {
      const digit = id.slice(0, 1);
      if (
        shared === undefined &&
        seen.has(digit) &&
        (await docker(["ps", "-aq", "--filter", `name=^/${digit}$`])) === ""
      )
        shared = digit;
      seen.add(digit);
    };
    for (const id of own) await note(id);
    // Create (never start) containers of this suite until two ids share their first hex digit: among 17 ids
    // two always do.
    while (shared === undefined) {
      await note(
        (
          await docker(["create", "--network", "none", "--label", `roaudit.test=${SUITE}`, BUSYBOX, "true"])
        ).trim(),
      );
    }
    const error = await resolveContainerId(shared ?? "").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousReferenceError);
    expect(toApiError(error)).toMatchObject({ code: "ambiguous_id", status: 409 });
  });
});

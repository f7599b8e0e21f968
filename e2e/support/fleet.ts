import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ProbeId, ProbeResult, Verification } from "@/lib/audit/types";

const execFileAsync = promisify(execFile);

/** Label key of test containers; the value is the suite name (`roaudit.test=<suite>`). */
export const SUITE_LABEL = "roaudit.test";

/** Value of the `ROAUDIT_CANARY` variable every fleet container gets: it must never appear in any output. */
export const CANARY_VALUE = "canary-secret-value";

/** Image used when a spec names none; built by `ensure_fixture_images` in `scripts/lib.sh`. */
export const DEFAULT_IMAGE = "roaudit-fixture:busybox";

/** One container of a test fleet. */
export interface FleetSpec {
  /** Container name, unique on the engine. */
  name: string;
  /** Image reference; {@link DEFAULT_IMAGE} when absent. */
  image?: string;
  /** `docker create` options, e.g. `["--read-only", "--tmpfs", "/tmp"]`. Never a network: it is always `none`. */
  args: string[];
  /** Command after the image; the image's `CMD` (`sleep infinity` for the fixture images) when absent. */
  cmd?: string[];
  /** Start the container after creating it; `true` when absent. `--privileged` ones cannot start on CI hosts. */
  start?: boolean;
}

/** Runs the docker CLI (honouring `DOCKER_HOST`) and returns its trimmed stdout; throws with its stderr. */
export async function docker(args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync("docker", args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`docker ${args.join(" ")} failed: ${stderr || String(error)}`, { cause: error });
  }
}

function suiteLabel(suite: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(suite)) throw new Error(`invalid fleet suite name: ${JSON.stringify(suite)}`);
  return `${SUITE_LABEL}=${suite}`;
}

/** Ids of the containers labelled for `label`, with their names (without the leading `/`). */
async function listFleet(label: string): Promise<{ id: string; name: string }[]> {
  const format = "{{.ID}} {{.Names}}";
  const out = await docker(["ps", "--all", "--no-trunc", "--filter", `label=${label}`, "--format", format]);
  return out
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [id = "", name = ""] = line.split(" ");
      return { id, name };
    });
}

/**
 * Creates one container per spec, all at once, labelled `roaudit.test=<suite>`, with `--network none` and
 * `ROAUDIT_CANARY=canary-secret-value`, and starts those whose `start` is not `false`.
 * A container of the same suite left with one of these names by an earlier run is removed first; a same-named
 * container without the suite's label makes it throw instead.
 * @returns container name → full 64-hex id.
 * @throws Error carrying the docker CLI's stderr when a create or start fails (call {@link removeFleet} after).
 */
export async function createFleet(suite: string, specs: FleetSpec[]): Promise<Record<string, string>> {
  const label = suiteLabel(suite);
  const names = new Set(specs.map((spec) => spec.name));
  const leftovers = (await listFleet(label)).filter((container) => names.has(container.name));
  if (leftovers.length > 0) await docker(["rm", "-f", "-v", ...leftovers.map((container) => container.id)]);

  const created = await Promise.all(
    specs.map(async (spec) => {
      const out = await docker([
        "create",
        "--name",
        spec.name,
        "--network",
        "none",
        "--label",
        label,
        "--env",
        `ROAUDIT_CANARY=${CANARY_VALUE}`,
        ...spec.args,
        spec.image ?? DEFAULT_IMAGE,
        ...(spec.cmd ?? []),
      ]);
      // The id is the last line; warnings (e.g. about swap limits) may come before it.
      const id = out.split("\n").at(-1) ?? "";
      if (spec.start ?? true) await docker(["start", id]);
      return [spec.name, id] as const;
    }),
  );
  return Object.fromEntries(created);
}

/**
 * Removes, with their anonymous volumes, every container labelled `roaudit.test=<suite>` and nothing else.
 * Safe to call when there are none.
 * @throws Error carrying the docker CLI's stderr when listing or removing fails.
 */
export async function removeFleet(suite: string): Promise<void> {
  const containers = await listFleet(suiteLabel(suite));
  if (containers.length > 0) await docker(["rm", "-f", "-v", ...containers.map((container) => container.id)]);
}

/** Host path of the engine's unix socket in use (`DOCKER_HOST=unix://…`, default `/var/run/docker.sock`). */
export function engineSocketPath(): string {
  const host = process.env.DOCKER_HOST ?? "";
  return host.startsWith("unix://") ? host.slice("unix://".length) : "/var/run/docker.sock";
}

/** The id {@link createFleet} returned for `name`; throws when the fleet has no such container. */
export function fleetId(ids: Readonly<Record<string, string>>, name: string): string {
  const value = ids[name];
  if (!value) throw new Error(`no container ${name}`);
  return value;
}

/** The result of probe `probeId` in a Verify; throws when the Verify has none. */
export function probeOf(v: Verification, probeId: ProbeId): ProbeResult {
  const found = v.probes.find((p) => p.id === probeId);
  if (!found) throw new Error(`no probe ${probeId}`);
  return found;
}

/**
 * The part of the Engine API's container inspect answer (`GET /containers/{id}/json`, API 1.41+) that
 * roaudit reads, as a zod schema. Unknown keys are dropped on parse — `Config.Env` among them, so a
 * container's environment never gets past this point. Unset collections may be absent, `null` or empty
 * (case `null-vs-absent-fields`); all become empty here.
 */
import { z } from "zod";

const str = z
  .string()
  .nullish()
  .transform((v) => v ?? "");
const bool = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);
const strings = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);
const stringMap = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});

/** `HostConfig.Mounts[]` entry (what `--mount` asked for). */
const hostConfigMount = z.object({
  Type: str,
  Source: str,
  Target: str,
  ReadOnly: bool,
  TmpfsOptions: z
    .object({
      /** Bytes; 0 or absent: unbounded. */
      SizeBytes: z.number().nullish(),
      /** File mode as a decimal number (1016 is 0o1770). */
      Mode: z.number().nullish(),
      /** API 1.46+: extra options as `[key]` or `[key, value]` pairs, e.g. `[["exec"]]`. */
      Options: z.array(z.array(z.string())).nullish(),
    })
    .nullish(),
});

/** Top-level `Mounts[]` entry (what the container has). */
const mountPoint = z.object({
  Type: str,
  Name: str,
  Source: str,
  Destination: str,
  Mode: str,
  /** Absent would be odd; treat as writable, the safe assumption for an auditor. */
  RW: z
    .boolean()
    .nullish()
    .transform((v) => v ?? true),
});

/** The inspect fields roaudit reads. */
export const inspectSchema = z.object({
  Id: z.string().regex(/^[0-9a-f]{64}$/, "Id is not a 64-hex container id"),
  Name: str,
  State: z.object({ Status: str, Pid: z.number().int().nonnegative().catch(0).default(0) }),
  Config: z.object({
    Image: str,
    User: str,
    Labels: stringMap,
  }),
  HostConfig: z.object({
    ReadonlyRootfs: bool,
    Privileged: bool,
    CapAdd: strings,
    CapDrop: strings,
    SecurityOpt: strings,
    Tmpfs: stringMap,
    Mounts: z
      .array(hostConfigMount)
      .nullish()
      .transform((v) => v ?? []),
    NetworkMode: str,
    PidMode: str,
    IpcMode: str,
    UTSMode: str,
    UsernsMode: str,
    Memory: z
      .number()
      .nullish()
      .transform((v) => v ?? 0),
    MemorySwap: z
      .number()
      .nullish()
      .transform((v) => v ?? 0),
    PidsLimit: z
      .number()
      .nullish()
      .transform((v) => v ?? null),
  }),
  Mounts: z
    .array(mountPoint)
    .nullish()
    .transform((v) => v ?? []),
});

/** The validated subset of an inspect answer. */
export type ParsedInspect = z.infer<typeof inspectSchema>;

/** Thrown when the engine's answer is not an inspect object we understand. */
export class InspectShapeError extends Error {
  override name = "InspectShapeError";
}

/**
 * Validates an inspect answer. Throws {@link InspectShapeError} naming the first wrong field.
 */
export function parseInspect(raw: unknown): ParsedInspect {
  const result = inspectSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join(".") || "(root)" : "(root)";
    throw new InspectShapeError(`unexpected inspect answer at ${where}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/** One entry of `GET /containers/json` as roaudit reads it. */
const listEntry = z.object({
  Id: z.string().regex(/^[0-9a-f]{64}$/, "Id is not a 64-hex container id"),
  Names: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
});

/** A validated container list. */
export type ContainerList = z.infer<typeof listEntry>[];

/**
 * Validates a container list answer. Throws {@link InspectShapeError} naming the first wrong entry: a list
 * roaudit cannot read must not pass for an empty fleet.
 */
export function parseContainerList(raw: unknown): ContainerList {
  const result = z.array(listEntry).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join(".") || "(root)" : "(root)";
    throw new InspectShapeError(`unexpected container list at ${where}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

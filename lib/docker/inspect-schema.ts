/**
 * The part of the Engine API's container inspect answer (`GET /containers/{id}/json`, API 1.41+) that
 * roaudit reads, as a zod schema. Unknown keys are dropped on parse. `Config.Env` is read only to become
 * names and keyed digests (see {@link envDigests}), so a container's environment values never get past this
 * point. Unset collections may be absent, `null` or empty (case `null-vs-absent-fields`); all become empty here.
 */
import { createHmac, randomBytes } from "node:crypto";
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

/** `Config.Cmd` / `Config.Entrypoint`: an argv array, `null`, or (old clients) one string. */
const argv = z
  .union([z.array(z.string()), z.string()])
  .nullish()
  .transform((v) => (v == null ? [] : typeof v === "string" ? [v] : v));

/** Keyed per process: a digest can be compared here, and is worthless anywhere else. */
const ENV_DIGEST_KEY = randomBytes(32);

/** One `Config.Env` entry reduced to its name and a keyed digest of the whole `NAME=value` text. */
export interface EnvDigest {
  name: string;
  digest: string;
}

/** The keyed digest of one `NAME=value` entry, comparable with {@link EnvDigest.digest} in this process. */
export function envDigest(entry: string): string {
  return createHmac("sha256", ENV_DIGEST_KEY).update(entry).digest("hex");
}

/**
 * `Config.Env` (`["NAME=value", …]`) as names and HMAC-SHA-256 digests (key random per process), so that a
 * container's entries can be compared with its image's without holding any value.
 */
export const envDigests = z
  .array(z.string())
  .nullish()
  .transform((v): EnvDigest[] =>
    (v ?? []).map((entry) => ({
      name: entry.split("=", 1)[0] ?? "",
      digest: envDigest(entry),
    })),
  );

/** `Config.ExposedPorts` / `NetworkSettings.Networks`: only the keys are read. */
const keys = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((v) => Object.keys(v ?? {}).sort());

/** `HostConfig.PortBindings`: `{ "80/tcp": [{ "HostIp": "", "HostPort": "8080" }] }`; `null` lists allowed. */
const portBindings = z
  .record(
    z.string(),
    z
      .array(z.object({ HostIp: str, HostPort: str }))
      .nullish()
      .transform((v) => v ?? []),
  )
  .nullish()
  .transform((v) => v ?? {});

/** `HostConfig.Mounts[]` entry (what `--mount` asked for). */
const hostConfigMount = z.object({
  Type: str,
  Source: str,
  Target: str,
  ReadOnly: bool,
  /** `--mount type=volume,volume-driver=…,volume-opt=k=v`: the driver and its options for a new volume. */
  VolumeOptions: z
    .object({
      DriverConfig: z.object({ Name: str, Options: stringMap }).nullish(),
    })
    .nullish(),
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
  /** Volume driver (`local` for the built-in one); `""` for binds and tmpfs. */
  Driver: str,
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
  State: z.object({
    Status: str,
    Pid: z.number().int().nonnegative().catch(0).default(0),
    /** When the container last started (ISO 8601; `0001-01-01T00:00:00Z` when never): keys the passwd cache. */
    StartedAt: z.string().catch("").default(""),
  }),
  /** The image id the container was created from (`sha256:…`). */
  Image: str,
  /** The AppArmor profile the engine applied: `docker-default`, a custom name, `unconfined`, `""` without AppArmor. */
  AppArmorProfile: str,
  Config: z.object({
    Image: str,
    User: str,
    Labels: stringMap,
    Hostname: str,
    Cmd: argv,
    Entrypoint: argv,
    WorkingDir: str,
    ExposedPorts: keys,
    Env: envDigests,
  }),
  HostConfig: z.object({
    ReadonlyRootfs: bool,
    Privileged: bool,
    CapAdd: strings,
    CapDrop: strings,
    SecurityOpt: strings,
    /** `null`/absent: the engine's defaults; `[]`: none (`systempaths=unconfined`). Kept apart on purpose. */
    MaskedPaths: z
      .array(z.string())
      .nullish()
      .transform((v) => v ?? null),
    ReadonlyPaths: z
      .array(z.string())
      .nullish()
      .transform((v) => v ?? null),
    Devices: z
      .array(z.object({ PathOnHost: str, PathInContainer: str, CgroupPermissions: str }))
      .nullish()
      .transform((v) => v ?? []),
    DeviceCgroupRules: strings,
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
    PortBindings: portBindings,
    RestartPolicy: z
      .object({
        Name: str,
        MaximumRetryCount: z
          .number()
          .nullish()
          .transform((v) => v ?? 0),
      })
      .nullish()
      .transform((v) => v ?? { Name: "", MaximumRetryCount: 0 }),
    Init: bool,
  }),
  NetworkSettings: z
    .object({ Networks: keys })
    .nullish()
    .transform((v) => v ?? { Networks: [] }),
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

/** The part of an image's inspect answer (`GET /images/{id}/json`) the remediation compares with. */
export const imageInspectSchema = z.object({
  Config: z
    .object({ Cmd: argv, Entrypoint: argv, WorkingDir: str, Env: envDigests })
    .nullish()
    .transform((v) => v ?? { Cmd: [], Entrypoint: [], WorkingDir: "", Env: [] }),
});

/** The validated subset of an image inspect answer. */
export type ParsedImageInspect = z.infer<typeof imageInspectSchema>;

/** Validates an image inspect answer. Throws {@link InspectShapeError} naming the first wrong field. */
export function parseImageInspect(raw: unknown): ParsedImageInspect {
  const result = imageInspectSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join(".") || "(root)" : "(root)";
    throw new InspectShapeError(
      `unexpected image inspect answer at ${where}: ${issue?.message ?? "invalid"}`,
    );
  }
  return result.data;
}

/** The part of a volume's inspect answer (`GET /volumes/{name}`) roaudit reads: its driver and options. */
export const volumeInspectSchema = z.object({
  Driver: str,
  Options: stringMap,
});

/** The validated subset of a volume inspect answer. */
export type ParsedVolumeInspect = z.infer<typeof volumeInspectSchema>;

/** One entry of `GET /containers/json` as roaudit reads it. */
const listEntry = z.object({
  Id: z.string().regex(/^[0-9a-f]{64}$/, "Id is not a 64-hex container id"),
  Names: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  // What a row shows for a container whose inspect does not answer; lenient, as nothing else relies on them.
  Image: z.string().nullish().catch(null),
  State: z.string().nullish().catch(null),
  /** Creation time (Unix seconds): with `State`, what tells a resync that a known container changed. */
  Created: z.number().nullish().catch(null),
  Labels: z.record(z.string(), z.string()).nullish().catch(null),
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

/**
 * Which engines roaudit audits, from the environment:
 * - neither `ROAUDIT_ENGINES` nor `ROAUDIT_ENGINES_FILE`: one engine, as today — `DOCKER_HOST` (default
 *   `unix:///var/run/docker.sock`), named after `DOCKER_CONTEXT` or `local`;
 * - `ROAUDIT_ENGINES=contexts`: every Docker context (`default` included), or a comma list of context names;
 * - `ROAUDIT_ENGINES_FILE`: the engines file (`schema.ts`), read again whenever it changes.
 * Both may be set (names must then differ). Any error fails closed: no engine is audited and the reason is
 * given, rather than auditing a guess. No `server-only` marker: start-up code reads it.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type FileReadCache, readOnChange } from "@/lib/file-version";
import { processSingleton } from "@/lib/singleton";
import { type DockerContext, dockerConfigDir, readContexts } from "./contexts";
import { parseHost, transportOf } from "./host";
import { parseEnginesFile } from "./schema";
import { ENGINE_NAME_PATTERN, type EngineConfig, EngineConfigError, type EngineTlsFiles } from "./types";

type Env = Readonly<Record<string, string | undefined>>;

/** Largest engines file read, in bytes. */
export const MAX_ENGINES_FILE_BYTES = 256 * 1024;
/** The docker CLI's socket when `DOCKER_HOST` is unset. */
export const DEFAULT_HOST = "unix:///var/run/docker.sock";

/** The engines in force and where they came from. */
export interface EngineSetup {
  engines: EngineConfig[];
  /** Where the list came from. */
  mode: "docker-host" | "configured";
  /** Why no engine is audited (configuration invalid), else `null`. One problem per line; no path or host. */
  error: string | null;
  /** Contexts left out of `ROAUDIT_ENGINES=contexts` (unreadable or unusable), one line each. */
  skipped: string[];
}

/** Resolves the engines in force. Never throws; a problem fails closed in `error`. */
export function resolveEngines(env: Env = process.env): EngineSetup {
  const spec = env.ROAUDIT_ENGINES?.trim() || null;
  const file = env.ROAUDIT_ENGINES_FILE?.trim() || null;
  try {
    if (spec === null && file === null) {
      return { engines: [dockerHostEngine(env)], mode: "docker-host", error: null, skipped: [] };
    }
    const skipped: string[] = [];
    const engines: EngineConfig[] = [];
    if (spec !== null) engines.push(...contextEngines(spec, env, skipped));
    if (file !== null) engines.push(...fileEngines(file));
    const seen = new Set<string>();
    for (const engine of engines) {
      if (seen.has(engine.name)) {
        throw new EngineConfigError(`engine ${engine.name} is named twice (contexts and engines file)`);
      }
      seen.add(engine.name);
    }
    if (engines.length === 0) throw new EngineConfigError("no engine is configured");
    return { engines, mode: "configured", error: null, skipped };
  } catch (error) {
    if (!(error instanceof EngineConfigError)) throw error;
    return {
      engines: [],
      mode: spec === null && file === null ? "docker-host" : "configured",
      error: error.message,
      skipped: [],
    };
  }
}

/** Today's single engine: `DOCKER_HOST` (TLS from `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`), or `DOCKER_CONTEXT`'s host. */
function dockerHostEngine(env: Env): EngineConfig {
  const contextName = env.DOCKER_CONTEXT?.trim() || null;
  const name = contextName !== null && contextName !== "default" ? engineNameOf(contextName) : "local";
  let host = env.DOCKER_HOST?.trim() || null;
  let tls: EngineTlsFiles | null = null;
  if (host === null && contextName !== null && contextName !== "default") {
    const context = readContexts(dockerConfigDir(env)).contexts.find((c) => c.name === contextName);
    if (!context) throw new EngineConfigError(`DOCKER_CONTEXT names no context the docker CLI stores`);
    host = context.host;
    tls = context.tls;
  } else {
    tls = envTls(env);
  }
  return engineOf(name, host ?? DEFAULT_HOST, tls, env, "docker-host");
}

function envTls(env: Env): EngineTlsFiles | null {
  const verify = env.DOCKER_TLS_VERIFY?.trim();
  if (!verify || verify === "0") return null;
  const dir = env.DOCKER_CERT_PATH?.trim() || dockerConfigDir(env);
  return {
    ca: path.join(dir, "ca.pem"),
    cert: path.join(dir, "cert.pem"),
    key: path.join(dir, "key.pem"),
    skipVerify: false,
  };
}

/** The engines of `ROAUDIT_ENGINES`: `contexts` (all, `default` included) or `a,b,c`. */
function contextEngines(spec: string, env: Env, skipped: string[]): EngineConfig[] {
  const { contexts, problems } = readContexts(dockerConfigDir(env));
  const all = [defaultContext(env), ...contexts];
  if (spec === "contexts") {
    skipped.push(...problems);
    const engines: EngineConfig[] = [];
    for (const context of all) {
      try {
        engines.push(engineOf(engineNameOf(context.name), context.host, context.tls, env, "context"));
      } catch (error) {
        if (!(error instanceof EngineConfigError)) throw error;
        skipped.push(`context ${safeName(context.name)}: ${error.message}`);
      }
    }
    return engines;
  }
  const names = spec
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  return names.map((wanted) => {
    const context = all.find((c) => c.name === wanted);
    if (!context)
      throw new EngineConfigError(`ROAUDIT_ENGINES names context ${safeName(wanted)}, which does not exist`);
    try {
      return engineOf(engineNameOf(context.name), context.host, context.tls, env, "context");
    } catch (error) {
      if (!(error instanceof EngineConfigError)) throw error;
      throw new EngineConfigError(`context ${safeName(wanted)}: ${error.message}`);
    }
  });
}

/** The docker CLI's implicit `default` context: `DOCKER_HOST` or the default socket. */
function defaultContext(env: Env): DockerContext {
  return { name: "default", host: env.DOCKER_HOST?.trim() || DEFAULT_HOST, tls: envTls(env) };
}

/** A context's name as an engine name: lower-cased; refused when it still does not fit. */
export function engineNameOf(contextName: string): string {
  const name = contextName.toLowerCase();
  if (!ENGINE_NAME_PATTERN.test(name)) {
    throw new EngineConfigError(
      `context ${safeName(contextName)} cannot be an engine name ([a-z0-9][a-z0-9_.-]*)`,
    );
  }
  return name;
}

function safeName(name: string): string {
  return JSON.stringify(name.replace(/[^\w.+-]/g, "?").slice(0, 64));
}

/**
 * One engine from a host URL as the docker CLI would use it. ssh:// keys come from files only:
 * `ROAUDIT_SSH_IDENTITY_FILE`, else the first of `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`; host keys from
 * `ROAUDIT_SSH_KNOWN_HOSTS_FILE`, else `~/.ssh/known_hosts`.
 */
function engineOf(
  name: string,
  host: string,
  tls: EngineTlsFiles | null,
  env: Env,
  source: EngineConfig["source"],
): EngineConfig {
  const parsed = parseHost(host, tls !== null);
  const transport = transportOf(parsed, {
    tls: parsed.kind === "tcp" ? tls : null,
    allowPlainTcp: false,
    ssh: parsed.kind === "ssh" ? sshDefaults(env) : null,
  });
  return { name, transport, readOnly: false, labels: {}, trials: transport.kind === "unix", source };
}

function sshDefaults(
  env: Env,
): { identityFile: string; passphraseFile: null; knownHostsFile: string } | null {
  const home = env.HOME?.trim() || "/root";
  const identityFile =
    env.ROAUDIT_SSH_IDENTITY_FILE?.trim() ||
    ["id_ed25519", "id_ecdsa", "id_rsa"].map((f) => path.join(home, ".ssh", f)).find((f) => existsSync(f));
  if (!identityFile) return null;
  const knownHostsFile = env.ROAUDIT_SSH_KNOWN_HOSTS_FILE?.trim() || path.join(home, ".ssh", "known_hosts");
  return { identityFile, passphraseFile: null, knownHostsFile };
}

const fileCache = processSingleton<FileReadCache<EngineConfig[] | EngineConfigError>>(
  "engines-file",
  () => ({}),
);

/** The engines file's engines, read again when its mtime, size or inode change. Throws {@link EngineConfigError}. */
function fileEngines(file: string): EngineConfig[] {
  const engines = readOnChange(fileCache, file, readEnginesFile, (read) => {
    if (read instanceof EngineConfigError) {
      console.error(`roaudit: engines file is not used: ${read.message.replaceAll("\n", "; ")}`);
    }
  });
  if (engines instanceof EngineConfigError) throw new EngineConfigError(`engines file: ${engines.message}`);
  return engines;
}

function readEnginesFile(file: string): EngineConfig[] | EngineConfigError {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return new EngineConfigError("not a regular file");
    if (stat.size > MAX_ENGINES_FILE_BYTES)
      return new EngineConfigError(`larger than ${MAX_ENGINES_FILE_BYTES} bytes`);
    return parseEnginesFile(readFileSync(file, "utf8"));
  } catch (error) {
    if (error instanceof EngineConfigError) return error;
    return new EngineConfigError(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

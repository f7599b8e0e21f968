/**
 * Docker contexts, read as the docker CLI writes them: `$DOCKER_CONFIG` (default `~/.docker`) holds
 * `contexts/meta/<sha256 of name>/meta.json` (`Name`, `Endpoints.docker.Host`, `Endpoints.docker.SkipTLSVerify`)
 * and `contexts/tls/<sha256 of name>/docker/{ca,cert,key}.pem`. Read only; nothing here talks to an engine.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { z } from "zod";
import type { EngineTlsFiles } from "./types";
import { EngineConfigError } from "./types";

/** Largest meta.json read, in bytes. */
const MAX_META_BYTES = 64 * 1024;
/** Most contexts read. */
export const MAX_CONTEXTS = 256;

/** One Docker context's docker endpoint. */
export interface DockerContext {
  /** The context's name as the docker CLI shows it. */
  name: string;
  /** `Endpoints.docker.Host`: `unix://…`, `tcp://…`, `ssh://…`. */
  host: string;
  /** TLS files stored with the context, or `null` when it has none. */
  tls: EngineTlsFiles | null;
}

/** The docker CLI's configuration folder: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: Readonly<Record<string, string | undefined>>): string {
  const dir = env.DOCKER_CONFIG?.trim();
  return dir ? dir : path.join(env.HOME?.trim() || homedir(), ".docker");
}

/** The folder name the docker CLI gives a context: the hex SHA-256 of its name. */
export function contextDirName(name: string): string {
  return createHash("sha256").update(name).digest("hex");
}

const metaSchema = z.object({
  Name: z.string().min(1).max(256),
  Endpoints: z.object({
    docker: z.object({ Host: z.string().min(1).max(2048), SkipTLSVerify: z.boolean().optional() }),
  }),
});

/**
 * Every context stored under `configDir`, sorted by name (the implicit `default` context is not stored and not
 * listed). A context whose meta.json is unreadable or not the docker CLI's shape is left out and named in
 * `problems` (by folder, never by contents).
 */
export function readContexts(configDir: string): { contexts: DockerContext[]; problems: string[] } {
  const metaRoot = path.join(configDir, "contexts", "meta");
  let dirs: string[];
  try {
    dirs = readdirSync(metaRoot);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { contexts: [], problems: [] };
    return { contexts: [], problems: [`contexts cannot be read: ${(error as NodeJS.ErrnoException).code}`] };
  }
  const contexts: DockerContext[] = [];
  const problems: string[] = [];
  for (const dir of dirs.sort().slice(0, MAX_CONTEXTS)) {
    if (!/^[0-9a-f]{64}$/.test(dir)) continue;
    try {
      contexts.push(readContext(configDir, dir));
    } catch (error) {
      problems.push(`context folder ${dir.slice(0, 12)}…: ${(error as Error).message}`);
    }
  }
  contexts.sort((a, b) => a.name.localeCompare(b.name));
  return { contexts, problems };
}

function readContext(configDir: string, dir: string): DockerContext {
  const file = path.join(configDir, "contexts", "meta", dir, "meta.json");
  const stat = statSync(file);
  if (!stat.isFile() || stat.size > MAX_META_BYTES)
    throw new EngineConfigError("meta.json is not a small file");
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new EngineConfigError("meta.json is not JSON");
  }
  const meta = metaSchema.safeParse(data);
  if (!meta.success) throw new EngineConfigError("meta.json has no Endpoints.docker.Host");
  if (contextDirName(meta.data.Name) !== dir)
    throw new EngineConfigError("meta.json's Name does not match its folder");
  const docker = meta.data.Endpoints.docker;
  return {
    name: meta.data.Name,
    host: docker.Host,
    tls: contextTls(configDir, dir, docker.SkipTLSVerify === true),
  };
}

function contextTls(configDir: string, dir: string, skipVerify: boolean): EngineTlsFiles | null {
  const tlsDir = path.join(configDir, "contexts", "tls", dir, "docker");
  const files = {
    ca: path.join(tlsDir, "ca.pem"),
    cert: path.join(tlsDir, "cert.pem"),
    key: path.join(tlsDir, "key.pem"),
  };
  const hasCert = existsSync(files.cert) && existsSync(files.key);
  if (!hasCert) return null;
  return { ...files, skipVerify };
}

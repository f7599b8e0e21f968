/**
 * Host-key checking against an OpenSSH known_hosts file, as `ssh -o StrictHostKeyChecking=yes` does it: plain
 * and hashed (`|1|salt|hash`) host names, `[host]:port` for ports other than 22, `*`/`?` wildcards, `!`
 * negation, `@revoked` lines. `@cert-authority` lines are not honoured (no host certificates). Pure.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** What the known_hosts file says of a server's key. */
export type HostKeyVerdict =
  | { kind: "known" }
  /** The host is not listed with a key of this type (ssh's "authenticity can't be established"). */
  | { kind: "unknown"; keyType: string }
  /** The host is listed with a key of this type, but another one (ssh's "REMOTE HOST IDENTIFICATION HAS CHANGED"). */
  | { kind: "changed"; keyType: string }
  /** The key is marked `@revoked`. */
  | { kind: "revoked"; keyType: string };

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …), or `""`. */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return "";
  const length = blob.readUInt32BE(0);
  if (length > 64 || blob.length < 4 + length) return "";
  return blob.subarray(4, 4 + length).toString("latin1");
}

/** The name known_hosts lists a server under: `host` on port 22, else `[host]:port`. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replaceAll("*", ".*")
      .replaceAll("?", ".")}$`,
    "i",
  );
  return re.test(name);
}

function hashedMatch(entry: string, name: string): boolean {
  const [, magic, salt, hash] = entry.split("|");
  if (magic !== "1" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function hostsMatch(field: string, name: string): boolean {
  if (field.startsWith("|")) return hashedMatch(field, name);
  let matched = false;
  for (const pattern of field.split(",")) {
    if (pattern.startsWith("!")) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) matched = true;
  }
  return matched;
}

/**
 * Checks a server's host key (`blob`, the raw SSH public key) for `host`:`port` against the text of a
 * known_hosts file. Never throws; a malformed line is skipped as ssh skips it.
 */
export function checkHostKey(knownHosts: string, host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const keyType = keyTypeOf(blob);
  const key = blob.toString("base64");
  let sawType = false;
  let known = false;
  for (const raw of knownHosts.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    let fields = line.split(/\s+/);
    let marker: string | null = null;
    if (fields[0]?.startsWith("@")) {
      marker = fields[0];
      fields = fields.slice(1);
    }
    const [hosts, type, data] = fields;
    if (!hosts || !type || !data || marker === "@cert-authority") continue;
    if (!hostsMatch(hosts, name)) continue;
    if (marker === "@revoked") {
      if (data === key) return { kind: "revoked", keyType };
      continue;
    }
    if (type !== keyType) continue;
    sawType = true;
    if (data === key) known = true;
  }
  if (known) return { kind: "known" };
  return sawType ? { kind: "changed", keyType } : { kind: "unknown", keyType };
}

/**
 * The host-key algorithms to offer for `host`:`port`: those of the key types known_hosts lists for it (as the
 * OpenSSH client prefers them), so a server with several keys shows the one the file knows. Empty when unlisted.
 */
export function hostKeyAlgorithmsFor(knownHosts: string, host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  const types = new Set<string>();
  for (const raw of knownHosts.split("\n")) {
    const fields = raw.trim().split(/\s+/);
    if (fields[0]?.startsWith("@") || fields[0]?.startsWith("#")) continue;
    const [hosts, type] = fields;
    if (hosts && type && hostsMatch(hosts, name)) types.add(type);
  }
  return [...types].flatMap((type) =>
    type === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [type],
  );
}

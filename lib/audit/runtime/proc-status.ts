/**
 * `/proc/<pid>/status` and `/proc/<pid>/uid_map` as proc(5) and user_namespaces(7) describe them.
 */
import { CAPABILITIES_BY_BIT } from "../capabilities";
import type { ProcessIdentity } from "../types";

/**
 * Capability names of a `CapEff`/`CapBnd`/… mask (16 hex digits, bit n = capability n), sorted.
 * Bits past the known list become `CAP_<n>` so nothing is hidden. Throws on text that is not hex.
 */
export function decodeCapabilities(hex: string): string[] {
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw new Error(`not a capability mask: ${hex}`);
  let mask = BigInt(`0x${hex}`);
  const names: string[] = [];
  for (let bit = 0; mask > 0n; bit += 1, mask >>= 1n) {
    if (mask & 1n) names.push(CAPABILITIES_BY_BIT[bit] ?? `CAP_${bit}`);
  }
  return names.sort();
}

/** One line of a `uid_map` (or `gid_map`): ids `inside`…`inside+count-1` are `outside`… in the parent namespace. */
export interface IdMapRange {
  inside: number;
  outside: number;
  count: number;
}

/** Parses a `uid_map`. The initial namespace shows `0 0 4294967295`. Malformed lines are skipped. */
export function parseIdMap(text: string): IdMapRange[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((n) => n.length === 3 && n.every((x) => Number.isInteger(x) && x >= 0))
    .map(([inside = 0, outside = 0, count = 0]) => ({ inside, outside, count }));
}

/** `true` for the initial namespace's map (`0 0 4294967295`): no user namespace between host and container. */
export function isIdentityMap(ranges: readonly IdMapRange[]): boolean {
  return (
    ranges.length === 1 &&
    ranges[0]?.inside === 0 &&
    ranges[0].outside === 0 &&
    ranges[0].count === 4294967295
  );
}

/** The inside id of an outside (host) id, or `null` when the map does not cover it. */
export function insideId(ranges: readonly IdMapRange[], outside: number): number | null {
  const r = ranges.find((x) => outside >= x.outside && outside < x.outside + x.count);
  return r ? r.inside + (outside - r.outside) : null;
}

/** The outside (host) id of an inside id, or `null` when the map does not cover it. */
export function outsideId(ranges: readonly IdMapRange[], inside: number): number | null {
  const r = ranges.find((x) => inside >= x.inside && inside < x.inside + x.count);
  return r ? r.outside + (inside - r.inside) : null;
}

/**
 * Reads PID 1's identity and privileges from its status text.
 * `readFrom` says whose view the ids are in: `container` when the text was read inside the container (through
 * exec: ids as the container sees them), `host` when read from the host's `/proc` (ids as the host sees them,
 * translated back through `uidMap`; gids through the same map, as the engine writes identical uid and gid
 * maps). With a non-identity `uidMap`, `hostUid` is the host's uid and `capsNamespaced` is `true` (the process
 * is in a non-initial user namespace: its capabilities are that namespace's, not the host's).
 * Throws when `Uid`, `Gid`, `CapEff` or `CapBnd` is missing or malformed (not a status file).
 */
export function parseProcStatus(
  text: string,
  options: { readFrom: "container" | "host"; uidMap?: string | null } = { readFrom: "container" },
): ProcessIdentity {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const effectiveId = (key: string): number => {
    const value = Number((fields.get(key) ?? "").split(/\s+/)[1]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`no effective id in the ${key}: line`);
    return value;
  };
  const caps = (key: string): string[] => {
    const value = fields.get(key);
    if (value === undefined) throw new Error(`no ${key}: line`);
    return decodeCapabilities(value);
  };
  const shownUid = effectiveId("Uid");
  const shownGid = effectiveId("Gid");
  const map = options.uidMap ? parseIdMap(options.uidMap) : [];
  const remapped = map.length > 0 && !isIdentityMap(map);
  let uid = shownUid;
  let gid = shownGid;
  let hostUid: number | null = null;
  if (remapped && options.readFrom === "host") {
    // The host shows host ids; the container's own view is what decides "root in the container".
    uid = insideId(map, shownUid) ?? shownUid;
    gid = insideId(map, shownGid) ?? shownGid;
    hostUid = shownUid;
  } else if (remapped) {
    hostUid = outsideId(map, shownUid);
  }
  const nnp = fields.get("NoNewPrivs");
  const seccomp = fields.get("Seccomp");
  return {
    uid,
    gid,
    hostUid: hostUid === uid ? null : hostUid,
    capEff: caps("CapEff"),
    ...(remapped ? { capsNamespaced: true } : {}),
    capBnd: caps("CapBnd"),
    noNewPrivs: nnp === undefined ? null : nnp === "1",
    seccomp: seccomp === "0" || seccomp === "1" || seccomp === "2" ? (Number(seccomp) as 0 | 1 | 2) : null,
  };
}

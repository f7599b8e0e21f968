/**
 * Count-aware wording for check messages: the number and the noun come from data, so "1 tmpfs mount is
 * noexec" and "3 tmpfs mounts are noexec" are both right, and tests assert the numbers, not the grammar.
 */

/** A noun with its singular and plural forms, e.g. `{ one: "tmpfs mount", many: "tmpfs mounts" }`. */
export interface Noun {
  one: string;
  many: string;
}

/** `"1 tmpfs mount"`, `"2 tmpfs mounts"`. */
export function countOf(n: number, noun: Noun): string {
  return `${n} ${n === 1 ? noun.one : noun.many}`;
}

/**
 * `"the 1 tmpfs mount is"` style subject and verb for a whole set: `"1 tmpfs mount is"` when there is one,
 * `"all 3 tmpfs mounts are"` when there are more.
 */
export function allOf(n: number, noun: Noun): string {
  return n === 1 ? `1 ${noun.one} is` : `all ${n} ${noun.many} are`;
}

/** `"is"` or `"are"` for a count. */
export function isAre(n: number): string {
  return n === 1 ? "is" : "are";
}

/** Nouns the mount checks count. */
export const NOUNS = {
  tmpfs: { one: "tmpfs mount", many: "tmpfs mounts" },
  bind: { one: "bind mount", many: "bind mounts" },
  volume: { one: "volume", many: "volumes" },
  capability: { one: "capability", many: "capabilities" },
  device: { one: "device", many: "devices" },
  path: { one: "path", many: "paths" },
} as const satisfies Record<string, Noun>;

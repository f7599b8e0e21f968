/**
 * Test helper: the captured (or, where this machine cannot run it, hand-written) `/proc` text in
 * `lib/audit/fixtures/proc/` (see the README there).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "fixtures", "proc");

/** The text of `lib/audit/fixtures/proc/<file>`, e.g. `procFixture("readonly-tmpfs.mountinfo")`. */
export function procFixture(file: string): string {
  return readFileSync(path.join(dir, file), "utf8");
}

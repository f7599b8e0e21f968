import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isEntry, journalPath, readJournal, TrialJournalError, writeJournal } from "./trial-journal";

const ID = "a".repeat(64);
const entry = {
  kind: "container" as const,
  ref: ID,
  trialId: "0123456789ab",
  engine: "unix:///run/docker.sock",
};
const fresh = () =>
  ({
    ROAUDIT_STATE_DIR: path.join(mkdtempSync(path.join(tmpdir(), "roaudit-journal-")), "state"),
  }) as NodeJS.ProcessEnv & { ROAUDIT_STATE_DIR: string };

describe("trial journal", () => {
  it("creates the folder 0700, writes 0600 and reads back, leaving no temporary file", () => {
    const env = fresh();
    writeJournal([entry], env);
    expect(statSync(env.ROAUDIT_STATE_DIR).mode & 0o777).toBe(0o700);
    expect(statSync(journalPath(env)).mode & 0o777).toBe(0o600);
    expect(readJournal(env)).toEqual([entry]);
    expect(readdirSync(env.ROAUDIT_STATE_DIR)).toEqual(["trial-journal.json"]);
  });

  it("refuses a state folder writable by group or others", () => {
    const env = fresh();
    mkdirSync(env.ROAUDIT_STATE_DIR, { mode: 0o700 });
    chmodSync(env.ROAUDIT_STATE_DIR, 0o777);
    expect(() => writeJournal([entry], env)).toThrow(TrialJournalError);
  });

  it("refuses a symlinked state folder or journal file, and reads nothing through them", () => {
    const env = fresh();
    const real = `${env.ROAUDIT_STATE_DIR}-real`;
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, env.ROAUDIT_STATE_DIR);
    expect(() => writeJournal([entry], env)).toThrow(TrialJournalError);
    const env2 = fresh();
    mkdirSync(env2.ROAUDIT_STATE_DIR, { mode: 0o700 });
    writeFileSync(path.join(real, "j.json"), JSON.stringify([entry]));
    symlinkSync(path.join(real, "j.json"), journalPath(env2));
    expect(readJournal(env2)).toEqual([]);
    expect(() => writeJournal([entry], env2)).toThrow(TrialJournalError);
  });

  it("refuses a journal file writable by others", () => {
    const env = fresh();
    writeJournal([entry], env);
    chmodSync(journalPath(env), 0o666);
    expect(readJournal(env)).toEqual([]);
    expect(() => writeJournal([entry], env)).toThrow(TrialJournalError);
  });

  it("drops malformed entries read from the file", () => {
    const env = fresh();
    writeJournal([], env);
    const bad = [
      entry,
      { ...entry, ref: "my-app" },
      { ...entry, ref: "A".repeat(64) },
      { ...entry, trialId: "x" },
      { kind: "volume", ref: "../etc", trialId: "0123456789ab", engine: "e" },
      { kind: "volume", ref: "b".repeat(64), trialId: "0123456789ab", engine: "e" },
    ];
    writeFileSync(journalPath(env), JSON.stringify(bad), { mode: 0o600 });
    expect(readJournal(env)).toEqual([bad[0], bad[5]]);
    expect(isEntry({ ...entry, kind: "image" })).toBe(false);
  });
});

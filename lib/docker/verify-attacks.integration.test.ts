/**
 * Issue 8, item 1: a container's own processes (uid 1000) try to ride Verify's execs to root, on a real
 * engine. Each case plants what an attacker inside the container can plant — a `sh` early on the image's
 * `PATH`, a replaced `/bin/sh`, start-up variables in the environment, swapped or symlinked probe files in a
 * world-writable tmpfs — then runs Verify and asserts that nothing ran as uid 0 (no record of `uid=0`, no
 * root-owned file in the writable folders) and that the verdicts are still right. On the code before this
 * change (probes `sh …` as uid 0 with the container's `PATH`), the PATH hijack, the `/bin/sh` swap and the
 * tmpfs race each left a `uid=0` record.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, docker, removeFleet } from "@/e2e/support/fleet";
import type { Verification } from "@/lib/audit/types";
import { verifyContainer } from "./verify";

/** Start-up variables an image may set, all pointing at a planted hook, and a /tmp tmpfs: the exec's own Env must override every one. */
const HOOK_ARGS = [
  "-e",
  "ENV=/bin/hook",
  "-e",
  "BASH_ENV=/bin/hook",
  "-e",
  "LD_PRELOAD=/bin/hook.so",
  "-e",
  "PATH=/bin:/usr/bin",
  "--tmpfs",
  "/tmp",
];

const SUITE = "it-verify-attacks";
let ids: Record<string, string> = {};

const id = (name: string) => {
  const value = ids[name];
  if (!value) throw new Error(`no container ${name}`);
  return value;
};

/** Runs `script` in `name` as uid 1000 — the container's own processes, as an attacker has them. */
const asApp = (name: string, script: string) => docker(["exec", "-u", "1000:1000", name, "sh", "-c", script]);

/** A file's text in the container, `""` when it does not exist (read as uid 1000, like the attacker). */
const readIn = (name: string, file: string) => asApp(name, `cat ${file} 2>/dev/null || true`);

/**
 * Entries below `dirs` owned by uid 0 (the folders themselves excluded). The test's own look, as root to see
 * into roaudit's private folders, through the absolute busybox (never anything the container planted).
 */
const rootOwned = (name: string, dirs: string[]) =>
  docker(["exec", "-u", "0", name, "/bin/busybox", "find", ...dirs, "-mindepth", "1", "-user", "0"]);

/** The `id` lines of a record file that are not uid 1000's own (the test's own planting execs are uid 1000). */
const notApp = (record: string) =>
  record.split("\n").filter((line) => line.startsWith("uid=") && !line.startsWith("uid=1000("));

const status = (v: Verification, probe: string) => v.probes.find((p) => p.id === probe)?.status;

// A `sh` (or any tool) planted early on PATH: records who ran it, then hands over to the real one.
const HIJACK = (record: string, tool: string) =>
  `#!/bin/busybox sh\nid >> ${record}\nexec /bin/busybox ${tool} "$@"\n`;

// The racer of the tmpfs case, run as the container's main process (uid 1000): whatever roaudit makes in /scr
// is replaced at once — a file by a payload that records who ran it, a folder by a symlink to a folder of
// payloads named as roaudit's own would be.
const RACER = `mkdir -p /scr/evil
payload='#!/bin/sh
id >> /scr/raced
echo roaudit-ran'
while :; do
  for f in /scr/.roaudit-*; do
    case "$f" in *'*'|*.evil|*.moved) continue;; esac
    b=\${f##*/}
    printf '%s\\n' "$payload" > "/scr/evil/$b"; chmod 755 "/scr/evil/$b"
    if [ -d "$f" ] && [ ! -L "$f" ]; then
      mv "$f" "$f.moved" 2>/dev/null && ln -s /scr/evil "$f" 2>/dev/null
    elif [ -f "$f" ]; then
      printf '%s\\n' "$payload" > "$f.evil"; chmod 755 "$f.evil"; mv -f "$f.evil" "$f" 2>/dev/null
    fi
  done
done`;

beforeAll(async () => {
  await removeFleet(SUITE);
  ids = await createFleet(SUITE, [
    {
      name: "itva-path-hijack",
      args: ["--user", "1000:1000", "--tmpfs", "/usr/local/bin:exec,mode=1777,size=1m"],
    },
    {
      name: "itva-tmpfs-race",
      args: ["--user", "1000:1000", "--read-only", "--tmpfs", "/scr:exec,mode=0777,size=1m"],
      cmd: ["sh", "-c", RACER],
    },
    {
      // Runs as root: what its processes plant can run as uid 65534 at most, which is less than they have.
      name: "itva-root-swap",
      args: [...HOOK_ARGS],
    },
    {
      name: "itva-bin-swap",
      args: [
        "--user",
        "1000:1000",
        // Start-up variables an image may set: the exec's own Env must override every one of them.
        ...HOOK_ARGS,
      ],
    },
  ]);
  // 1. PATH hijack: /usr/local/bin comes first on the image's PATH and is the container's own to write.
  for (const tool of ["sh", "touch", "timeout", "rm", "chmod", "mkdir", "rmdir", "cat"]) {
    await asApp(
      "itva-path-hijack",
      `printf '%s' '${HIJACK("/usr/local/bin/pwned", tool)}' > /usr/local/bin/${tool} && chmod 755 /usr/local/bin/${tool}`,
    );
  }
  // 3. A writable /bin on a writable root (set up by the image's owner), /bin/sh replaced by uid 1000 with
  // one that records who ran it and with what environment.
  await docker(["exec", "-u", "0", "itva-bin-swap", "chmod", "777", "/bin"]);
  // An /etc/group that makes nobody a member of group 0: the probes' explicit gid keeps it out.
  await docker(["exec", "-u", "0", "itva-bin-swap", "sh", "-c", "echo 'root:x:0:nobody' >> /etc/group"]);
  await asApp(
    "itva-bin-swap",
    `rm /bin/sh && printf '%s' '#!/bin/busybox sh
id >> /bin/pwned
/bin/busybox env | /bin/busybox grep -E "^(PATH|ENV|BASH_ENV|LD_PRELOAD)=" >> /bin/pwned
exec /bin/busybox sh "$@"
' > /bin/sh && chmod 755 /bin/sh && printf 'id >> /bin/pwned-env\\n' > /bin/hook`,
  );
  // 4. The container's root replaces /bin/sh (root-owned, mode 755, as any root process can) with one that
  // records who ran it and with what environment, in the world-writable /tmp.
  await docker([
    "exec",
    "-u",
    "0",
    "itva-root-swap",
    "sh",
    "-c",
    `rm /bin/sh && printf '%s' '#!/bin/busybox sh
/bin/busybox id >> /tmp/pwned
/bin/busybox env | /bin/busybox grep -E "^(PATH|ENV|BASH_ENV|LD_PRELOAD)=" >> /tmp/pwned
exec /bin/busybox sh "$@"
' > /bin/sh && chmod 755 /bin/sh && printf 'id >> /tmp/pwned-env\n' > /bin/hook`,
  ]);
}, 120_000);

afterAll(async () => {
  await removeFleet(SUITE);
});

describe("Verify gives a container's own processes nothing more than they have", () => {
  it("a sh planted on the image's PATH never runs as root (issue 8: PATH hijack)", async () => {
    const v = await verifyContainer(id("itva-path-hijack"));
    // The probes never look at the image's PATH: nothing planted there ran for them (the only records are
    // of this test's own planting execs, as uid 1000).
    expect(notApp(await readIn("itva-path-hijack", "/usr/local/bin/pwned"))).toEqual([]);
    expect(await rootOwned("itva-path-hijack", ["/usr/local/bin"])).toBe("");
    // Verdicts still right: a writable root (uid 65534's create met EACCES, not EROFS), an exec tmpfs.
    expect(v.verdict).toBe("not-enforced");
    expect(status(v, "root-write")).toBe("fail");
    expect(status(v, "tmpfs-exec")).toBe("fail");
  });

  it("a /bin/sh that uid 1000 could replace: no probe runs in the container at all (it would run as 65534, a uid the app does not have)", async () => {
    const v = await verifyContainer(id("itva-bin-swap"));
    // Only this test's own planting execs (uid 1000) are recorded: the swapped shell never ran for Verify.
    expect(notApp(await readIn("itva-bin-swap", "/bin/pwned"))).toEqual([]);
    expect(await readIn("itva-bin-swap", "/bin/pwned-env")).toBe("");
    const root = v.probes.find((p) => p.id === "root-write");
    expect(root?.status).toBe("skipped");
    expect(root?.evidence).toMatch(/not run: .*(uid 1000|writable by its group or by everyone)/);
    // The verdict still comes from the kernel's own mount table, read from the host: / is read-write.
    expect(v.verdict).toBe("not-enforced");
    expect(status(v, "tmpfs-exec")).toBe("skipped");
  });

  it("a /bin/sh swapped by the container's root runs as uid 65534 only, with the fixed environment, never the image's", async () => {
    const v = await verifyContainer(id("itva-root-swap"));
    const record = await readIn("itva-root-swap", "/tmp/pwned");
    // The swapped shell did run (an exec needs a shell), but as nobody: less than the root that planted it.
    expect(record).toMatch(/uid=65534/);
    expect(record).not.toMatch(/uid=0\b/);
    // `User: "65534:65534"` names the group: the engine adds no supplementary group from /etc/group.
    for (const line of record.split("\n").filter((l) => l.startsWith("uid=")))
      expect(line).toMatch(/^uid=65534\(nobody\) gid=65534\(nobody\) groups=65534\(nobody\)$/);
    expect(record).toContain("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
    expect(record).toMatch(/^ENV=$/m);
    expect(record).toMatch(/^BASH_ENV=$/m);
    expect(record).toMatch(/^LD_PRELOAD=$/m);
    expect(await readIn("itva-root-swap", "/tmp/pwned-env")).toBe("");
    expect(v.verdict).toBe("not-enforced");
  });

  it("probe files raced in a world-writable exec tmpfs: 25 Verifies, nothing ran as root, /scr never passes for noexec (issue 8: tmpfs race, symlinked probe folder)", async () => {
    for (let run = 0; run < 25; run += 1) {
      const v = await verifyContainer(id("itva-tmpfs-race"));
      // /scr allows exec: the probe may prove it (its own file ran) or say it could not; never "refused".
      expect(status(v, "tmpfs-exec"), JSON.stringify(v.probes)).not.toBe("pass");
      expect(v.observed?.tmpfsExec?.refused ?? []).not.toContain("/scr");
      expect(v.verdict).toBe("enforced");
    }
    const raced = await readIn("itva-tmpfs-race", "/scr/raced");
    expect(raced).not.toMatch(/uid=0\b/);
    // The private folder is checked before anything runs in it: the racer's payloads never ran at all.
    expect(raced).toBe("");
    expect(await rootOwned("itva-tmpfs-race", ["/scr"])).toBe("");
  }, 240_000);
});

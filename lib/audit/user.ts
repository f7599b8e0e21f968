/**
 * Which uid a container's main process runs as, from `Config.User` and, for names,
 * the container's own `/etc/passwd` (passwd(5) format).
 */
import type { UserSpec } from "./types";

/** Outcome of resolving `Config.User`. */
export type ResolvedUser =
  | {
      ok: true;
      uid: number;
      /**
       * `default`: no user at all (`""`); `group-only`: only a group (`:1000`), so the uid is still the
       * engine's default 0; `numeric`: a uid; `passwd`: a name found in `/etc/passwd`.
       */
      how: "default" | "group-only" | "numeric" | "passwd";
      name: string | null;
    }
  | { ok: false; reason: string; name: string };

/**
 * The user part of `Config.User` (`user[:group]`), trimmed. `""` means the image default, which is root.
 */
export function userPart(configured: string): string {
  const [user = ""] = configured.split(":", 1);
  return user.trim();
}

/** The group part of `Config.User` (`user:group`), trimmed; `null` when there is none (`""`, `app`, `1000`). */
export function groupPart(configured: string): string | null {
  const i = configured.indexOf(":");
  if (i < 0) return null;
  const group = configured.slice(i + 1).trim();
  return group === "" ? null : group;
}

/** `true` when `Config.User` names a user by name (so the uid needs `/etc/passwd`). */
export function needsPasswd(configured: string): boolean {
  const user = userPart(configured);
  return user !== "" && !/^\d+$/.test(user);
}

/**
 * Looks `name` up in passwd(5) text: the first line whose first field is `name`.
 * Returns its uid, or `null` when the name is absent or the line is malformed.
 */
export function lookupPasswdUid(passwd: string, name: string): number | null {
  for (const line of passwd.split(/\r?\n/)) {
    const fields = line.split(":");
    if (fields[0] !== name || fields.length < 3) continue;
    const uid = fields[2] ?? "";
    return /^\d+$/.test(uid) ? Number(uid) : null;
  }
  return null;
}

/**
 * Resolves the uid the main process runs as.
 * - `""` → uid 0 (the engine's default when neither image nor container set a user).
 * - `:1000` (a group only, `--user :1000`) → uid 0 with that group (`how: "group-only"`).
 * - numeric user part (`0`, `0:0`, `1000:1000`) → that uid, no lookup.
 * - a name (`root`, `app`, `app:app`) → its uid from `spec.passwd`; unresolvable names give `ok: false`
 *   with the reason (no passwd readable, or name absent).
 */
export function resolveUser(spec: UserSpec): ResolvedUser {
  const user = userPart(spec.configured);
  if (user === "") {
    const how = groupPart(spec.configured) === null ? "default" : "group-only";
    return { ok: true, uid: 0, how, name: null };
  }
  if (/^\d+$/.test(user)) return { ok: true, uid: Number(user), how: "numeric", name: null };
  if (spec.passwd === null) return { ok: false, reason: `user "${user}" was not looked up`, name: user };
  if (!spec.passwd.ok) {
    return { ok: false, reason: `cannot resolve user "${user}": ${spec.passwd.reason}`, name: user };
  }
  const uid = lookupPasswdUid(spec.passwd.text, user);
  if (uid === null) {
    return { ok: false, reason: `user "${user}" is not in the container's /etc/passwd`, name: user };
  }
  return { ok: true, uid, how: "passwd", name: user };
}

import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkHostKey, hostKeyAlgorithmsFor, keyTypeOf, knownHostsName } from "./known-hosts";

/** An SSH public key blob: string type, then opaque key bytes. */
function blob(type: string, key: string): Buffer {
  const t = Buffer.from(type);
  const k = Buffer.from(key);
  const out = Buffer.alloc(8 + t.length + k.length);
  out.writeUInt32BE(t.length, 0);
  t.copy(out, 4);
  out.writeUInt32BE(k.length, 4 + t.length);
  k.copy(out, 8 + t.length);
  return out;
}

const ED = blob("ssh-ed25519", "good-key");
const ED_OTHER = blob("ssh-ed25519", "other-key");
const EC = blob("ecdsa-sha2-nistp256", "ec-key");
const line = (hosts: string, key: Buffer) => `${hosts} ${keyTypeOf(key)} ${key.toString("base64")}`;

function hashed(name: string): string {
  const salt = Buffer.from("0123456789abcdefghij");
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

describe("keyTypeOf / knownHostsName", () => {
  it("reads the key type and names non-22 ports in brackets", () => {
    expect(keyTypeOf(ED)).toBe("ssh-ed25519");
    expect(keyTypeOf(Buffer.from([0, 0]))).toBe("");
    expect(knownHostsName("h", 22)).toBe("h");
    expect(knownHostsName("127.0.0.1", 2222)).toBe("[127.0.0.1]:2222");
  });
});

describe("checkHostKey", () => {
  it("knows a listed key, by plain, wildcard or hashed name", () => {
    expect(checkHostKey(line("prod-1,10.0.0.1", ED), "prod-1", 22, ED)).toEqual({ kind: "known" });
    expect(checkHostKey(line("*.example.net", ED), "a.example.net", 22, ED)).toEqual({ kind: "known" });
    expect(checkHostKey(line(hashed("[h]:2222"), ED), "h", 2222, ED)).toEqual({ kind: "known" });
  });

  it("says changed for another key of the same type, unknown for an unlisted host or type", () => {
    const file = `# comment\n${line("prod-1", ED)}\n`;
    expect(checkHostKey(file, "prod-1", 22, ED_OTHER)).toEqual({ kind: "changed", keyType: "ssh-ed25519" });
    expect(checkHostKey(file, "prod-2", 22, ED)).toEqual({ kind: "unknown", keyType: "ssh-ed25519" });
    expect(checkHostKey(file, "prod-1", 2222, ED)).toEqual({ kind: "unknown", keyType: "ssh-ed25519" });
    expect(checkHostKey(file, "prod-1", 22, EC)).toEqual({ kind: "unknown", keyType: "ecdsa-sha2-nistp256" });
  });

  it("honours negation and @revoked, ignores @cert-authority", () => {
    expect(checkHostKey(line("*.example.net,!bad.example.net", ED), "bad.example.net", 22, ED).kind).toBe(
      "unknown",
    );
    const revoked = `@revoked * ${ED.toString("base64")}\n${line("h", ED)}`.replace(
      "@revoked * ",
      "@revoked * ssh-ed25519 ",
    );
    expect(checkHostKey(revoked, "h", 22, ED).kind).toBe("revoked");
    expect(checkHostKey(`@cert-authority ${line("h", ED)}`, "h", 22, ED).kind).toBe("unknown");
  });
});

describe("hostKeyAlgorithmsFor", () => {
  it("lists the types known for the host, rsa as its SHA-2 signatures first", () => {
    const file = [line("h", ED), "h ssh-rsa AAAA", line("other", EC)].join("\n");
    expect(hostKeyAlgorithmsFor(file, "h", 22)).toEqual([
      "ssh-ed25519",
      "rsa-sha2-512",
      "rsa-sha2-256",
      "ssh-rsa",
    ]);
    expect(hostKeyAlgorithmsFor(file, "nope", 22)).toEqual([]);
  });
});

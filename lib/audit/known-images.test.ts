import { describe, expect, it } from "vitest";
import { imageRepository, KNOWN_IMAGES, knownImage } from "./known-images";

describe("imageRepository", () => {
  it.each([
    ["nginx", "nginx"],
    ["nginx:1.27-alpine", "nginx"],
    [
      "docker.io/library/nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "nginx",
    ],
    ["index.docker.io/library/postgres:16", "postgres"],
    ["library/node:20", "node"],
    ["NODE:20-slim", "node"],
    ["bitnami/nginx:1.27", "bitnami/nginx"],
    ["localhost:5000/nginx:1", "localhost:5000/nginx"],
    ["ghcr.io/acme/postgres", "ghcr.io/acme/postgres"],
    ["sha256:32f5fcc7cca63442b19e37f04df4bcd161aadf1a94028b416441da490ff69e9b", ""],
    ["roaudit-fixture:busybox", "roaudit-fixture"],
  ])("%s → %s", (reference, repository) => {
    expect(imageRepository(reference)).toBe(repository);
  });
});

describe("knownImage", () => {
  it("matches the field guide's images however the reference is spelt", () => {
    expect(knownImage("nginx")?.id).toBe("nginx");
    expect(knownImage("nginx:1.27-alpine")?.id).toBe("nginx");
    expect(knownImage(`docker.io/library/nginx@sha256:${"a".repeat(64)}`)?.id).toBe("nginx");
    expect(knownImage("node:20")?.id).toBe("node");
    expect(knownImage("postgres:16")?.id).toBe("postgres");
  });

  it("matches nothing else: other repositories, other registries, the fixture images", () => {
    for (const ref of [
      "bitnami/nginx",
      "ghcr.io/acme/nginx",
      "nginxinc/nginx-unprivileged",
      "roaudit-fixture:busybox",
    ]) {
      expect(knownImage(ref)).toBeNull();
    }
  });

  it("holds the guide's paths as data", () => {
    const table = Object.fromEntries(
      KNOWN_IMAGES.map((k) => [k.id, k.writePaths.map((w) => `${w.kind} ${w.path}`)]),
    );
    expect(table).toEqual({
      nginx: ["tmpfs /tmp", "tmpfs /var/cache/nginx", "tmpfs /var/run"],
      node: ["tmpfs /tmp"],
      postgres: ["tmpfs /tmp", "tmpfs /run/postgresql", "volume /var/lib/postgresql/data"],
    });
  });
});

/**
 * The engines file's format (`ROAUDIT_ENGINES_FILE`) and its validation. Pure (no file access): `config.ts`
 * reads the file.
 *
 * ```yaml
 * engines:
 *   - name: local
 *     host: unix:///var/run/docker.sock
 *   - name: prod-1
 *     host: ssh://audit@prod-1.example.net:22
 *     ssh: { identityFile: /etc/roaudit/id_ed25519, knownHostsFile: /etc/roaudit/known_hosts }
 *     labels: { env: prod }
 *   - name: edge
 *     host: tcp://10.0.0.7:2376
 *     tls: { ca: /etc/roaudit/edge/ca.pem, cert: /etc/roaudit/edge/cert.pem, key: /etc/roaudit/edge/key.pem }
 *     readOnly: true        # a GET-only socket proxy: no Verify
 * ```
 * JSON is accepted too (it is YAML). Unknown keys are errors. Paths must be absolute.
 */
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { parseHost, transportOf } from "./host";
import { ENGINE_NAME_PATTERN, type EngineConfig, EngineConfigError } from "./types";

/** Most engines one file may list. */
export const MAX_ENGINES = 200;

const filePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => path.isAbsolute(p), { message: "must be an absolute path" });

const labelKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,62}$/, "label keys are letters, digits, _ . - /");

const engineSchema = z.strictObject({
  name: z.string().regex(ENGINE_NAME_PATTERN, "must match [a-z0-9][a-z0-9_.-]* (at most 63 characters)"),
  host: z.string().min(1).max(2048),
  tls: z.strictObject({ ca: filePath, cert: filePath, key: filePath }).optional(),
  ssh: z
    .strictObject({ identityFile: filePath, passphraseFile: filePath.optional(), knownHostsFile: filePath })
    .optional(),
  allowPlainTcp: z.boolean().default(false),
  readOnly: z.boolean().default(false),
  labels: z.record(labelKey, z.string().max(255)).default({}),
  trials: z.boolean().optional(),
});

/** The engines file, validated (hosts not yet read). */
export const enginesFileSchema = z.strictObject({
  engines: z
    .array(engineSchema)
    .min(1, "list at least one engine")
    .max(MAX_ENGINES)
    .superRefine((engines, ctx) => {
      const seen = new Set<string>();
      engines.forEach((engine, index) => {
        if (seen.has(engine.name)) {
          ctx.addIssue({ code: "custom", path: [index, "name"], message: `${engine.name} is listed twice` });
        }
        seen.add(engine.name);
      });
    }),
});

/**
 * Parses and validates the text of an engines file (YAML 1.2, so JSON too). Throws {@link EngineConfigError}
 * with every problem, one per line (`engines.1.host: …`); messages name fields, never repeat hosts or paths.
 */
export function parseEnginesFile(text: string): EngineConfig[] {
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    throw new EngineConfigError(`not valid YAML or JSON (${(error as { code?: string }).code ?? "syntax"})`);
  }
  const result = enginesFileSchema.safeParse(data ?? {});
  if (!result.success) {
    throw new EngineConfigError(
      result.error.issues
        .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(file)"}: ${issue.message}`)
        .join("\n"),
    );
  }
  const problems: string[] = [];
  const engines: EngineConfig[] = [];
  result.data.engines.forEach((entry, index) => {
    try {
      const parsed = parseHost(entry.host, entry.tls !== undefined);
      const transport = transportOf(parsed, {
        tls: entry.tls ? { ...entry.tls, skipVerify: false } : null,
        allowPlainTcp: entry.allowPlainTcp,
        ssh: entry.ssh
          ? {
              identityFile: entry.ssh.identityFile,
              passphraseFile: entry.ssh.passphraseFile ?? null,
              knownHostsFile: entry.ssh.knownHostsFile,
            }
          : null,
      });
      if (entry.ssh && transport.kind !== "ssh")
        throw new EngineConfigError("ssh settings apply to ssh:// hosts only");
      engines.push({
        name: entry.name,
        transport,
        readOnly: entry.readOnly,
        labels: entry.labels,
        trials: entry.trials ?? transport.kind === "unix",
        source: "file",
      });
    } catch (error) {
      if (!(error instanceof EngineConfigError)) throw error;
      problems.push(`engines.${index}.host: ${error.message}`);
    }
  });
  if (problems.length > 0) throw new EngineConfigError(problems.join("\n"));
  return engines;
}

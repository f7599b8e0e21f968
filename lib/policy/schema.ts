/**
 * The policy file's format and its validation. Pure (no file access): `load.ts` reads the file.
 *
 * ```yaml
 * waived: ignore          # or count: how waived checks count in the score (default ignore)
 * labels: true            # honour roaudit.waive.<check-id>=<reason> labels (default true)
 * labelsMayWaive: non-critical   # or all: may a label accept a critical finding? (default non-critical)
 * waivers:
 *   - check: docker-socket-mount
 *     reason: Traefik reads the engine's events to route traffic
 *     match: { name: traefik }    # and/or image: "traefik:*", label: "com.docker.compose.project=edge"
 * ```
 * JSON is accepted too (it is YAML). Unknown keys are errors, so a typo never silently waives nothing.
 */
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { CHECK_IDS } from "@/lib/audit/types";
import { sanitizeReason, type WaiverPolicy } from "@/lib/audit/waivers";

/** Longest `name`, `image` or `label` pattern, in characters. */
const MAX_PATTERN_LENGTH = 512;

/** Most waivers one policy may hold. */
export const MAX_POLICY_WAIVERS = 1000;

const pattern = z.string().min(1, "must not be empty").max(MAX_PATTERN_LENGTH);

const matchSchema = z
  .strictObject({ name: pattern.optional(), image: pattern.optional(), label: pattern.optional() })
  .refine((m) => m.name !== undefined || m.image !== undefined || m.label !== undefined, {
    message: "give at least one of name, image, label",
  });

const waiverSchema = z.strictObject({
  check: z.enum(CHECK_IDS),
  reason: z
    .string()
    .transform(sanitizeReason)
    .refine((reason) => reason !== "", { message: "a waiver needs a reason" }),
  match: matchSchema,
});

/** The policy file, validated; defaults filled in. */
export const policySchema = z.strictObject({
  waived: z.enum(["ignore", "count"]).default("ignore"),
  labels: z.boolean().default(true),
  labelsMayWaive: z.enum(["all", "non-critical"]).default("non-critical"),
  waivers: z.array(waiverSchema).max(MAX_POLICY_WAIVERS).default([]),
});

/** A policy file that cannot be used; the message says where and why, one problem per line. */
export class PolicyError extends Error {
  override name = "PolicyError";
}

/**
 * Parses and validates the text of a policy file (YAML 1.2, so JSON too). An empty file is the default
 * policy. Throws {@link PolicyError} with the YAML error or every validation problem (`waivers.0.check: …`).
 * Aliases are limited by the parser (`maxAliasCount`), so a "billion laughs" file fails instead of growing.
 */
export function parsePolicy(text: string): WaiverPolicy {
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100, prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new PolicyError(`not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const result = policySchema.safeParse(data ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(file)"}: ${issue.message}`,
    );
    throw new PolicyError(problems.join("\n"));
  }
  return result.data;
}

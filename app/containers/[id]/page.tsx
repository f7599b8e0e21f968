import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ContainerDetail } from "@/components/detail/container-detail";
import { DetailError } from "@/components/detail/detail-error";
import { VerifyPolicyProvider } from "@/components/verify/verify-policy";
import { ApiError } from "@/lib/api/errors";
import { toApiError } from "@/lib/api/respond";
import type { ApiErrorBody, ContainerResponse } from "@/lib/api-types";
import { containerDetail } from "@/lib/docker/container-detail";
import { resolveContainerId } from "@/lib/docker/resolve";
import { HISTORY_LIMIT } from "@/lib/docker/verification-store";
import { settings } from "@/lib/security/settings";

export const dynamic = "force-dynamic";

export interface ContainerPageProps {
  params: Promise<{ id: string }>;
}

/** As on the dashboard: read-only mode switches Verify off, with the reason on the button. */
const READ_ONLY_REASON =
  "Verify is unavailable: roaudit runs in read-only mode (ROAUDIT_READ_ONLY=true) and never runs exec in containers.";

/** The reference as typed; the router hands it over still percent-encoded in some versions. */
function referenceOf(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

async function load(
  reference: string,
): Promise<{ detail: ContainerResponse } | { error: ApiErrorBody["error"] }> {
  try {
    const detail = await containerDetail(await resolveContainerId(reference));
    if (!detail) throw new ApiError("not_found", "No such container (it was removed).");
    return { detail };
  } catch (error) {
    return toApiError(error).toBody();
  }
}

export async function generateMetadata({ params }: ContainerPageProps): Promise<Metadata> {
  return { title: `${referenceOf((await params).id)} — roaudit` };
}

/** `/containers/{id}`: one container by full id, unique id prefix or name, as `GET /api/containers/{id}`. */
export default async function ContainerPage({ params }: ContainerPageProps) {
  const reference = referenceOf((await params).id);
  const result = await load(reference);
  // An unknown reference answers HTTP 404 (not-found.tsx beside this page says what was asked and what to try).
  if ("error" in result && result.error.code === "not_found") notFound();
  if ("error" in result) return <DetailError reference={reference} error={result.error} />;
  return (
    <VerifyPolicyProvider disabledReason={settings().readOnly ? READ_ONLY_REASON : null}>
      <ContainerDetail initial={result.detail} historyLimit={HISTORY_LIMIT} />
    </VerifyPolicyProvider>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ContainerDetail } from "@/components/detail/container-detail";
import { DetailError } from "@/components/detail/detail-error";
import { DetailSkeleton } from "@/components/detail/detail-skeleton";
import { VerifyPolicyProvider } from "@/components/verify/verify-policy";
import { ApiError } from "@/lib/api/errors";
import { toApiError } from "@/lib/api/respond";
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

/** The container's page, or the page saying why it cannot be shown (it was removed, the engine is down). */
async function ContainerLoader({ id, reference }: { id: string; reference: string }) {
  try {
    const detail = await containerDetail(id);
    if (!detail) throw new ApiError("not_found", "No such container (it was removed).");
    return (
      <VerifyPolicyProvider disabledReason={settings().readOnly ? READ_ONLY_REASON : null}>
        <ContainerDetail initial={detail} historyLimit={HISTORY_LIMIT} />
      </VerifyPolicyProvider>
    );
  } catch (error) {
    return <DetailError reference={reference} error={toApiError(error).toBody().error} />;
  }
}

export async function generateMetadata({ params }: ContainerPageProps): Promise<Metadata> {
  return { title: `${referenceOf((await params).id)} — roaudit` };
}

/**
 * `/containers/{id}`: one container by full id, unique id prefix or name, as `GET /api/containers/{id}`. The
 * reference is resolved before anything is sent, so an unknown one answers HTTP 404 (`not-found.tsx`); the
 * container's details (a slower read) stream in behind the page's outline.
 */
export default async function ContainerPage({ params }: ContainerPageProps) {
  const reference = referenceOf((await params).id);
  let id: string;
  try {
    id = await resolveContainerId(reference);
  } catch (error) {
    const body = toApiError(error).toBody().error;
    if (body.code === "not_found") notFound();
    return <DetailError reference={reference} error={body} />;
  }
  return (
    <Suspense fallback={<DetailSkeleton />}>
      <ContainerLoader id={id} reference={reference} />
    </Suspense>
  );
}

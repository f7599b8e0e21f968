import { FleetDashboard } from "@/components/fleet-dashboard";
import { VerifyPolicyProvider } from "@/components/verify-policy";
import { engineEndpoint } from "@/lib/docker/endpoint";
import { settings } from "@/lib/security/settings";

export const dynamic = "force-dynamic";

export interface HomePageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Read-only mode switches Verify off for everyone, with the reason on each button. */
const READ_ONLY_REASON =
  "Verify is unavailable: roaudit runs in read-only mode (ROAUDIT_READ_ONLY=true) and never runs exec in containers.";

export default async function HomePage({ searchParams }: HomePageProps) {
  const { all } = await searchParams;
  return (
    <VerifyPolicyProvider disabledReason={settings().readOnly ? READ_ONLY_REASON : null}>
      <FleetDashboard initialIncludeStopped={all === "true"} engineEndpoint={engineEndpoint()} />
    </VerifyPolicyProvider>
  );
}

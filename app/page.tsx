import { FleetDashboard } from "@/components/fleet/fleet-dashboard";
import { parseFleetView } from "@/components/fleet/fleet-url";
import { VerifyPolicyProvider } from "@/components/verify/verify-policy";
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
  const view = parseFleetView(await searchParams);
  return (
    <VerifyPolicyProvider disabledReason={settings().readOnly ? READ_ONLY_REASON : null}>
      <FleetDashboard initialView={view} engineEndpoint={engineEndpoint()} />
    </VerifyPolicyProvider>
  );
}

import { FleetDashboardSkeleton } from "@/components/fleet/fleet-skeleton";

export default function Loading() {
  return <FleetDashboardSkeleton />;
}

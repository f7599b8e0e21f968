import { FleetDashboardSkeleton } from "@/components/fleet-skeleton";

export default function Loading() {
  return <FleetDashboardSkeleton />;
}

import { FleetDashboard } from "@/components/fleet-dashboard";

export interface HomePageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function HomePage({ searchParams }: HomePageProps) {
  const { all } = await searchParams;
  return <FleetDashboard initialIncludeStopped={all === "true"} />;
}

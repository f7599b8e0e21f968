import { LoginForm } from "@/components/login-form";
import { safeNextPath } from "@/lib/security/next-path";

export const dynamic = "force-dynamic";

export interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { next } = await searchParams;
  return (
    <section className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-1 text-lg font-semibold text-slate-900">Sign in to roaudit</h1>
      <p className="mb-6 text-sm text-slate-600">
        This dashboard can run commands in containers: it asks for the access token set in ROAUDIT_TOKEN.
      </p>
      {/* Any origin will do here: only a path of it is kept, and the form judges it again in the browser. */}
      <LoginForm next={safeNextPath(next, "http://roaudit.invalid")} />
    </section>
  );
}

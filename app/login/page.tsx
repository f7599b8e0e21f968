import { LoginForm } from "@/components/login-form";

export const dynamic = "force-dynamic";

export interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Only a path on this site: `//host` and `/\host` would leave it. */
function safeNext(value: string | string[] | undefined): string {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) ? value : "/";
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { next } = await searchParams;
  return (
    <section className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-1 text-lg font-semibold text-slate-900">Sign in to roaudit</h1>
      <p className="mb-6 text-sm text-slate-600">
        This dashboard can run commands in containers: it asks for the access token set in ROAUDIT_TOKEN.
      </p>
      <LoginForm next={safeNext(next)} />
    </section>
  );
}

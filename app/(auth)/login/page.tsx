import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getSessionActor } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const errors: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an active account.",
  AccessDenied: "Your single sign-on account is not allowed into Perimeter.",
  OAuthSignin: "The single sign-on provider could not be reached.",
  OAuthCallback: "The single sign-on provider returned an error.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  if (await getSessionActor()) redirect(safeCallback);
  const e = env();
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div className="mb-6 flex items-center gap-2">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="text-lg font-semibold">Perimeter</span>
        </div>
        <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
        <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">Access control plane for scopes, profiles and clients.</p>
        <LoginForm
          callbackUrl={safeCallback}
          oidcName={e.OIDC_ISSUER ? e.OIDC_NAME : null}
          initialError={error ? (errors[error] ?? "Sign-in failed. Try again.") : null}
        />
        {e.PERIMETER_SEED === "demo" ? (
          <p className="mt-6 text-xs text-slate-500 dark:text-slate-400">
            Demo accounts: admin@, approver@, editor@ and viewer@perimeter.local, with the password set by
            PERIMETER_DEMO_PASSWORD (see the README).
          </p>
        ) : null}
      </div>
    </main>
  );
}

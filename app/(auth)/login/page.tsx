import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import type { OidcRefusal } from "@/lib/auth/oidc/sign-in-oidc";
import { getSessionActor } from "@/lib/auth/session";
import { throttledMessage } from "@/lib/auth/throttle/message";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const errors: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an active account.",
  AccessDenied: "Your single sign-on account is not allowed into Perimeter.",
  OAuthSignin: "The single sign-on provider could not be reached.",
  OAuthCallback: "The single sign-on provider returned an error.",
  // lib/auth/oidc/sign-in-oidc.ts
  SsoWrongIssuer: "The single sign-on answer came from another provider than the one Perimeter is configured for.",
  SsoBadClaims: "The single sign-on provider sent an identity Perimeter cannot store.",
  SsoNoEmail: "The single sign-on provider did not share your e-mail address, which Perimeter needs the first time you sign in.",
  SsoEmailNotVerified:
    "The single sign-on provider did not confirm your e-mail address (email_verified), so Perimeter cannot tell whose account this is. Verify the address with your provider, or ask an admin.",
  SsoLinkedElsewhere: "The Perimeter account with your e-mail address is already linked to another single sign-on identity. Ask an admin.",
  SsoDisabled: "Your Perimeter account is disabled. Ask an admin.",
} satisfies Record<"CredentialsSignin" | OidcRefusal, string> & Record<string, string>;

function errorMessage(code: string): string {
  return throttledMessage(code) ?? errors[code] ?? "Sign-in failed. Try again.";
}

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
          initialError={error ? errorMessage(error) : null}
        />
        {e.PERIMETER_SEED === "demo" ? (
          <p className="mt-6 text-xs text-slate-600 dark:text-slate-400">
            Demo accounts: admin@, approver@, editor@ and viewer@perimeter.local, with the password set by
            PERIMETER_DEMO_PASSWORD (see the README).
          </p>
        ) : null}
      </div>
    </main>
  );
}

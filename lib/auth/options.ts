// next-auth configuration: local accounts always, plus any OIDC provider
// configured through OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET.
// The session cookie is a JWT that carries only the id of a ConsoleSession row;
// the jwt callback looks that row up on every read, so a session ended on the
// server (sign-out, user disabled, role changed) is refused everywhere.
import type { NextAuthOptions, Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db/client";
import { env } from "../env";
import type { OidcClaims } from "./oidc/claims";
import { oidcProvider } from "./oidc/provider";
import { signInWithOidc } from "./oidc/sign-in-oidc";
import type { Actor } from "./permissions";
import { requestInfo } from "./request-info";
import { actorForSession } from "./sessions/session-actor";
import { sessionMaxAgeSeconds } from "./sessions/policy";
import { signOutSession } from "./sessions/revoke-sessions";
import { signInWithPassword } from "./sign-in";
import { throttledError } from "./throttle/message";

/** A session cookie whose ConsoleSession is revoked, expired, unknown, or whose user is disabled. */
class SessionEnded extends Error {
  override name = "SessionEnded";
}

/** What the session callback hands to getServerSession: the actor looked up by the jwt callback. */
export type PerimeterSession = Session & { actor: Actor | null };

const actors = new WeakMap<JWT, Actor>();

export function authOptions(): NextAuthOptions {
  const e = env();
  return {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Local account",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const { email, password } = credentials ?? {};
          if (typeof email !== "string" || typeof password !== "string" || !email || !password) return null;
          const result = await signInWithPassword(db(), { email, password, ...requestInfo(req.headers ?? {}) });
          if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name, sid: result.sessionId };
          // next-auth hands a thrown message to the page as its error code
          if (result.reason === "throttled") throw new Error(throttledError(result.retryAfterSeconds));
          return null;
        },
      }),
      ...oidcProvider(e),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        const { headers } = await import("next/headers");
        const result = await signInWithOidc(db(), profile as unknown as OidcClaims, {
          expectedIssuer: e.OIDC_ISSUER!,
          defaultRole: e.OIDC_DEFAULT_ROLE,
          ...requestInfo(await headers()),
        });
        if (!result.ok) return `/login?error=${result.reason}`;
        Object.assign(user, { id: result.user.id, email: result.user.email, name: result.user.name, sid: result.sessionId });
        return true;
      },
      async jwt({ token, user }) {
        if (user) return { sid: (user as { sid?: string }).sid, sub: user.id };
        const actor = await actorForSession(db(), token.sid);
        if (!actor) throw new SessionEnded();
        actors.set(token, actor);
        return token;
      },
      async session({ session, token }): Promise<PerimeterSession> {
        return { ...session, actor: actors.get(token) ?? null };
      },
    },
    events: {
      async signOut({ token }) {
        await signOutSession(db(), (token as JWT | null)?.sid);
      },
    },
    logger: {
      // An ended session is an answer, not an error; and next-auth's own
      // details (profiles, tokens) stay out of the log: the code and message only.
      error(code, metadata) {
        const err = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
        if (err instanceof SessionEnded) return;
        console.error(`[next-auth] ${code}: ${err instanceof Error ? err.message : ""}`);
      },
      warn(code) {
        console.warn(`[next-auth] ${code}`);
      },
      debug() {},
    },
  };
}

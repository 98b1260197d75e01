// The claims Perimeter needs from an OpenID provider, from the ID token and,
// where the ID token lacks them, from the userinfo endpoint (OpenID Connect
// Core 5.4: with response_type=code, the scope claims may be served only from
// userinfo; oidc-provider does that by default). Pure: no network here.

/** email: undefined when neither the ID token nor userinfo has one. */
export type OidcClaims = { iss: string; sub: string; email?: string; emailVerified: boolean; name: string };

type Claims = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

/** true only when the provider says so; some send the string "true" (e.g. Amazon Cognito). */
const verified = (v: unknown): boolean | null => (v === true || v === "true" ? true : v === false || v === "false" ? false : null);

/** Whether the ID token leaves out something userinfo may have. */
export function needsUserinfo(idToken: Claims): boolean {
  return !str(idToken.email) || verified(idToken.email_verified) === null || !str(idToken.name);
}

function displayName(c: Claims | null): string | null {
  if (!c) return null;
  const given = [str(c.given_name), str(c.family_name)].filter(Boolean).join(" ");
  return str(c.name) ?? (given || null) ?? str(c.preferred_username);
}

/**
 * The ID token is the authority for iss and sub; userinfo must be about the same
 * subject. email and email_verified travel as a pair: a verification from one
 * source never vouches for an address from the other, unless both name the same address.
 */
export function mergeClaims(idToken: Claims, userinfo: Claims | null): OidcClaims {
  const iss = str(idToken.iss);
  const sub = str(idToken.sub);
  if (!iss || !sub) throw new Error("the ID token has no iss or sub");
  if (userinfo && userinfo.sub !== idToken.sub) throw new Error("userinfo is about another subject than the ID token");
  let email = str(idToken.email);
  let emailVerified = verified(idToken.email_verified);
  const infoEmail = str(userinfo?.email);
  if (!email && infoEmail) {
    email = infoEmail;
    emailVerified = verified(userinfo?.email_verified);
  } else if (email && emailVerified === null && infoEmail?.toLowerCase() === email.toLowerCase()) {
    emailVerified = verified(userinfo?.email_verified);
  }
  return { iss, sub, email: email?.toLowerCase(), emailVerified: emailVerified === true, name: displayName(idToken) ?? displayName(userinfo) ?? "" };
}

/** "https://idp.example/" and "https://idp.example" are one issuer. */
export function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
}

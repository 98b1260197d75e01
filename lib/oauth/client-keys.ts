// Public keys of clients that authenticate with private_key_jwt (RFC 7523):
// registered as credentials of kind "public_key", found by their RFC 7638
// thumbprint ("jwk_<thumbprint>" is the credential's prefix).
import { calculateJwkThumbprint, importJWK, type JWK } from "jose";
import { AppError } from "../errors";

/**
 * Signature algorithms accepted for client assertions and trusted issuers'
 * tokens. An Ed25519 key signs as "EdDSA" or as RFC 9864's fully specified "Ed25519".
 */
export const assertionAlgs = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

/** The algorithm a public JWK implies when it names none. */
export function defaultAlg(jwk: JWK): string | null {
  if (jwk.alg) return assertionAlgs.includes(jwk.alg) ? jwk.alg : null;
  if (jwk.kty === "RSA") return "RS256";
  if (jwk.kty === "EC") return ({ "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" } as Record<string, string>)[jwk.crv ?? ""] ?? null;
  if (jwk.kty === "OKP") return jwk.crv === "Ed25519" ? "EdDSA" : null;
  return null;
}

const publicMembers = ["kty", "crv", "x", "y", "n", "e", "alg", "kid", "use"] as const;

/** Validates a public JWK (importable, no private parts) and names it by thumbprint. */
export async function publicKeyCredential(input: Record<string, unknown> | undefined): Promise<{ prefix: string; publicJwk: string }> {
  if (!input) throw AppError.field("jwk", "is required for a public_key credential");
  const jwk = Object.fromEntries(publicMembers.filter((k) => typeof input[k] === "string").map((k) => [k, input[k]])) as JWK;
  const alg = defaultAlg(jwk);
  if (!alg) throw AppError.field("jwk", "use an RSA, EC (P-256/384/521) or Ed25519 public key");
  try {
    await importJWK(jwk, alg);
  } catch {
    throw AppError.field("jwk", "is not a valid public key");
  }
  const thumbprint = await calculateJwkThumbprint(jwk, "sha256");
  return { prefix: `jwk_${thumbprint}`, publicJwk: JSON.stringify({ ...jwk, alg }) };
}

import { env } from "../env";
import { clientAddress } from "./client-address";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** The client address (see client-address.ts) and browser of a sign-in request. */
export function requestInfo(headers: HeaderSource): { address: string | null; userAgent: string | null } {
  const ua = headers instanceof Headers ? headers.get("user-agent") : headers["user-agent"];
  return { address: clientAddress(headers, env().PERIMETER_TRUSTED_PROXIES), userAgent: (Array.isArray(ua) ? ua[0] : ua) ?? null };
}

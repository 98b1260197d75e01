// Token ids (jti) on the hot path: 144 bits from the CSPRNG, base64url, drawn
// from the pooled random bytes (./random-pool.ts).
import { takeRandom } from "./random-pool";

export function newTokenId(): string {
  return takeRandom(18).toString("base64url");
}

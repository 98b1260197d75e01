// Rate limits that hold across instances (./store.ts picks Redis, PostgreSQL
// or, on the single-node SQLite default, memory), leased in chunks so the hot
// path stays in memory (./limiter.ts), keyed on the client's address taken
// from X-Forwarded-For only behind trusted proxies, an IPv6 client counted by
// its /64 (./client-address.ts).
export { createLimiter, type Limiter, type LimiterOptions } from "./limiter";
export { openLimitStore, POSTGRES_TABLE, type LimitStore, type OpenedStore } from "./store";
export { addressBucket, clientAddress, parseTrustedProxies, type TrustedProxies } from "./client-address";

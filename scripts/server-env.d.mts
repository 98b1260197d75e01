// Types for scripts/server-env.mjs (plain JavaScript: npm start runs it without a compiler).
/** `env` with the server's defaults filled in where unset. */
export function serverEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv;

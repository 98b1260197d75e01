// Types for scripts/server-env.mjs (plain JavaScript: npm start runs it without a compiler).
/** `env` with the server's defaults filled in where unset. */
export function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

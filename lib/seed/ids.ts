// Readable, stable ids of the demo catalog, so operations can refer to rows
// created earlier and the usage generator can name what it counts.

export const envId = (env: string) => `env-${env}`;
export const domainId = (domain: string) => `dom-${domain}`;
export const resourceId = (env: string, name: string) => `res-${env}-${name}`;
export const scopeId = (env: string, name: string, action: string) => `sc-${env}-${name}-${action}`;
export const profileId = (name: string) => `prof-${name}`;
export const clientId = (name: string) => `cl-${name}`;
export const bindingId = (client: string, profile: string) => `bind-${client}--${profile}`;
export const credentialId = (client: string) => `cred-${client}-1`;

// How the catalog files name objects that have no name of their own.
/** A binding: "<client> -> <profile>". */
export const bindingKey = (client: string, profile: string) => `${client} -> ${profile}`;

// Shared by the catalog list columns.
export const linkClass = "text-sky-700 hover:underline dark:text-sky-400";

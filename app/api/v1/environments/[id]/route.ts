import { itemRoutes } from "@/lib/http/catalog-routes";

/** One of environments: GET reads it; PATCH and DELETE change it, each as a change request. */
export const { GET, PATCH, DELETE } = itemRoutes("environment");

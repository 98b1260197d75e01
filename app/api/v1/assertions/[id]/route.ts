import { itemRoutes } from "@/lib/http/catalog-routes";

/** One assertion: GET reads it; PATCH ({ spec }) and DELETE change it, each as a change request. */
export const { GET, PATCH, DELETE } = itemRoutes("assertion");

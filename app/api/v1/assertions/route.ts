import { collectionRoutes } from "@/lib/http/catalog-routes";

/** assertions: GET lists (?q=&cursor=&limit=); POST creates one ({ name, spec }), as a change request. */
export const { GET, POST } = collectionRoutes("assertion");

import { collectionRoutes } from "@/lib/http/catalog-routes";

/** bindings: GET lists (?q=&sort=&cursor=&limit= and filters); POST creates one, as a change request. */
export const { GET, POST } = collectionRoutes("binding");

import { collectionRoutes } from "@/lib/http/catalog-routes";

/** resources: GET lists (?q=&sort=&cursor=&limit= and filters); POST creates one, as a change request. */
export const { GET, POST } = collectionRoutes("resource");

import { collectionRoutes } from "@/lib/http/catalog-routes";

/** environments: GET lists (?q=&sort=&cursor=&limit= and filters); POST creates one, as a change request. */
export const { GET, POST } = collectionRoutes("environment");

import type { CatalogEntity } from "../audit/actions";
import { bindingHandler } from "../catalog/entities/binding";
import { claimRuleHandler } from "../catalog/entities/claim-rule";
import { clientHandler } from "../catalog/entities/client";
import { credentialHandler } from "../catalog/entities/credential";
import { domainHandler } from "../catalog/entities/domain";
import { environmentHandler } from "../catalog/entities/environment";
import { profileHandler } from "../catalog/entities/profile";
import { resourceHandler } from "../catalog/entities/resource";
import { scopeHandler } from "../catalog/entities/scope";
import type { EntityHandler } from "../catalog/entities/types";
import { assertionHandler } from "../catalog/entities/assertion";

// Each handler's input type is checked by parseChange before it is called.
export const handlers = {
  domain: domainHandler,
  environment: environmentHandler,
  resource: resourceHandler,
  scope: scopeHandler,
  profile: profileHandler,
  client: clientHandler,
  binding: bindingHandler,
  claimRule: claimRuleHandler,
  credential: credentialHandler,
  assertion: assertionHandler,
} as unknown as Record<CatalogEntity, EntityHandler>;

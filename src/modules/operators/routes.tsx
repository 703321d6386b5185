import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { operatorMenu } from '../../faces/operator.js';
import { setSecurityMenu } from '../backoffice/security.js';
import { adminRoutes } from './admin-routes.js';
import { customerServiceRoutes } from './cs-routes.js';
import { sellerAdminRoutes } from './seller-routes.js';

/** Everything this module serves under /admin: customer service, sellers, operators, settings, audit log. */
export function operatorRoutes(deps: Deps) {
  setSecurityMenu('operator', operatorMenu);
  return async function (app: FastifyInstance) {
    await app.register(customerServiceRoutes(deps));
    await app.register(sellerAdminRoutes(deps));
    // Its own plugin: the admin-only guard applies to its routes alone.
    await app.register(adminRoutes(deps));
  };
}

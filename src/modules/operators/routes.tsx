import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { operatorMenu } from '../../faces/operator.js';
import { setSecurityMenu } from '../backoffice/security.js';
import { customerServiceRoutes } from './cs-routes.js';

/** Everything this module serves under /admin: customer service, sellers, operators, settings, audit log. */
export function operatorRoutes(deps: Deps) {
  setSecurityMenu('operator', operatorMenu);
  return async function (app: FastifyInstance) {
    await app.register(customerServiceRoutes(deps));
  };
}

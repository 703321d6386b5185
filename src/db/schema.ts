// Every module's tables, gathered for drizzle (typed queries) and drizzle-kit (migrations).
// A module owns its tables; other modules call its functions rather than query them.
export * from '../modules/sessions/schema.js';
export * from '../modules/accounts/schema.js';
export * from '../modules/sellers/schema.js';
export * from '../modules/operators/schema.js';
export * from '../modules/backoffice/schema.js';
export * from '../modules/catalog/schema.js';
export * from '../modules/cart/schema.js';
export * from '../modules/notifications/schema.js';
export * from '../modules/orders/schema.js';
export * from '../modules/checkout/schema.js';
export * from '../modules/ledger/schema.js';
export * from '../modules/messaging/schema.js';
export * from '../modules/payments/schema.js';
export * from '../modules/payments/sandbox/schema.js';
export * from '../modules/incidents/schema.js';
export * from '../modules/api/schema.js';
export * from '../modules/ratelimits/schema.js';
export * from '../jobs/heartbeat-schema.js';

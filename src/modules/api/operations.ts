import { conversationOperations } from './conversations.js';
import { incidentOperations } from './incidents.js';
import type { Operation } from './operation.js';
import { offerOperations } from './offers.js';
import { orderOperations } from './orders.js';

/** Every operation of the seller API, in the order the reference page shows them. */
export const OPERATIONS: Operation[] = [...orderOperations, ...offerOperations, ...incidentOperations, ...conversationOperations];

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Deps } from '../../deps.js';

/**
 * The account's extension points. Other modules push into these lists (from their own routes or
 * module files) rather than the accounts module knowing about them.
 */

/** Called after a customer logs in or activates their account (the cart merges the guest cart here). */
export const customerLoginHooks: Array<(deps: Deps, req: FastifyRequest, reply: FastifyReply, customerId: string) => Promise<void>> = [];

/**
 * Called inside the account-deletion transaction, after the customer's own data is erased. A module
 * erases or anonymises what it holds about the person (orders keep what the law requires, without
 * the person). Throwing cancels the whole deletion.
 */
export const customerDeletionHooks: Array<(tx: DbOrTx, customerId: string, deps: Deps) => Promise<void>> = [];

/**
 * "Télécharger mes données": each module adds what it holds about the customer under its own key
 * (orders, messages, …). The result must be plain JSON; never include secrets (hashes, tokens).
 */
export const customerDataExporters: Array<{ key: string; collect: (db: Db, customerId: string) => Promise<unknown> }> = [];

import { and, eq, lt } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { SYSTEM } from '../orders/timeline.js';
import { mailEscalated } from './emails.js';
import { decideIncident } from './lifecycle.js';
import { awaitingReturn } from './rules.js';
import { incidents } from './schema.js';
import { decisionOf, incidentTimeline, loadParties, readDeadlines, updateIncident, withIncident } from './store.js';
import { emitIncidentEvent } from '../api/events.js';

/**
 * The `incident_deadlines` cron task (every 5 minutes), comparing with the injected clock:
 * - an `open` incident whose seller missed the reply deadline is escalated to the operator;
 * - a `resolved` incident closes itself `autoCloseDays` after its resolution without a dispute —
 *   not while an authorised return still waits for its refund.
 * Each incident is changed in its own transaction, locked and checked again (a seller answering at
 * the same moment wins or loses cleanly).
 */
export async function runIncidentDeadlines(deps: Deps, opts: { limit?: number } = {}): Promise<{ escalated: number; closed: number }> {
  const now = deps.clock.now();
  const limit = opts.limit ?? 200;
  const system = { type: 'system' as const };
  let escalated = 0;
  let closed = 0;

  const overdue = await deps.db
    .select({ number: incidents.number })
    .from(incidents)
    .where(and(eq(incidents.state, 'open'), lt(incidents.replyDeadlineAt, now)))
    .orderBy(incidents.replyDeadlineAt)
    .limit(limit);
  for (const { number } of overdue) {
    const r = await withIncident(deps, system, number, async (tx, { incident, line }, at) => {
      const d = decideIncident(incident.state, 'miss_deadline');
      if (!d.ok || !incident.replyDeadlineAt || incident.replyDeadlineAt >= at) return false;
      const row = await updateIncident(tx, incident.id, { state: d.to, escalatedAt: at, replyDeadlineAt: null }, at);
      await incidentTimeline(tx, row, line, SYSTEM, 'escalated', at, { deadline: incident.replyDeadlineAt.toISOString() });
      await mailEscalated(deps, tx, await loadParties(tx, row), 'missed');
      await emitIncidentEvent(tx, row, { type: 'incident.escalated', why: 'reply_deadline_missed' }, at);
      return true;
    });
    if (r === true) escalated++;
  }

  const { autoCloseDays } = await readDeadlines(deps.db);
  const cutoff = new Date(now.getTime() - autoCloseDays * 86_400_000);
  const resolved = await deps.db
    .select({ number: incidents.number })
    .from(incidents)
    .where(and(eq(incidents.state, 'resolved'), lt(incidents.resolvedAt, cutoff)))
    .orderBy(incidents.resolvedAt)
    .limit(limit);
  for (const { number } of resolved) {
    const r = await withIncident(deps, system, number, async (tx, { incident, line }, at) => {
      const d = decideIncident(incident.state, 'auto_close');
      if (!d.ok || !incident.resolvedAt || incident.resolvedAt >= new Date(at.getTime() - autoCloseDays * 86_400_000)) return false;
      if (awaitingReturn({ ...incident, decision: decisionOf(incident) })) return false;
      const row = await updateIncident(tx, incident.id, { state: d.to, closedAt: at }, at);
      await incidentTimeline(tx, row, line, SYSTEM, 'auto_closed', at, { days: autoCloseDays });
      return true;
    });
    if (r === true) closed++;
  }
  return { escalated, closed };
}

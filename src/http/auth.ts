import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { createSession, destroySession, readSession, SESSION_COOKIE, type Face } from '../modules/sessions/store.js';

/** Loads the face's session from its own cookie (no user yet: the face plugin resolves it). */
export async function loadSession(deps: Deps, req: FastifyRequest, face: Face): Promise<void> {
  const raw = req.cookies[SESSION_COOKIE[face].name];
  if (!raw) return;
  const u = req.unsignCookie(raw);
  if (!u.valid || !u.value) return;
  req.session = await readSession(deps.db, face, u.value, deps.clock.now());
}

/** Starts a fresh session (a new id at every login: no session fixation), replacing any current one. */
export async function startSession(deps: Deps, req: FastifyRequest, reply: FastifyReply, face: Face, userId: string): Promise<void> {
  if (req.session) await destroySession(deps.db, req.session.id);
  const { token, session } = await createSession(deps.db, face, userId, deps.clock.now());
  req.session = session;
  const c = SESSION_COOKIE[face];
  reply.setCookie(c.name, token, {
    path: c.path,
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    secure: deps.config.publicUrl.startsWith('https:'),
    maxAge: c.ttlHours * 3600,
  });
}

export async function endSession(deps: Deps, req: FastifyRequest, reply: FastifyReply, face: Face): Promise<void> {
  if (req.session) await destroySession(deps.db, req.session.id);
  req.session = null;
  req.user = null;
  reply.clearCookie(SESSION_COOKIE[face].name, { path: SESSION_COOKIE[face].path });
}

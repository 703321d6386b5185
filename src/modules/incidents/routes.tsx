import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { pageContext, setFlash } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { parseForm, type FieldErrors, type FormValues } from '../../http/forms.js';
import { seeOther, sendPage } from '../../http/render.js';
import { href } from '../../ui/layout.js';
import { requireCustomer } from '../accounts/routes.js';
import { markRead } from '../messaging/threads.js';
import { MESSAGE_MAX } from '../messaging/schema.js';
import { acceptResolution, customerReply, disputeResolution } from './customer.js';
import { INCIDENT_REASONS, reasonsFor } from './lifecycle.js';
import { incidentText, type IncidentTextKey } from './messages.js';
import { openIncident } from './open.js';
import { checkPhotos, PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, photoHeaders, type PhotoType, type UploadedFile } from './photos.js';
import { incidentDetail, incidentPhoto, lineForIncident, listForCustomer } from './queries.js';
import { customerActions } from './rules.js';
import { IncidentFormPage, IncidentPage, MyIncidentsPage, type FormState } from './views.js';

/**
 * The customer's incident pages, in the storefront (under /:locale):
 *   GET|POST /account/orders/<number>/lines/<lineId>/incident   "Ouvrir un incident" → "Soumettre"
 *   GET      /account/incidents                                  the customer's incidents
 *   GET      /account/incidents/<number>                         one incident
 *   POST     /account/incidents/<number>/{reply,accept,dispute}
 *   GET      /account/incidents/<number>/photos/<id>             a photo, as a download
 */

const openForm = z.object({
  reason: z.enum(INCIDENT_REASONS),
  message: z.string().max(MESSAGE_MAX).optional(),
});
const replyForm = z.object({ body: z.string().trim().min(1).max(MESSAGE_MAX) });
const disputeForm = z.object({ dispute: z.string().trim().max(MESSAGE_MAX).optional() });

type MultipartBody = Record<string, string> & { photos?: UploadedFile[]; photosError?: 'too_many_photos' };

/**
 * Reads a multipart form into `req.body` before the CSRF check (preHandler) runs: text fields as
 * strings, files as buffers cut at the size limit (reported later beside the field, not as a 413).
 */
async function readMultipart(req: FastifyRequest): Promise<void> {
  if (!req.isMultipart()) return;
  const body: MultipartBody = {};
  const photos: UploadedFile[] = [];
  try {
    for await (const part of req.parts({ limits: { fileSize: PHOTO_MAX_BYTES, files: PHOTO_MAX_COUNT + 1, fields: 10, fieldSize: 16_000, parts: 20 } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        photos.push({ filename: part.filename, data, truncated: part.file.truncated });
      } else if (typeof part.value === 'string') body[part.fieldname] = part.value;
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'FST_FILES_LIMIT' && code !== 'FST_PARTS_LIMIT') throw err;
    body.photosError = 'too_many_photos';
  }
  body.photos = photos;
  req.body = body;
}

export function incidentShopRoutes(deps: Deps) {
  return async function (app: FastifyInstance) {
    // Only these routes accept multipart bodies (decision 0010); the size of each file is checked, not the body.
    await app.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: PHOTO_MAX_BYTES, files: PHOTO_MAX_COUNT + 1 } });

    const tr = (req: FastifyRequest) => incidentText(req.locale);
    const say = (req: FastifyRequest, code: string) => {
      const t = tr(req);
      return t(code as IncidentTextKey);
    };

    async function showForm(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
      const p = req.params as { number: string; lineId: string };
      const data = await lineForIncident(deps.db, req.user!.id, p.number, p.lineId);
      if (!data) return notFound(req, reply);
      if (data.openNumber) {
        setFlash(reply, tr(req)('already_open'));
        return seeOther(reply, `/${req.locale}/account/incidents/${data.openNumber}`);
      }
      const reasons = reasonsFor(data.line, deps.clock.now());
      return sendPage(reply, <IncidentFormPage ctx={pageContext(req, reply)} data={data} reasons={reasons} form={form} />, status);
    }

    app.get('/account/orders/:number/lines/:lineId/incident', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      return showForm(req, reply, {});
    });

    app.post('/account/orders/:number/lines/:lineId/incident', { preValidation: readMultipart, config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => req.user?.id ?? req.ip } } }, async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const t = tr(req);
      const p = req.params as { number: string; lineId: string };
      const body = (req.body ?? {}) as MultipartBody;
      const form = parseForm(openForm, body, req.locale);
      const errors: FieldErrors = form.ok ? {} : { ...form.errors };
      const values: FormValues = form.values;
      const checked = body.photosError ? ({ ok: false, code: body.photosError } as const) : checkPhotos(body.photos ?? []);
      if (!checked.ok) errors.photos = t(checked.code);
      if (!form.ok || !checked.ok) return showForm(req, reply, { values, errors }, 422);
      const r = await openIncident(deps, { customerId: req.user!.id, orderNumber: p.number, lineId: p.lineId, reason: form.data.reason, message: form.data.message, photos: checked.photos });
      if (!r.ok) {
        if (r.code === 'not_found') return notFound(req, reply);
        if (r.code === 'already_open' && r.number) {
          setFlash(reply, t('already_open'));
          return seeOther(reply, `/${req.locale}/account/incidents/${r.number}`);
        }
        const field = r.code === 'photos_not_for_reason' ? 'photos' : r.code === 'too_long' ? 'message' : 'reason';
        return showForm(req, reply, { values, errors: { [field]: say(req, r.code) } }, 422);
      }
      setFlash(reply, t('opened_flash', { seller: r.sellerName }));
      return seeOther(reply, `/${req.locale}/account/incidents/${r.number}`);
    });

    app.get('/account/incidents', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      return sendPage(reply, <MyIncidentsPage ctx={pageContext(req, reply)} rows={await listForCustomer(deps.db, req.user!.id)} />);
    });

    async function showIncident(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
      const { number } = req.params as { number: string };
      const scope = { type: 'customer' as const, customerId: req.user!.id };
      const d = await incidentDetail(deps, scope, number);
      if (!d) return notFound(req, reply);
      if (d.thread && req.method === 'GET' && (await markRead(deps, d.thread.id, { type: 'customer', customerId: req.user!.id }))) req.unreadMessages = Math.max(0, req.unreadMessages - 1);
      return sendPage(reply, <IncidentPage ctx={pageContext(req, reply)} d={d} actions={customerActions({ ...d.incident, decision: d.decision })} form={form} now={deps.clock.now()} />, status);
    }

    app.get('/account/incidents/:number', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      return showIncident(req, reply, {});
    });

    /** The outcome of a customer action: flash and back to the page, or the page again with the refusal. */
    async function answer(req: FastifyRequest, reply: FastifyReply, r: { ok: boolean; code?: string }, flash: IncidentTextKey, field: string, values: FormValues) {
      const { number } = req.params as { number: string };
      if (r.ok) {
        setFlash(reply, tr(req)(flash));
        return seeOther(reply, href({ locale: req.locale }, `/account/incidents/${number}`));
      }
      if (r.code === 'not_found') return notFound(req, reply);
      const message = say(req, r.code!);
      return showIncident(req, reply, r.code === 'empty' || r.code === 'too_long' || r.code?.startsWith('too_many') ? { values, errors: { [field]: message } } : { values, formError: message }, 422);
    }

    app.post('/account/incidents/:number/reply', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const form = parseForm(replyForm, req.body, req.locale);
      if (!form.ok) return showIncident(req, reply, { values: form.values, errors: form.errors }, 422);
      const { number } = req.params as { number: string };
      const r = await customerReply(deps, { customerId: req.user!.id, number, body: form.data.body });
      return answer(req, reply, r, 'sent_flash', 'body', form.values);
    });

    app.post('/account/incidents/:number/accept', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const { number } = req.params as { number: string };
      return answer(req, reply, await acceptResolution(deps, { customerId: req.user!.id, number }), 'accepted_flash', 'body', {});
    });

    app.post('/account/incidents/:number/dispute', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const form = parseForm(disputeForm, req.body, req.locale);
      if (!form.ok) return showIncident(req, reply, { values: form.values, errors: form.errors }, 422);
      const { number } = req.params as { number: string };
      return answer(req, reply, await disputeResolution(deps, { customerId: req.user!.id, number, body: form.data.dispute }), 'disputed_flash', 'dispute', form.values);
    });

    app.get('/account/incidents/:number/photos/:photoId', async (req, reply) => {
      if (!requireCustomer(req, reply)) return reply;
      const { number, photoId } = req.params as { number: string; photoId: string };
      return sendPhoto(reply, await incidentPhoto(deps.db, { type: 'customer', customerId: req.user!.id }, number, photoId), req);
    });
  };
}

/** A photo as a download of its checked type that no browser sniffs or runs; a photo the viewer may not see is a 404. */
export function sendPhoto(reply: FastifyReply, p: { id: string; contentType: PhotoType; bytes: number; data: Buffer } | null, req: FastifyRequest) {
  if (!p) return notFound(req, reply);
  return reply.code(200).headers(photoHeaders(p)).send(p.data);
}

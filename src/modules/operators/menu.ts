import type { PageContext } from '../../http/context.js';
import type { MenuItem } from '../../ui/layout.js';
import { boText } from '../backoffice/messages.js';
import { roleOf } from '../backoffice/roles.js';
import { csText } from './cs-messages.js';
import { opText } from './messages.js';

export const isAdmin = (ctx: Pick<PageContext, 'user'>) => roleOf(ctx.user) === 'admin';

/** The operator back office's entries from this module (customer service first, admin tools last). */
export function customerServiceMenu(ctx: PageContext): MenuItem[] {
  return [
    { href: '/admin/customers', label: csText(ctx.locale)('cs') },
    { href: '/admin/sellers', label: opText(ctx.locale)('sellers') },
  ];
}

export function administrationMenu(ctx: PageContext): MenuItem[] {
  const t = opText(ctx.locale);
  return [
    // Operators and the audit log are tabs of "Réglages".
    ...(isAdmin(ctx) ? [{ href: '/admin/settings', label: t('settings') }] : []),
    { href: '/admin/security', label: boText(ctx.locale)('security') },
  ];
}

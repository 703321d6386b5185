import type { PageContext } from '../../http/context.js';
import { csText } from './cs-messages.js';
import { opText } from './messages.js';

type Tab = { href: string; label: string };

/** Tabs under a page title, for pages that share one menu entry. */
function SubNav(props: { ctx: PageContext; label: string; tabs: Tab[] }) {
  return (
    <nav class="subnav" aria-label={props.label}>
      <ul>
        {props.tabs.map((tab) => (
          <li>
            <a href={tab.href} aria-current={props.ctx.path === tab.href ? 'page' : undefined}>
              {tab.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** "Service client": customers and orders. */
export function CsTabs(props: { ctx: PageContext }) {
  const t = csText(props.ctx.locale);
  return (
    <SubNav
      ctx={props.ctx}
      label={t('cs')}
      tabs={[
        { href: '/admin/customers', label: t('customers') },
        { href: '/admin/orders', label: t('orders') },
      ]}
    />
  );
}

/** "Réglages" (admins): deadlines, operators, audit log. */
export function AdminTabs(props: { ctx: PageContext }) {
  const t = opText(props.ctx.locale);
  return (
    <SubNav
      ctx={props.ctx}
      label={t('settings')}
      tabs={[
        { href: '/admin/settings', label: t('deadlines_tab') },
        { href: '/admin/operators', label: t('operators') },
        { href: '/admin/audit', label: t('audit') },
      ]}
    />
  );
}

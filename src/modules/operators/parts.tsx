import type { PageContext } from '../../http/context.js';
import { CsrfField } from '../../ui/layout.js';

/** One action as a small form with one button (works without JavaScript). */
export function PostButton(props: { ctx: PageContext; action: string; label: string; kind?: 'danger' | 'subtle' | 'primary'; returnTo?: string }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      {props.returnTo ? <input type="hidden" name="returnTo" value={props.returnTo} /> : null}
      <button type="submit" class={`button small${props.kind ? ` ${props.kind}` : ''}`}>
        {props.label}
      </button>
    </form>
  );
}

/**
 * The role of the logged-in back-office user, keyed by the request's user object (the same object as
 * `ctx.user`), so that menus built from a PageContext can show what the role may use.
 * Filled by backOfficeAuth for every request with a session.
 */
const roles = new WeakMap<object, string>();

export function rememberRole(user: object, role: string | undefined): void {
  if (role) roles.set(user, role);
}

export function roleOf(user: object | null): string | null {
  return user ? (roles.get(user) ?? null) : null;
}

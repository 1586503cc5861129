/** What a caller may do: configure integrations, work with leads, or act as Mobly staff. */
export type Role = 'admin' | 'rep' | 'staff';

export const ROLES: readonly Role[] = ['admin', 'rep', 'staff'];

/** How the caller proved who it is. */
export type CredentialKind = 'api_key' | 'jwt' | 'staff_key';

/** The authenticated caller of one request. */
export interface Principal {
  role: Role;
  /** The org the caller acts for; staff callers have none. */
  orgId?: string;
  credential: CredentialKind;
  /** Stable, non-secret id of the credential or subject: an API key id, a JWT `sub`. */
  actorId: string;
}

/** The caller as the audit log names it, e.g. `api_key:3f2…` or `jwt:alice@acme.example`. */
export function actorOf(principal: Principal): string {
  return `${principal.credential}:${principal.actorId}`;
}

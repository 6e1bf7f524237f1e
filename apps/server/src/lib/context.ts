import type { Grant, Scope } from '@tongxing/domain';
import type { Lang } from '@tongxing/contracts';

export type SessionState = 'full' | 'mfa_enrolment' | 'password_change';

/** Who is acting, resolved once per request by the auth plugin. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  kind: 'staff' | 'member';
  orgId: number;
  orgPath: string;
  orgName: string;
  orgKind: string;
  locale: Lang;
  grants: Grant[];
  roles: { id: number; code: string; name: string; nameEn: string | null; requiresMfa: boolean }[];
  mfaRequired: boolean;
  totpEnabled: boolean;
  lastLoginAt: Date | null;
  session: { tokenHash: string; csrfToken: string; state: SessionState };
}

/** What services need to know about the request besides its body: the actor and audit facts. */
export interface RequestContext {
  actor: Actor | null;
  /** The scope of the permission the route requires (null for public or profile routes). */
  scope: Scope | null;
  ip: string | null;
  requestId: string;
  lang: Lang;
  userAgent: string | null;
}

export interface ActorContext extends RequestContext {
  actor: Actor;
}

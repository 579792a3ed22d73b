/**
 * The authenticated user of the request being served, for code deep in the registry (RBAC escalation
 * checks in strategies) that has no request object. Writes made by vkube's own controllers run
 * outside any request and see no user: they are trusted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { UserInfo } from '../authn.js';

export const requestIdentity = new AsyncLocalStorage<UserInfo>();

export const MASTERS_GROUP = 'system:masters';

export function isMaster(user: UserInfo): boolean {
  return user.groups.includes(MASTERS_GROUP);
}

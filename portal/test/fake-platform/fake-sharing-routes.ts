/** The fake's `/metadata` and `/access` routes: collections, the people one shares with, permissions, invitations. */
import { Router } from 'express';
import type { Permissions, SharedUser } from '@tidepool/spec';
import { sendProblem, type FakeState } from './fake-state.js';

/** RFC 7396 JSON merge patch: objects merge, `null` removes. */
function mergePatch(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const result = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(result, key);
    else if (typeof value === 'object' && !Array.isArray(value)) {
      const current = result[key];
      result[key] = mergePatch(
        typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {},
        value as Record<string, unknown>,
      );
    } else result[key] = value;
  }
  return result;
}

export function fakeSharingRoutes(state: FakeState): Router {
  const router = Router();

  router.get('/metadata/users/:userid/users', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    if (caller !== request.params.userid) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden');
      return;
    }
    const people = new Map<string, SharedUser>();
    const entry = (userid: string): SharedUser => {
      const found = people.get(userid) ?? { userid, profile: { fullName: state.fullName(userid) } };
      people.set(userid, found);
      return found;
    };
    for (const [groupid, grantees] of state.permissions) {
      const granted = grantees.get(caller);
      if (granted !== undefined && groupid !== caller)
        people.set(groupid, { ...entry(groupid), trustorPermissions: granted });
    }
    for (const [granteeId, granted] of state.permissions.get(caller) ?? []) {
      people.set(granteeId, { ...entry(granteeId), trusteePermissions: granted });
    }
    response.json([...people.values()]);
  });

  router.get('/metadata/:userid/:collection', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const { userid, collection } = request.params;
    const allowed = caller === userid || (collection === 'profile' && state.maySee(caller, userid));
    if (!allowed) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden');
      return;
    }
    const stored = state.collection(userid, collection);
    if (stored === undefined) sendProblem(response, 404, 'NOT_FOUND', 'Not found', `No ${collection} yet.`);
    else response.json(stored);
  });

  router.put('/metadata/:userid/:collection', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const { userid, collection } = request.params;
    if (caller !== userid) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden');
      return;
    }
    const collections = state.metadata.get(userid) ?? new Map<string, Record<string, unknown>>();
    state.metadata.set(userid, collections);
    const merged = mergePatch(collections.get(collection) ?? {}, request.body as Record<string, unknown>);
    collections.set(collection, merged);
    response.json(merged);
  });

  router.post('/access/invitations/sent/:groupid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const body = request.body as { email: string; permissions: Permissions };
    const now = new Date();
    state.invitations.push({
      id: state.newId(),
      groupid: request.params.groupid,
      email: body.email,
      permissions: body.permissions,
      status: 'pending',
      createdTime: now.toISOString(),
      expiresTime: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
      ...(state.fullName(caller) === '' ? {} : { from: { fullName: state.fullName(caller) } }),
    });
    state.sendMail({ to: body.email, kind: 'invitation', link: '/care-team' });
    response.status(202).end();
  });

  router.get('/access/invitations/sent/:groupid', (request, response) => {
    if (state.caller(request, response) === undefined) return;
    response.json(
      state.invitations.filter((invitation) => invitation.groupid === request.params.groupid).reverse(),
    );
  });

  router.delete('/access/invitations/sent/:groupid/:invitationId', (request, response) => {
    if (state.caller(request, response) === undefined) return;
    const invitation = state.invitations.find((candidate) => candidate.id === request.params.invitationId);
    if (invitation !== undefined) invitation.status = 'canceled';
    response.status(204).end();
  });

  router.get('/access/invitations/received/:userid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const verified = state.accounts.get(caller)?.verifiedEmails ?? new Set<string>();
    response.json(
      state.invitations.filter(
        (invitation) => invitation.status === 'pending' && verified.has(invitation.email.toLowerCase()),
      ),
    );
  });

  router.post('/access/invitations/received/:userid/:invitationId/:answer', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const invitation = state.invitations.find((candidate) => candidate.id === request.params.invitationId);
    if (invitation === undefined || invitation.status !== 'pending') {
      sendProblem(response, 404, 'NOT_FOUND', 'Not found', 'No such invitation.');
      return;
    }
    if (request.params.answer === 'decline') {
      invitation.status = 'declined';
      response.status(204).end();
      return;
    }
    invitation.status = 'accepted';
    const grantees = state.permissions.get(invitation.groupid) ?? new Map<string, Permissions>();
    state.permissions.set(invitation.groupid, grantees);
    grantees.set(caller, invitation.permissions);
    response.json(invitation.permissions);
  });

  router.post('/access/:groupid/:userid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const { groupid, userid } = request.params;
    if (caller !== groupid && caller !== userid) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden');
      return;
    }
    const permissions = request.body as Permissions;
    const grantees = state.permissions.get(groupid) ?? new Map<string, Permissions>();
    state.permissions.set(groupid, grantees);
    if (Object.keys(permissions).length === 0) grantees.delete(userid);
    else grantees.set(userid, permissions);
    response.json(permissions);
  });

  return router;
}

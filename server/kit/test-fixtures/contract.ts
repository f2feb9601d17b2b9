/** A small contract for the kit's tests: one route of each auth kind, and routes that fail on purpose. */
import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { internalRoute, ProblemSchema, publicRoute } from '@tidepool/spec';

const c = initContract();

export const NoteSchema = z.object({
  id: z.string(),
  text: z.string().min(1),
  stars: z.number().int().min(0),
});

const StatusSchema = z.object({
  service: z.string(),
  version: z.string(),
  status: z.enum(['ok', 'degraded']),
  uptimeSeconds: z.number(),
  checks: z.record(z.string(), z.enum(['ok', 'failing'])).optional(),
});

/** Routes of the test service, without the kit's status routes. */
export const notesRoutes = c.router(
  {
    sayHello: {
      method: 'GET',
      path: '/hello',
      query: z.object({ name: z.string().max(20).optional() }),
      responses: { 200: z.object({ hello: z.string() }) },
      metadata: publicRoute('none'),
    },
    logIn: {
      method: 'POST',
      path: '/login',
      body: c.noBody(),
      responses: { 200: z.object({ identifier: z.string() }), 401: ProblemSchema },
      metadata: publicRoute('basic'),
    },
    getNote: {
      method: 'GET',
      path: '/notes/:noteId',
      pathParams: z.object({ noteId: z.string().regex(/^[a-f0-9]{10}$/) }),
      responses: { 200: NoteSchema, 401: ProblemSchema, 404: ProblemSchema },
      metadata: publicRoute('user'),
    },
    createNote: {
      method: 'POST',
      path: '/notes',
      body: z.object({
        text: z.string().min(1),
        stars: z.number().int().min(0),
        tags: z.array(z.string()).optional(),
      }),
      responses: { 201: NoteSchema, 400: ProblemSchema, 401: ProblemSchema },
      metadata: publicRoute('user'),
    },
    listNotes: {
      method: 'GET',
      path: '/internal/notes',
      responses: { 200: z.array(NoteSchema), 401: ProblemSchema, 403: ProblemSchema },
      metadata: internalRoute('server'),
    },
    publish: {
      method: 'POST',
      path: '/publish',
      body: c.noBody(),
      responses: { 200: z.object({ published: z.boolean() }), 401: ProblemSchema },
      // As a heartbeat: machines call it on a timer.
      metadata: internalRoute('secret', { routine: true }),
    },
    fail: {
      method: 'GET',
      path: '/fail',
      responses: { 200: z.object({}) },
      metadata: publicRoute('none'),
    },
    answerWrongly: {
      method: 'GET',
      path: '/wrong',
      responses: { 200: NoteSchema },
      metadata: publicRoute('none'),
    },
    waitForGate: {
      method: 'GET',
      path: '/slow',
      responses: { 200: z.object({ done: z.boolean() }) },
      metadata: publicRoute('none'),
    },
  },
  { strictStatusCodes: true },
);

/** The test service as services declare it: the status routes first, then its own. */
export const notesContract = c.router(
  {
    getStatus: {
      method: 'GET',
      path: '/status',
      responses: { 200: StatusSchema, 503: StatusSchema },
      metadata: publicRoute('none', { routine: true }),
    },
    getMetrics: {
      method: 'GET',
      path: '/metrics',
      responses: { 200: c.otherResponse({ contentType: 'text/plain; version=0.0.4', body: z.string() }) },
      metadata: internalRoute('none', { routine: true }),
    },
    ...notesRoutes,
  },
  { strictStatusCodes: true },
);

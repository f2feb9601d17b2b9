/** The fake's `/data` and `/message` routes: upload with duplicates skipped, queries, the summary, notes. */
import { Router, type Request, type Response } from 'express';
import { MMOL_L_TO_MG_DL, type Message } from '@tidepool/spec';
import { sendProblem, type FakeState } from './fake-state.js';

type Stored = Record<string, unknown> & { type: string; time: string };

function isGlucose(datum: Stored): datum is Stored & { value: number; units: string } {
  return (datum.type === 'cbg' || datum.type === 'smbg') && typeof datum.value === 'number';
}

/** Glucose is stored in mmol/L (DESIGN.md §9). */
function stored(datum: Stored, id: string): Stored {
  if (!isGlucose(datum) || !datum.units.toLowerCase().startsWith('mg')) return { ...datum, id };
  return { ...datum, id, units: 'mmol/L', value: datum.value / MMOL_L_TO_MG_DL };
}

/**
 * A query's answer laid out as the data service writes it, one datum a line (`ARRAY_START` in
 * server/data/src/store/datum-json-stream.ts), so that the SDK in the browser parses it as it arrives.
 */
function sendData(response: Response, data: readonly unknown[]): void {
  const lines = data.map((datum) => JSON.stringify(datum));
  response.type('application/json').send(lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n]`);
}

function query(request: Request, name: string): string | undefined {
  const value = request.query[name];
  return typeof value === 'string' ? value : undefined;
}

export function fakeDataRoutes(state: FakeState): Router {
  const router = Router();

  router.get('/data/summary/:userid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const { userid } = request.params;
    if (!state.maySee(caller, userid)) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden');
      return;
    }
    const start = Date.parse(query(request, 'startDate') ?? '');
    const end = Date.parse(query(request, 'endDate') ?? '');
    const units = query(request, 'units') === 'mg/dL' ? 'mg/dL' : 'mmol/L';
    const factor = units === 'mg/dL' ? MMOL_L_TO_MG_DL : 1;
    const storedValues = (state.data.get(userid) ?? [])
      .filter(
        (datum): datum is Stored & { value: number } =>
          datum.type === 'cbg' && typeof datum.value === 'number',
      )
      .filter((datum) => Date.parse(datum.time) >= start && Date.parse(datum.time) < end)
      .map((datum) => datum.value);
    const values = storedValues.map((value) => value * factor);
    if (values.length === 0) {
      sendProblem(response, 404, 'NOT_FOUND', 'Not found', 'No glucose reading in the range.');
      return;
    }
    // The consensus range as written in each unit, as the data service answers it (not converted),
    // compared as the service compares it: in stored mmol/L, so that 70 mg/dL is not below 70 mg/dL.
    const { low, high } = units === 'mg/dL' ? { low: 70, high: 180 } : { low: 3.9, high: 10 };
    const inStoredUnits = (value: number) => value / factor;
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const deviation = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
    const share = (test: (value: number) => boolean) => storedValues.filter(test).length / values.length;
    response.json({
      startDate: new Date(start).toISOString(),
      endDate: new Date(end).toISOString(),
      units,
      readings: values.length,
      mean,
      standardDeviation: deviation,
      coefficientOfVariation: deviation / mean,
      gmi: 3.31 + 0.02392 * (mean / factor) * MMOL_L_TO_MG_DL,
      timeBelowRange: share((value) => value < inStoredUnits(low)),
      timeInRange: share((value) => value >= inStoredUnits(low) && value <= inStoredUnits(high)),
      timeAboveRange: share((value) => value > inStoredUnits(high)),
      thresholds: { low, high },
    });
  });

  router.post('/data/:userid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const { userid } = request.params;
    const permissions = state.permissionsOf(userid, caller);
    if (caller !== userid && permissions?.upload === undefined && permissions?.custodian === undefined) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden', 'You may not upload to this account.');
      return;
    }
    state.uploads += 1;
    const outage = state.uploadOutage;
    if (
      outage !== undefined &&
      state.uploads > outage.after &&
      state.uploads <= outage.after + outage.count
    ) {
      // As styx answers while the data service's only instance is out of discovery.
      sendProblem(
        response,
        503,
        'SERVICE_UNAVAILABLE',
        'Service Unavailable',
        'No instance of data is known.',
      );
      return;
    }
    const body = request.body as Stored | Stored[];
    const incoming = Array.isArray(body) ? body : [body];
    const data = state.data.get(userid) ?? [];
    state.data.set(userid, data);
    const key = (datum: Record<string, unknown>) =>
      [datum.type, datum.time, datum.deviceId, datum.guid].map(String).join('|');
    const known = new Set(data.map(key));
    let storedCount = 0;
    let duplicates = 0;
    for (const datum of incoming) {
      if (known.has(key(datum))) {
        duplicates += 1;
        continue;
      }
      known.add(key(datum));
      data.push(stored(datum, state.newId()));
      storedCount += 1;
    }
    const uploadIds = [...new Set(incoming.map((datum) => String(datum.uploadId)))];
    response.json({ stored: storedCount, duplicates, uploadIds });
  });

  router.get('/data/:userid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const { userid } = request.params;
    if (!state.maySee(caller, userid)) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden');
      return;
    }
    const types = query(request, 'type')?.split(',');
    const start = Date.parse(query(request, 'startDate') ?? '1970-01-01T00:00:00Z');
    const end = Date.parse(query(request, 'endDate') ?? '9999-12-31T00:00:00Z');
    const matching = (state.data.get(userid) ?? [])
      .filter((datum) => types === undefined || types.includes(String(datum.type)))
      .filter((datum) => Date.parse(String(datum.time)) >= start && Date.parse(String(datum.time)) <= end)
      .sort((left, right) => String(left.time).localeCompare(String(right.time)));
    if (query(request, 'latest') !== 'true') {
      sendData(response, matching);
      return;
    }
    const latest = new Map<string, Record<string, unknown>>();
    for (const datum of matching) latest.set(String(datum.type), datum);
    sendData(response, [...latest.values()]);
  });

  return router;
}

export function fakeMessageRoutes(state: FakeState): Router {
  const router = Router();
  const readable = (caller: string, message: Message) => state.maySee(caller, message.groupid);

  function create(caller: string, groupid: string, parent: string | null, body: unknown): Message {
    const { message } = body as { message: { timestamp: string; messagetext: string; guid?: string } };
    const created: Message = {
      id: state.newId(),
      guid: message.guid ?? state.newId(),
      parentmessage: parent,
      userid: caller,
      groupid,
      timestamp: message.timestamp,
      createdtime: new Date().toISOString(),
      messagetext: message.messagetext,
      user: { fullName: state.fullName(caller) },
    };
    state.messages.push(created);
    return created;
  }

  router.post('/message/send/:groupid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    if (!state.maySee(caller, request.params.groupid)) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden');
      return;
    }
    response.status(201).json({ id: create(caller, request.params.groupid, null, request.body).id });
  });

  router.post('/message/reply/:msgid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const note = state.messages.find((message) => message.id === request.params.msgid);
    if (note === undefined || !readable(caller, note)) {
      sendProblem(response, 404, 'NOT_FOUND', 'Not found');
      return;
    }
    response.status(201).json({ id: create(caller, note.groupid, note.id, request.body).id });
  });

  router.get('/message/notes/:groupid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const notes = state.messages.filter(
      (message) =>
        message.groupid === request.params.groupid &&
        message.parentmessage === null &&
        readable(caller, message),
    );
    response.status(notes.length === 0 ? 404 : 200).json({ messages: notes });
  });

  router.get('/message/thread/:msgid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const thread = state.messages.filter(
      (message) =>
        (message.id === request.params.msgid || message.parentmessage === request.params.msgid) &&
        readable(caller, message),
    );
    response.status(thread.length === 0 ? 404 : 200).json({ messages: thread });
  });

  router.put('/message/edit/:msgid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const index = state.messages.findIndex((message) => message.id === request.params.msgid);
    const message = state.messages[index];
    if (message === undefined || message.userid !== caller) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden', 'Only the author edits a message.');
      return;
    }
    const changes = (request.body as { message: { messagetext?: string } }).message;
    const edited = { ...message, ...changes, modifiedtime: new Date().toISOString() };
    state.messages[index] = edited;
    response.json({ message: edited });
  });

  router.delete('/message/remove/:msgid', (request, response) => {
    const caller = state.caller(request, response);
    if (caller === undefined) return;
    const message = state.messages.find((candidate) => candidate.id === request.params.msgid);
    if (message === undefined || message.userid !== caller) {
      sendProblem(response, 403, 'FORBIDDEN', 'Forbidden', 'Only the author removes a message.');
      return;
    }
    const removed = new Set([message.id]);
    for (let index = state.messages.length - 1; index >= 0; index -= 1) {
      const candidate = state.messages[index];
      if (candidate !== undefined && (removed.has(candidate.id) || candidate.parentmessage === message.id)) {
        state.messages.splice(index, 1);
      }
    }
    response.status(202).end();
  });

  return router;
}

// A party of a one-to-one call (bench/call/setup.js), signaling as the app does: the caller posts
// callUser and, while it rings, publishes its camera (publishCallMedia, looped back to `#self`); the
// callee accepts on INCOMING, then publishes its camera and views the caller's stream (viewCallMedia,
// into `#remote`) at once; the caller views the callee's on ACCEPTED. Each is a media session of its own.
// Marks are absolute ms (signaling.js): setup.js measures them all from the caller's click.
'use strict';

const CALL_EVENTS = 'subscription { callEvents { type call { id endReason } } }';
const CALL_USER = 'mutation ($nickname: String!) { callUser(nickname: $nickname) { id state outcome } }';
const ACCEPT = 'mutation ($id: ID!) { acceptCall(callId: $id) { id state } }';
const HANG_UP = 'mutation ($id: ID!) { hangUp(callId: $id) { id state endReason } }';
const PUBLISH = 'mutation ($id: ID!, $input: MediaOfferInput!) { publishCallMedia(callId: $id, input: $input) { answer } }';
const VIEW = 'mutation ($id: ID!, $input: MediaOfferInput!) { viewCallMedia(callId: $id, input: $input) { answer } }';

Object.assign(window.bench, {
  callLog: [],
  callWaiters: [],
  sessions: [],

  /** Subscribes to this user's call events, as the signed-in app does (not timed). */
  listenForCalls() {
    this.realtime.subscribe(CALL_EVENTS, {}, (payload) => {
      const event = payload.data?.callEvents;
      if (!event) return;
      this.callLog.push({ type: event.type, callId: event.call.id, endReason: event.call.endReason, at: now() });
      for (const wake of this.callWaiters.splice(0)) wake();
    });
  },

  /** The first call event of `type` (of `callId` when given), logged already or to come. */
  nextCallEvent(type, callId) {
    return new Promise((resolve) => {
      const check = () => {
        const event = this.callLog.find((e) => e.type === type && (!callId || e.callId === callId));
        if (event) resolve(event);
        else this.callWaiters.push(check);
      };
      check();
    });
  },

  callEvent(type, callId, timeoutMs) {
    return within(this.nextCallEvent(type, callId), timeoutMs, `${type} call event`);
  },

  /** Callee: answers the next incoming call and sets its media up; `answered()` resolves with the marks. */
  answerNextCall(timeoutMs) {
    this.role = 'callee';
    this.answering = (async () => {
      const incoming = await this.callEvent('INCOMING', null, timeoutMs);
      const marks = { incoming: incoming.at };
      this.callId = incoming.callId;
      await mutate(this.token, ACCEPT, { id: incoming.callId });
      marks.accepted = now();
      return this.callMedia(incoming.callId, marks, timeoutMs);
    })();
    this.answering.catch(() => undefined); // reported by answered()
  },

  answered() {
    return this.answering;
  },

  /** Caller: the click. Calls `nickname`, waits for ACCEPTED, sets the media up; resolves with the marks. */
  async dial(nickname, timeoutMs) {
    this.role = 'caller';
    const marks = { click: now() };
    const call = await within(mutate(this.token, CALL_USER, { nickname }), timeoutMs, 'callUser');
    marks.dialled = now();
    if (call.state !== 'RINGING') throw new Error(`callUser: the call is ${call.state} (${call.outcome})`);
    this.callId = call.id;
    marks.media = now();
    const publishing = this.startMedia(call.id, 'publish'); // while it rings, as the app does
    publishing.catch(() => undefined); // reported by callMedia
    marks.accepted = (await this.callEvent('ACCEPTED', call.id, timeoutMs)).at;
    return this.callMedia(call.id, marks, timeoutMs, publishing);
  },

  startMedia(callId, role) {
    return mediaSession({
      token: this.token, socket: this.realtime, send: role === 'publish', video: document.getElementById(role === 'publish' ? 'self' : 'remote'),
      negotiate: async (offer, mediaSessionId) =>
        (await mutate(this.token, role === 'publish' ? PUBLISH : VIEW, { id: callId, input: { offer, mediaSessionId } })).answer,
    });
  },

  /**
   * Publishes the camera (unless `publishing` already does) and views the other party at once;
   * resolves once a remote and a loopback frame are shown.
   */
  async callMedia(callId, marks, timeoutMs, publishing) {
    const ended = this.nextCallEvent('ENDED', callId).then((e) => { throw new Error(`the call ended during setup (${e.endReason})`); });
    ended.catch(() => undefined);
    marks.media ??= now();
    const started = await within(Promise.allSettled([publishing ?? this.startMedia(callId, 'publish'), this.startMedia(callId, 'view')]),
      timeoutMs, 'publishCallMedia + viewCallMedia');
    this.sessions = started.filter((s) => s.status === 'fulfilled').map((s) => s.value);
    const refused = started.find((s) => s.status === 'rejected');
    if (refused) throw refused.reason;
    const [own, other] = this.sessions;
    const diag = async (pc) => {
      const out = [];
      const stats = await pc.getStats();
      const candidate = (id) => { const c = stats.get(id); return c ? `${c.candidateType}:${c.address}:${c.port}` : '?'; };
      stats.forEach((r) => {
        if (r.type === 'inbound-rtp' || r.type === 'outbound-rtp') out.push(`${r.type}/${r.kind}: pk=${r.packetsReceived ?? r.packetsSent} fd=${r.framesDecoded ?? r.framesEncoded} pli=${r.pliCount} kf=${r.keyFramesDecoded ?? r.keyFramesEncoded} codec=${r.codecId}`);
        if (r.type === 'transport') out.push(`transport: dtls=${r.dtlsState} ice=${r.iceState} role=${r.dtlsRole} pair=${r.selectedCandidatePairId ?? '-'}`);
        if (r.type === 'candidate-pair') out.push(`pair ${candidate(r.localCandidateId)}->${candidate(r.remoteCandidateId)} ${r.state}${r.nominated ? ' nominated' : ''} rq=${r.requestsSent}/${r.requestsReceived} rs=${r.responsesReceived}/${r.responsesSent}`);
      });
      const ufrag = (d) => /a=ice-ufrag:(\S+)/.exec(d?.sdp ?? '')?.[1];
      return `${pc.connectionState} (ice ${pc.iceConnectionState}, ufrag ${ufrag(pc.localDescription)}/${ufrag(pc.remoteDescription)}) ${out.join('; ')}`;
    };
    const remoteFirst = within(other.firstFrame, timeoutMs, "the other party's first frame").catch(async (e) => {
      throw new Error(`${e.message} [${this.role}] view: ${await diag(other.pc)} || publish: ${await diag(own.pc)}`);
    });
    const [remote, self] = await Promise.race([ended, Promise.all([remoteFirst, within(own.firstFrame, timeoutMs, 'the first loopback frame')])]);
    await Promise.all([own.checkCandidates(), other.checkCandidates()]);
    return { marks, publish: own.marks, view: other.marks, remote: frameTimes(remote), self: frameTimes(self) };
  },

  /** Hangs up; resolves once this page got ENDED (the media sessions are closed then). */
  async hangUp(timeoutMs) {
    const at = now();
    await within(mutate(this.token, HANG_UP, { id: this.callId }), timeoutMs, 'hangUp');
    const answered = now();
    const ended = await this.callEvent('ENDED', this.callId, timeoutMs);
    this.closeMedia();
    return { at, answered, ended: ended.at, endReason: ended.endReason };
  },

  /** The other party: resolves once ENDED arrived (the media sessions are closed then). */
  async ended(timeoutMs) {
    const ended = await this.callEvent('ENDED', this.callId, timeoutMs);
    this.closeMedia();
    return { ended: ended.at, endReason: ended.endReason };
  },

  closeMedia() {
    for (const session of this.sessions.splice(0)) session.close();
  },
});

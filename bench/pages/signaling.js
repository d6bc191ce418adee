// Signaling shared by the bench pages (index.html): the api's GraphQL over its own origin, as the app
// talks to it (HTTP POST for mutations, graphql-ws for subscriptions), and one media session = one
// RTCPeerConnection to the media server with trickle ICE both ways. Every mark is
// `performance.timeOrigin + performance.now()` (absolute ms): pages of one browser share that clock.
'use strict';

const now = () => performance.timeOrigin + performance.now();
const ADD_CANDIDATE = 'mutation ($input: IceCandidateInput!) { addIceCandidate(input: $input) }';
const MEDIA_EVENTS = 'subscription ($id: ID!) { mediaSessionEvents(mediaSessionId: $id) { type candidate { candidate sdpMid sdpMLineIndex } } }';
/** The app's wait for the first candidates before it sends an offer (client core/media OFFER_GATHERING_MS, OFFER_QUIET_MS). */
const OFFER_GATHERING_MS = 40;
const OFFER_QUIET_MS = 10;
/** The app's default capture (client core/media DEFAULT_CAPTURE). */
const CAPTURE = { audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 } } };

function gql(token, query, variables) {
  return fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  }).then((response) => response.json());
}

/** Posts a mutation that must succeed; resolves with its single field's value. */
async function mutate(token, query, variables) {
  const result = await gql(token, query, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return Object.values(result.data)[0];
}

/** Rejects after `ms` with what was awaited. */
function within(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  })]).finally(() => clearTimeout(timer));
}

/** A minimal graphql-ws (graphql-transport-ws) client: init with the token, subscribe (→ unsubscribe), next, ping. */
function realtime(token) {
  const ws = new WebSocket(`ws://${location.host}/graphql`, 'graphql-transport-ws');
  const listeners = new Map();
  let ids = 0;
  const ready = new Promise((resolve, reject) => {
    ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authToken: token } }));
    ws.onclose = (event) => reject(new Error(`realtime socket closed: ${event.code}`));
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'connection_ack') resolve();
      else if (message.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
      else if (message.type === 'next') listeners.get(message.id)?.(message.payload);
      else if (message.type === 'complete' || message.type === 'error') listeners.delete(message.id);
    };
  });
  return {
    ready,
    subscribe(query, variables, onNext) {
      const id = String(++ids);
      listeners.set(id, onNext);
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
      return () => {
        if (listeners.delete(id) && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id, type: 'complete' }));
      };
    },
  };
}

/**
 * One media session, as the app signals it: subscribe to `mediaSessionEvents` first, create the peer
 * connection (one bundled transport; capturing the camera first when `send`), let the offer carry the
 * first candidates Chromium finds (firstCandidates) and post later ones with `addIceCandidate`
 * as Chromium finds them, hand the offer to `negotiate(offer, mediaSessionId)` (which
 * posts goLive / watchLive / publishCallMedia / viewCallMedia and returns the SDP answer), apply the
 * answer, then the server candidates (queued until the answer is set). `video` shows what the server
 * sends; `firstFrame` resolves with its first requestVideoFrameCallback metadata.
 * Marks (absolute ms): start, captured (send only), offer, negotiated, answer, serverCandidate, ice, dtls.
 */
async function mediaSession({ token, socket, video, send, negotiate }) {
  const marks = { start: now() };
  const id = crypto.randomUUID();
  const firstFrame = new Promise((resolve) => video.requestVideoFrameCallback((_now, meta) => resolve(meta)));
  const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
  let captured = null;
  const close = () => {
    unsubscribe();
    pc.close();
    for (const track of captured?.getTracks() ?? []) track.stop();
    video.srcObject = null;
  };
  pc.ontrack = (event) => { if (video.srcObject !== event.streams[0]) video.srcObject = event.streams[0]; };
  const mark = () => {
    if (pc.iceConnectionState === 'connected' && !marks.ice) marks.ice = now();
    if (pc.connectionState === 'connected' && !marks.dtls) marks.dtls = now();
  };
  pc.addEventListener('iceconnectionstatechange', mark);
  pc.addEventListener('connectionstatechange', mark);
  let answered = false;
  const early = [];
  const unsubscribe = socket.subscribe(MEDIA_EVENTS, { id }, (payload) => {
    const candidate = payload.data?.mediaSessionEvents?.candidate;
    if (!candidate) return;
    marks.serverCandidate ??= now();
    if (answered) pc.addIceCandidate(candidate).catch(() => undefined);
    else early.push(candidate);
  });
  const posts = [];
  /** Candidates found before the offer goes travel in it (null once it went). */
  let held = [];
  const post = ({ candidate, sdpMid, sdpMLineIndex }) =>
    posts.push(gql(token, ADD_CANDIDATE, { input: { mediaSessionId: id, candidate, sdpMid, sdpMLineIndex } }));
  pc.onicecandidate = (event) => {
    if (!event.candidate) return;
    if (held) held.push(event.candidate.toJSON());
    else post(event.candidate.toJSON());
  };
  try {
    if (send) {
      captured = await navigator.mediaDevices.getUserMedia(CAPTURE);
      marks.captured = now();
      for (const track of captured.getTracks()) pc.addTransceiver(track, { direction: 'sendrecv', streams: [captured] });
    } else {
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
    }
    await pc.setLocalDescription(await pc.createOffer());
    await firstCandidates(pc);
    const offer = pc.localDescription.sdp;
    for (const candidate of held.splice(0)) if (!offer.includes(candidate.candidate)) post(candidate);
    held = null;
    marks.offer = now();
    const answer = await negotiate(offer, id);
    marks.negotiated = now();
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    answered = true;
    marks.answer = now();
    for (const candidate of early.splice(0)) pc.addIceCandidate(candidate).catch(() => undefined);
  } catch (error) {
    close();
    throw error;
  }
  return {
    id, pc, marks, firstFrame, close,
    /** Throws when the api refused one of the candidates posted so far. */
    async checkCandidates() {
      const failed = (await Promise.all(posts)).filter((r) => r.errors);
      if (failed.length) throw new Error(`addIceCandidate: ${JSON.stringify(failed[0].errors)}`);
    },
  };
}

/** Resolves once gathering is complete, OFFER_QUIET_MS after the last candidate so far, or after OFFER_GATHERING_MS (as the app's media peer). */
function firstCandidates(pc) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    let quiet;
    const done = () => { clearTimeout(limit); clearTimeout(quiet); resolve(); };
    const onCandidate = () => { clearTimeout(quiet); quiet = setTimeout(done, OFFER_QUIET_MS); };
    const limit = setTimeout(done, OFFER_GATHERING_MS);
    pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') done(); });
    pc.addEventListener('icecandidate', onCandidate);
    if (pc.localDescription.sdp.includes('a=candidate:')) onCandidate();
  });
}

/** Absolute ms of a rVFC metadata's presentation (handed to the compositor) and receive time. */
const frameTimes = (meta) => ({
  presented: performance.timeOrigin + meta.presentationTime,
  received: meta.receiveTime ? performance.timeOrigin + meta.receiveTime : NaN,
  size: `${meta.width}x${meta.height}`,
});

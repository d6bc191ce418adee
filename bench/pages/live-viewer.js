// A live viewer (bench/live/ttff.js, bench/call/setup.js): joins with watchLive, as the app does, and
// reports how long each stage took from its start to its first frame. Needs signaling.js.
'use strict';

const WATCH = 'mutation ($input: WatchLiveInput!) { watchLive(input: $input) { answer } }';

Object.assign(window.bench, {
  /** Joins a live; resolves with ms since its start (before the peer connection exists) to each stage, once a frame is shown. */
  async watch(liveId, timeoutMs) {
    const session = await mediaSession({
      token: this.token, socket: this.realtime, video: document.getElementById('remote'), send: false,
      negotiate: async (offer, mediaSessionId) => (await mutate(this.token, WATCH, { input: { liveId, offer, mediaSessionId } })).answer,
    });
    const frame = frameTimes(await within(session.firstFrame, timeoutMs, 'first frame'));
    await session.checkCandidates();
    const t = session.marks;
    const ms = (x) => (x ? x - t.start : NaN);
    return {
      offer: ms(t.offer), watch: ms(t.negotiated), answer: ms(t.answer), serverCandidate: ms(t.serverCandidate),
      ice: ms(t.ice), dtls: ms(t.dtls), received: ms(frame.received), ttff: ms(frame.presented), size: frame.size,
    };
  },
});

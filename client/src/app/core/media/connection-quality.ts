/** What a user is shown about one media connection, from RTCPeerConnection.getStats(). */
export interface ConnectionQuality {
  /** Media bitrate (all tracks) in the connection's direction, kbit/s. */
  bitrateKbps: number;
  /** Packets lost in the last interval, %; null until it can be told. */
  packetLossPct: number | null;
  /** ICE round-trip time, ms; null until measured. */
  rttMs: number | null;
}

/**
 * Which way the media of a connection go: `send` (a publisher: what it uploads, loss as the media
 * server reports it) or `receive` (a receive-only viewer: what it downloads and loses).
 */
export type QualityDirection = 'send' | 'receive';

/** The cumulative counters one getStats() report carries. */
export interface StatsSnapshot {
  at: number;
  bytesSent: number;
  bytesReceived: number;
  packetsSent: number;
  /** As the media server reports it back (RTCP receiver reports); null when it does not. */
  remoteLost: number | null;
  /** What this browser receives (the loopback), used when there are no receiver reports. */
  packetsReceived: number;
  packetsLost: number;
  rttMs: number | null;
}

type Stat = Record<string, unknown> & { type: string; id: string };

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export function snapshot(report: RTCStatsReport, at = performance.now()): StatsSnapshot {
  const snap: StatsSnapshot = {
    at, bytesSent: 0, bytesReceived: 0, packetsSent: 0, remoteLost: null, packetsReceived: 0, packetsLost: 0, rttMs: null,
  };
  let selectedPair: string | null = null;
  let remoteRtt: number | null = null;
  const pairs = new Map<string, Stat>();
  report.forEach((s: Stat) => {
    switch (s.type) {
      case 'outbound-rtp':
        snap.bytesSent += num(s['bytesSent']);
        snap.packetsSent += num(s['packetsSent']);
        break;
      case 'remote-inbound-rtp':
        snap.remoteLost = (snap.remoteLost ?? 0) + Math.max(0, num(s['packetsLost']));
        if (typeof s['roundTripTime'] === 'number') remoteRtt = s['roundTripTime'] * 1000;
        break;
      case 'inbound-rtp':
        snap.bytesReceived += num(s['bytesReceived']);
        snap.packetsReceived += num(s['packetsReceived']);
        snap.packetsLost += Math.max(0, num(s['packetsLost']));
        break;
      case 'transport':
        if (typeof s['selectedCandidatePairId'] === 'string') selectedPair = s['selectedCandidatePairId'];
        break;
      case 'candidate-pair':
        pairs.set(s.id, s);
        break;
    }
  });
  const pair = (selectedPair ? pairs.get(selectedPair) : undefined)
    ?? [...pairs.values()].find((p) => p['nominated'] === true && p['state'] === 'succeeded');
  const pairRtt = pair?.['currentRoundTripTime'];
  snap.rttMs = typeof pairRtt === 'number' ? pairRtt * 1000 : remoteRtt;
  return snap;
}

/** The quality over the interval between two snapshots of the same connection. */
export function qualityBetween(prev: StatsSnapshot, next: StatsSnapshot, direction: QualityDirection = 'send'): ConnectionQuality {
  const ms = next.at - prev.at;
  const bytes = direction === 'send' ? next.bytesSent - prev.bytesSent : next.bytesReceived - prev.bytesReceived;
  const bitrateKbps = ms > 0 ? Math.max(0, (bytes * 8) / ms) : 0;
  let packetLossPct: number | null = null;
  const sent = next.packetsSent - prev.packetsSent;
  if (direction === 'send' && next.remoteLost !== null && prev.remoteLost !== null && sent > 0) {
    packetLossPct = percent(next.remoteLost - prev.remoteLost, sent);
  } else {
    const lost = next.packetsLost - prev.packetsLost;
    const received = next.packetsReceived - prev.packetsReceived;
    if (lost + received > 0) packetLossPct = percent(lost, lost + received);
  }
  return { bitrateKbps: Math.round(bitrateKbps), packetLossPct, rttMs: next.rttMs === null ? null : Math.round(next.rttMs) };
}

function percent(part: number, whole: number): number {
  return Math.round(Math.min(100, Math.max(0, (part / whole) * 100)) * 10) / 10;
}

/** Samples `pc` every `intervalMs` and reports the quality; returns the function that stops it. */
export function watchConnectionQuality(pc: RTCPeerConnection, report: (q: ConnectionQuality) => void,
  { direction = 'send', intervalMs = 1000 }: { direction?: QualityDirection; intervalMs?: number } = {}): () => void {
  let prev: StatsSnapshot | null = null;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || pc.connectionState === 'closed') return;
    busy = true;
    try {
      const next = snapshot(await pc.getStats());
      if (prev) report(qualityBetween(prev, next, direction));
      prev = next;
    } catch (error) {
      console.warn('OnAir: reading WebRTC stats failed', error);
    } finally {
      busy = false;
    }
  }, intervalMs);
  return () => clearInterval(timer);
}

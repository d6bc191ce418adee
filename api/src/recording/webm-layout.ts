import { ID } from './ebml-ids';
import { element, encodeId, encodeSize, float64Element, uintElement } from './ebml-vint';
import { CueCandidate, ScanResult } from './webm-scan';

/** A piece of the output: bytes made here, or a byte range copied from the source file. */
export type Piece = Buffer | { from: number; to: number };

export interface Layout {
  pieces: Piece[];
  size: number;
  durationMs: number;
  cuePoints: number;
}

const POSITION_BYTES = 8; // positions are written at a fixed width so sizes do not depend on them

/**
 * Plans the finalized file: EBML header, then a known-size Segment holding SeekHead → Info (with the real
 * Duration) → Tracks → Cues → Tags/Chapters/Attachments → known-size Clusters. Timestamps are shifted so
 * the first one is 0 (never below).
 */
export function layoutWebm(scan: ScanResult): Layout {
  const shift = Math.max(0, scan.firstTime);
  const durationTicks = Math.max(scan.endTime - shift, 1);
  const info = element(ID.Info, ...scan.infoChildren, float64Element(ID.Duration, durationTicks));
  const tracksLength = scan.tracksRange[1] - scan.tracksRange[0];
  const extrasLength = scan.extras.reduce((sum, [from, to]) => sum + to - from, 0);

  // Clusters with their timestamp element, and where each cue's block sits inside its cluster.
  const clusterHeads = scan.clusters.map((c) => {
    const timestamp = uintElement(ID.Timestamp, c.time - shift);
    const size = timestamp.length + c.length;
    return { head: Buffer.concat([encodeId(ID.Cluster), encodeSize(size), timestamp]), timestampLength: timestamp.length, size };
  });
  const useKeyframes = scan.clusters.some((c) => c.keyframes.length > 0);
  const cues: Array<{ cluster: number; cue: CueCandidate }> = [];
  scan.clusters.forEach((c, cluster) => {
    for (const cue of useKeyframes ? c.keyframes : [c.first]) cues.push({ cluster, cue });
  });
  cues.sort((a, b) => a.cue.time - b.cue.time || a.cluster - b.cluster);

  const cuePoint = (time: number, track: number, clusterPosition: number, relative: number) =>
    element(ID.CuePoint, uintElement(ID.CueTime, time), element(ID.CueTrackPositions,
      uintElement(ID.CueTrack, track),
      uintElement(ID.CueClusterPosition, clusterPosition, POSITION_BYTES),
      uintElement(ID.CueRelativePosition, relative)));
  const relativeOf = ({ cluster, cue }: (typeof cues)[number]) => clusterHeads[cluster].timestampLength + cue.offset;
  const cuesPayloadLength = cues.reduce((sum, c) => sum + cuePoint(Math.max(0, c.cue.time - shift), c.cue.track, 0, relativeOf(c)).length, 0);
  const cuesLength = encodeId(ID.Cues).length + encodeSize(cuesPayloadLength).length + cuesPayloadLength;

  const seekTargets: Array<[number, number]> = [[ID.Info, 0], [ID.Tracks, 0], [ID.Cues, 0]];
  const seekHead = (targets: Array<[number, number]>) =>
    element(ID.SeekHead, ...targets.map(([id, position]) =>
      element(ID.Seek, element(ID.SeekID, encodeId(id)), uintElement(ID.SeekPosition, position, POSITION_BYTES))));
  const seekHeadLength = seekHead(seekTargets).length;

  // Offsets inside the Segment's data.
  const infoAt = seekHeadLength;
  const tracksAt = infoAt + info.length;
  const cuesAt = tracksAt + tracksLength;
  const extrasAt = cuesAt + cuesLength;
  let clusterAt = extrasAt + extrasLength;
  const clusterPositions = clusterHeads.map((c) => {
    const at = clusterAt;
    clusterAt += c.head.length - c.timestampLength + c.size; // ID + size + data
    return at;
  });
  const segmentSize = clusterAt;

  const cuesElement = element(ID.Cues, ...cues.map((c) =>
    cuePoint(Math.max(0, c.cue.time - shift), c.cue.track, clusterPositions[c.cluster], relativeOf(c))));
  if (cuesElement.length !== cuesLength) throw new Error('internal: Cues size changed with positions');

  const pieces: Piece[] = [
    { from: scan.header[0], to: scan.header[1] },
    Buffer.concat([encodeId(ID.Segment), encodeSize(segmentSize, 8)]),
    seekHead([[ID.Info, infoAt], [ID.Tracks, tracksAt], [ID.Cues, cuesAt]]),
    info,
    { from: scan.tracksRange[0], to: scan.tracksRange[1] },
    cuesElement,
    ...scan.extras.map(([from, to]) => ({ from, to })),
  ];
  scan.clusters.forEach((c, i) => {
    pieces.push(clusterHeads[i].head);
    for (let p = 0; p < c.parts.length; p += 2) pieces.push({ from: c.parts[p], to: c.parts[p + 1] });
  });
  const size = pieces.reduce((sum, p) => sum + (Buffer.isBuffer(p) ? p.length : p.to - p.from), 0);
  return {
    pieces,
    size,
    durationMs: (durationTicks * scan.timestampScale) / 1e6,
    cuePoints: cues.length,
  };
}

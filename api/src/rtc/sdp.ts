import { badInput } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { hasControlCharacters } from '../shared/text';
import type { IceCandidateInit } from '../media/elements';

export const MAX_SDP_BYTES = 64 * 1024;
const MAX_CANDIDATE_LENGTH = 1024;

/** Rejects anything that is not plausibly an SDP offer before it reaches the media server. */
export function checkOffer(offer: string): string {
  if (Buffer.byteLength(offer) > MAX_SDP_BYTES) throw badInput(`The SDP offer is larger than ${MAX_SDP_BYTES} bytes`, { field: 'offer' });
  const lines = offer.split(/\r?\n/);
  if (lines[0] !== 'v=0' || !lines.some((line) => line.startsWith('m=audio') || line.startsWith('m=video'))) {
    throw badInput('The SDP offer is malformed: it must start with "v=0" and have an audio or video media line', { field: 'offer' });
  }
  if (hasControlCharacters(offer)) throw badInput('The SDP offer contains control characters', { field: 'offer' });
  return offer;
}

export function checkMediaSessionId(id: string): string {
  if (!isUuid(id)) throw badInput('mediaSessionId must be a UUID the client generated', { field: 'mediaSessionId' });
  return id.toLowerCase();
}

/** An ICE candidate line from the browser; the empty string marks the end of candidates. */
export function checkCandidate(candidate: IceCandidateInit): IceCandidateInit {
  const line = candidate.candidate;
  if (line.length > MAX_CANDIDATE_LENGTH || (line !== '' && !/^(a=)?candidate:\S+ \d+ \S+ \d+ \S+ \d+ typ \S+/.test(line))) {
    throw badInput('The ICE candidate is malformed', { field: 'candidate' });
  }
  if (candidate.sdpMLineIndex != null && (candidate.sdpMLineIndex < 0 || candidate.sdpMLineIndex > 64)) {
    throw badInput('sdpMLineIndex is out of range', { field: 'sdpMLineIndex' });
  }
  if (candidate.sdpMid != null && candidate.sdpMid.length > 64) throw badInput('sdpMid is too long', { field: 'sdpMid' });
  return { ...candidate, candidate: line.replace(/^a=/, '') };
}

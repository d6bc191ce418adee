/**
 * Switches the device a running peer connection sends, without renegotiating: captures one track of
 * `kind` with `constraints` (e.g. another microphone, asked for exactly), hands it to the sender that
 * sends that kind (RTCRtpSender.replaceTrack), then stops the previous track. The new track starts on
 * or off like the one it replaces (the mute toggles set `enabled`). When the device cannot start (not
 * allowed, busy, missing) or the sender refuses the track, it rejects and the previous track goes on
 * sending; nothing is left capturing.
 */
export async function replaceCapturedTrack(
  pc: RTCPeerConnection, kind: 'audio' | 'video', constraints: MediaTrackConstraints,
  mediaDevices: MediaDevices = navigator.mediaDevices,
): Promise<MediaStreamTrack> {
  const sender = pc.getSenders().find((s) => s.track?.kind === kind);
  if (!sender?.track) throw new Error(`Nothing sends ${kind} to switch`);
  const stream = await mediaDevices.getUserMedia({ [kind]: constraints });
  const track = stream.getTracks().find((t) => t.kind === kind);
  for (const other of stream.getTracks()) if (other !== track) other.stop();
  if (!track) throw Object.assign(new Error(`The device gave no ${kind} track`), { name: 'NotFoundError' });
  const previous = sender.track;
  track.enabled = previous.enabled;
  try {
    await sender.replaceTrack(track);
  } catch (error) {
    track.stop();
    throw error;
  }
  // Muted or unmuted while the sender switched: the new track follows.
  track.enabled = previous.enabled;
  previous.stop();
  return track;
}

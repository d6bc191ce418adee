import { describe, expect, it, vi } from 'vitest';
import { FakeMediaStream, FakeTrack } from '../../../../testing/fake-webrtc';
import { replaceCapturedTrack } from './replace-captured-track';

/** An RTCRtpSender: replaceTrack swaps its track (as the browser does once the promise settles), or fails. */
class FakeSender {
  failWith: Error | null = null;
  readonly replaceTrack = vi.fn(async (track: FakeTrack | null) => {
    await Promise.resolve();
    if (this.failWith) throw this.failWith;
    this.track = track;
  });
  constructor(public track: FakeTrack | null) {}
}

/** A peer connection that sends a microphone and a camera. */
function publishing() {
  const mic = new FakeTrack('audio');
  const camera = new FakeTrack('video');
  const senders = [new FakeSender(mic), new FakeSender(camera)];
  const pc = { getSenders: () => senders } as unknown as RTCPeerConnection;
  return { pc, mic, camera, audioSender: senders[0], videoSender: senders[1] };
}

/** navigator.mediaDevices: hands out one new track of each kind asked for, or fails with `error`. */
function devices(error: Error | null = null) {
  const handedOut: FakeTrack[] = [];
  const getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) => {
    if (error) throw error;
    const tracks = (['audio', 'video'] as const).filter((kind) => constraints[kind]).map((kind) => new FakeTrack(kind));
    handedOut.push(...tracks);
    return new FakeMediaStream(tracks);
  });
  return { media: { getUserMedia } as unknown as MediaDevices, getUserMedia, handedOut };
}

const MIC_2 = { deviceId: { exact: 'mic-2' } };

describe('replaceCapturedTrack (switching the device a call sends)', () => {
  it('captures only the new microphone, exactly, and sends it in place of the old one, which stops', async () => {
    const { pc, mic, camera, audioSender, videoSender } = publishing();
    const { media, getUserMedia, handedOut } = devices();

    const track = await replaceCapturedTrack(pc, 'audio', MIC_2, media);

    expect(getUserMedia).toHaveBeenCalledExactlyOnceWith({ audio: MIC_2 });
    expect(handedOut).toHaveLength(1);
    expect(track).toBe(handedOut[0]);
    expect(audioSender.replaceTrack).toHaveBeenCalledExactlyOnceWith(track);
    expect(audioSender.track).toBe(track);
    expect(mic.stopped).toBe(true);
    expect(handedOut[0].stopped).toBe(false);
    // The camera is not touched.
    expect(videoSender.replaceTrack).not.toHaveBeenCalled();
    expect(videoSender.track).toBe(camera);
    expect(camera.stopped).toBe(false);
  });

  it('keeps the mute state: a muted microphone is switched muted, a camera turned off stays off', async () => {
    const { pc, mic, camera } = publishing();
    mic.enabled = false;
    camera.enabled = false;
    const { media } = devices();

    const newMic = await replaceCapturedTrack(pc, 'audio', MIC_2, media);
    const newCamera = await replaceCapturedTrack(pc, 'video', { deviceId: { exact: 'cam-2' } }, media);

    expect(newMic.enabled).toBe(false);
    expect(newCamera.enabled).toBe(false);
    expect(newCamera.kind).toBe('video');
  });

  it('follows a mute toggled while the sender was switching', async () => {
    const { pc, mic, audioSender } = publishing();
    const { media } = devices();
    audioSender.replaceTrack.mockImplementationOnce(async (track) => {
      mic.enabled = false; // the toggle acts on the track still sending
      audioSender.track = track;
    });

    const track = await replaceCapturedTrack(pc, 'audio', MIC_2, media);

    expect(track.enabled).toBe(false);
  });

  it('a device that cannot start (busy) rejects with the browser\'s error and the old microphone goes on', async () => {
    const { pc, mic, audioSender } = publishing();
    const busy = Object.assign(new Error('Could not start audio source'), { name: 'NotReadableError' });
    const { media } = devices(busy);

    await expect(replaceCapturedTrack(pc, 'audio', MIC_2, media)).rejects.toBe(busy);

    expect(audioSender.replaceTrack).not.toHaveBeenCalled();
    expect(audioSender.track).toBe(mic);
    expect(mic.stopped).toBe(false);
    expect(mic.enabled).toBe(true);
  });

  it('a sender that refuses the new track keeps the old one, and the new capture is released', async () => {
    const { pc, camera, videoSender } = publishing();
    const { media, handedOut } = devices();
    videoSender.failWith = Object.assign(new Error('closed'), { name: 'InvalidStateError' });

    await expect(replaceCapturedTrack(pc, 'video', { deviceId: { exact: 'cam-2' } }, media)).rejects.toThrow('closed');

    expect(videoSender.track).toBe(camera);
    expect(camera.stopped).toBe(false);
    expect(handedOut).toHaveLength(1);
    expect(handedOut[0].stopped).toBe(true);
  });

  it('nothing sent of that kind (not publishing yet): rejects without capturing', async () => {
    const pc = { getSenders: () => [new FakeSender(new FakeTrack('video'))] } as unknown as RTCPeerConnection;
    const { media, getUserMedia } = devices();

    await expect(replaceCapturedTrack(pc, 'audio', MIC_2, media)).rejects.toThrow('Nothing sends audio');

    expect(getUserMedia).not.toHaveBeenCalled();
  });
});

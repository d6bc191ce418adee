import { DestroyRef, Injectable, WritableSignal, computed, inject, signal } from '@angular/core';
import { DEFAULT_CAPTURE } from '../../../core/media/media-peer.service';

/** A camera or microphone the browser offers. */
export interface CaptureDevice {
  id: string;
  /** The browser's name for it; empty until the user allowed capture once. */
  label: string;
}

/** Which device: the camera (a video track) or the microphone (an audio track). */
export type CaptureKind = 'camera' | 'microphone';

export function trackKindOf(kind: CaptureKind): 'audio' | 'video' {
  return kind === 'camera' ? 'video' : 'audio';
}

/** Why the camera or microphone could not start, in terms a person can act on. */
export type CaptureProblem = 'denied' | 'missing' | 'busy' | 'unsupported' | 'other';

/** Where the choice of camera and microphone (for lives and calls alike) is kept between visits. */
const CHOICE_KEY = 'onair.capture';

interface CaptureChoice {
  cameraId: string | null;
  microphoneId: string | null;
}

function loadChoice(): CaptureChoice {
  try {
    const saved = JSON.parse(localStorage.getItem(CHOICE_KEY) ?? 'null') as Partial<CaptureChoice> | null;
    return {
      cameraId: typeof saved?.cameraId === 'string' ? saved.cameraId : null,
      microphoneId: typeof saved?.microphoneId === 'string' ? saved.microphoneId : null,
    };
  } catch {
    return { cameraId: null, microphoneId: null };
  }
}

export function captureProblem(error: unknown): CaptureProblem {
  switch ((error as { name?: string } | null)?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'other';
  }
}

/**
 * This person's camera and microphone: the devices the browser offers (kept current when one is
 * plugged in or out), the one chosen of each (remembered on this device, the same choice for lives and
 * calls), the capture constraints publishing uses (ChosenDevicesMediaPeer), and a local preview to check
 * picture and sound before going live. Provided by the live section with the broadcast (so a resumed
 * live, after a reload, captures the same devices) and by the call room.
 */
@Injectable()
export class CaptureDevices {
  readonly cameras = signal<readonly CaptureDevice[]>([]);
  readonly microphones = signal<readonly CaptureDevice[]>([]);
  /** Null: the browser's default. */
  readonly cameraId = signal<string | null>(null);
  readonly microphoneId = signal<string | null>(null);
  /** The local preview (camera + microphone straight from the browser), while one runs. */
  readonly preview = signal<MediaStream | null>(null);
  readonly starting = signal(false);
  readonly problem = signal<CaptureProblem | null>(null);
  /** The microphone's level in the preview, 0 to 1. */
  readonly level = signal(0);
  readonly supported = typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
  /** The chosen devices are in the list the browser gave (so asking for exactly them is safe). */
  private readonly listed = computed(() => ({
    camera: this.cameras().some((d) => d.id === this.cameraId()),
    microphone: this.microphones().some((d) => d.id === this.microphoneId()),
  }));
  private run = 0;
  private meter: { context: AudioContext; frame: number } | null = null;

  constructor() {
    const saved = loadChoice();
    this.cameraId.set(saved.cameraId);
    this.microphoneId.set(saved.microphoneId);
    const onChange = () => void this.refresh();
    navigator.mediaDevices?.addEventListener?.('devicechange', onChange);
    inject(DestroyRef).onDestroy(() => {
      navigator.mediaDevices?.removeEventListener?.('devicechange', onChange);
      this.stopPreview();
    });
  }

  /**
   * What to capture: the product's default (640x480, with sound) from the chosen devices. A device
   * just listed by the browser is asked for exactly; one remembered from an earlier visit only
   * preferably (it may be gone: then the default is used rather than failing).
   */
  constraints(): MediaStreamConstraints {
    const listed = this.listed();
    const camera = this.cameraId();
    const microphone = this.microphoneId();
    const video = typeof DEFAULT_CAPTURE.video === 'object' ? DEFAULT_CAPTURE.video : {};
    return {
      video: camera ? { ...video, deviceId: listed.camera ? { exact: camera } : { ideal: camera } } : { ...video },
      audio: microphone ? { deviceId: listed.microphone ? { exact: microphone } : { ideal: microphone } } : true,
    };
  }

  /** Starts (or restarts, with the current choice) the preview; lists the devices once allowed. */
  async startPreview(): Promise<void> {
    const run = ++this.run;
    this.stopStream();
    this.problem.set(null);
    if (!this.supported) {
      this.problem.set('unsupported');
      return;
    }
    this.starting.set(true);
    try {
      const stream = await navigator.mediaDevices.getUserMedia(this.constraints());
      if (run !== this.run) {
        stopTracks(stream);
        return;
      }
      this.preview.set(stream);
      this.startMeter(stream);
      await this.refresh();
      // "Default" is shown as the device the browser actually picked.
      this.cameraId.update((id) => id ?? stream.getVideoTracks()[0]?.getSettings().deviceId ?? null);
      this.microphoneId.update((id) => id ?? stream.getAudioTracks()[0]?.getSettings().deviceId ?? null);
    } catch (error) {
      if (run !== this.run) return;
      console.warn('OnAir: the camera preview could not start', error);
      this.problem.set(captureProblem(error));
      await this.refresh();
    } finally {
      if (run === this.run) this.starting.set(false);
    }
  }

  /** Stops the preview (camera and microphone released), e.g. right before going live. */
  stopPreview(): void {
    this.run++;
    this.starting.set(false);
    this.stopStream();
  }

  /** The cameras or the microphones the browser offers. */
  devicesOf(kind: CaptureKind): WritableSignal<readonly CaptureDevice[]> {
    return kind === 'camera' ? this.cameras : this.microphones;
  }

  /** The camera or microphone chosen (null: the browser's default). */
  chosenOf(kind: CaptureKind): WritableSignal<string | null> {
    return kind === 'camera' ? this.cameraId : this.microphoneId;
  }

  /** The constraints of one track from exactly this device (switching the device a call sends). */
  trackConstraints(kind: CaptureKind, id: string): MediaTrackConstraints {
    const video = typeof DEFAULT_CAPTURE.video === 'object' ? DEFAULT_CAPTURE.video : {};
    return kind === 'camera' ? { ...video, deviceId: { exact: id } } : { deviceId: { exact: id } };
  }

  /**
   * Shows the device a running capture really uses (call refresh() first) as the chosen one: a listed
   * device by its name, else "Default" (e.g. the browser's "default" entry, or the default it fell back
   * to when the remembered device is gone). Kept only once the person chooses.
   */
  showInUse(kind: CaptureKind, id: string | null | undefined): void {
    if (!id) return;
    const listed = this.devicesOf(kind)().some((d) => d.id === id);
    this.chosenOf(kind).set(listed ? id : null);
  }

  /** Chooses a device (remembered); a running preview switches to it. */
  select(kind: CaptureKind, id: string | null): void {
    this.chosenOf(kind).set(id || null);
    try {
      localStorage.setItem(CHOICE_KEY, JSON.stringify({ cameraId: this.cameraId(), microphoneId: this.microphoneId() }));
    } catch {
      // Storage refused: the choice holds for this visit only.
    }
    if (this.preview() || this.problem()) void this.startPreview();
  }

  /** Lists the devices the browser offers (by name once the user allowed capture). */
  async refresh(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      const of = (kind: MediaDeviceKind) => devices
        .filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications')
        .map((d) => ({ id: d.deviceId, label: d.label }));
      this.cameras.set(of('videoinput'));
      this.microphones.set(of('audioinput'));
    } catch (error) {
      console.warn('OnAir: the devices could not be listed', error);
    }
  }

  private stopStream(): void {
    this.stopMeter();
    const stream = this.preview();
    if (stream) stopTracks(stream);
    this.preview.set(null);
  }

  /** Follows the microphone's loudness (a few times a second is enough for a meter). */
  private startMeter(stream: MediaStream): void {
    this.stopMeter();
    if (!stream.getAudioTracks().length || typeof AudioContext === 'undefined') return;
    try {
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 512;
      context.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      let last = 0;
      const meter = { context, frame: 0 };
      const tick = (now: number) => {
        meter.frame = requestAnimationFrame(tick);
        if (now - last < 100) return;
        last = now;
        if (context.state === 'suspended') void context.resume().catch(() => undefined);
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const s of samples) sum += s * s;
        // Loudness in dB over the meter's 60 dB (speech lands around the middle); falls back slowly,
        // so short sounds are seen.
        const db = 20 * Math.log10(Math.sqrt(sum / samples.length) || 1e-6);
        const level = Math.min(1, Math.max(0, (db + 60) / 60));
        this.level.update((previous) => Math.max(level, previous * 0.75));
      };
      meter.frame = requestAnimationFrame(tick);
      this.meter = meter;
    } catch (error) {
      console.warn('OnAir: the microphone level cannot be shown', error);
    }
  }

  private stopMeter(): void {
    if (!this.meter) return;
    cancelAnimationFrame(this.meter.frame);
    void this.meter.context.close().catch(() => undefined);
    this.meter = null;
    this.level.set(0);
  }
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

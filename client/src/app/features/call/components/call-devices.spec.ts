import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../../../../i18n/en.json';
import { CaptureDevices } from '../../../shared/media/capture/capture-devices.service';
import { CallMediaLink } from '../services/call-media-link';
import { CallDevices } from './call-devices';

const CHOICE_KEY = 'onair.capture';

/** A sending track on the given device (what getSettings reports). */
const track = (kind: 'audio' | 'video', deviceId: string) => ({ kind, getSettings: () => ({ deviceId }) }) as unknown as MediaStreamTrack;

describe('CallDevices (switching the camera or microphone during a call)', () => {
  let fixture: ComponentFixture<CallDevices>;
  let replaceCapture: ReturnType<typeof vi.fn>;
  /** The microphone the call sends now. */
  let micInUse: string;
  const el = (id: string) => fixture.nativeElement.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
  const select = (id: string) => el(id) as HTMLSelectElement;

  async function choose(id: string, value: string): Promise<void> {
    select(id).value = value;
    select(id).dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(replaceCapture).toHaveBeenCalled());
    await fixture.whenStable();
  }

  beforeEach(async () => {
    localStorage.removeItem(CHOICE_KEY);
    const list: Partial<MediaDeviceInfo>[] = [
      { kind: 'videoinput', deviceId: 'cam-1', label: 'Front camera' },
      { kind: 'audioinput', deviceId: 'default', label: 'Default' },
      { kind: 'audioinput', deviceId: 'mic-1', label: 'Headset' },
      { kind: 'audioinput', deviceId: 'mic-2', label: 'Desk microphone' },
    ];
    Object.defineProperty(navigator, 'mediaDevices', {
      configurable: true, get: () => ({ enumerateDevices: async () => list }),
    });
    micInUse = 'mic-1';
    replaceCapture = vi.fn(async () => track('audio', 'mic-2'));
    const link = {
      capturedTrack: (kind: 'audio' | 'video') => (kind === 'audio' ? track('audio', micInUse) : track('video', 'cam-1')),
      replaceCapture,
    } as unknown as CallMediaLink;
    TestBed.configureTestingModule({ providers: [CaptureDevices] });
    fixture = TestBed.createComponent(CallDevices);
    fixture.componentRef.setInput('link', link);
    await fixture.whenStable();
  });

  afterEach(() => {
    fixture.destroy();
    delete (navigator as { mediaDevices?: unknown }).mediaDevices;
    localStorage.removeItem(CHOICE_KEY);
  });

  async function open(): Promise<void> {
    el('call-devices-toggle')!.click();
    await vi.waitFor(() => expect(select('camera-select').value).toBe('cam-1'));
    await fixture.whenStable();
  }

  it('a labelled toggle opens the selects, which list the devices and show the ones the call sends', async () => {
    const toggle = el('call-devices-toggle')!;
    expect(toggle.textContent!.trim()).toBe(en.calls.devices);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(el('call-devices')!.hidden).toBe(true);
    await open();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(el('call-devices')!.id);
    expect(el('call-devices')!.hidden).toBe(false);
    expect([...select('microphone-select').options].map((o) => o.textContent!.trim())).toEqual(['Headset', 'Desk microphone']);
    expect(select('camera-select').value).toBe('cam-1');
  });

  it('the browser\'s "default" microphone in use shows as Default', async () => {
    micInUse = 'default';
    await open();
    expect(select('microphone-select').value).toBe('');
    expect(select('microphone-select').selectedOptions[0].textContent!.trim()).toBe(en.live.devices.defaultDevice);
  });

  it('choosing another microphone switches it exactly (the call goes on) and remembers it', async () => {
    await open();
    await choose('microphone-select', 'mic-2');
    expect(replaceCapture).toHaveBeenCalledExactlyOnceWith('audio', { deviceId: { exact: 'mic-2' } });
    expect(JSON.parse(localStorage.getItem(CHOICE_KEY)!)).toEqual({ cameraId: 'cam-1', microphoneId: 'mic-2' });
    expect(select('microphone-select').value).toBe('mic-2');
    expect(el('call-device-problem')).toBeNull();
  });

  it('a device that cannot start: says why, the select shows the device still in use, nothing is remembered', async () => {
    replaceCapture.mockRejectedValueOnce(Object.assign(new Error('Could not start'), { name: 'NotReadableError' }));
    await open();
    await choose('microphone-select', 'mic-2');
    const problem = el('call-device-problem')!;
    expect(problem.getAttribute('role')).toBe('alert');
    expect(problem.getAttribute('data-problem')).toBe('busy');
    expect(problem.textContent).toContain(en.calls.deviceNotSwitched);
    expect(problem.textContent).toContain(en.live.devices.problems.busy);
    expect(select('microphone-select').value).toBe('mic-1');
    expect(localStorage.getItem(CHOICE_KEY)).toBeNull();
  });

  it('Escape closes the panel and gives the focus back to the toggle', async () => {
    await open();
    el('call-devices')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await fixture.whenStable();
    expect(el('call-devices-toggle')!.getAttribute('aria-expanded')).toBe('false');
    expect(el('call-devices')!.hidden).toBe(true);
    expect(document.activeElement).toBe(el('call-devices-toggle'));
  });
});

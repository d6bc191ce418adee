/** Largest side of a still, in pixels (a thumbnail and a poster, not a photo). */
const MAX_SIDE = 640;

/**
 * One frame of a playing stream as a JPEG data: URL, scaled to at most MAX_SIDE pixels wide or
 * high. Resolves null when the stream has no decoded picture (yet).
 */
export async function stillFrame(stream: MediaStream, quality = 0.8): Promise<string | null> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
    if (!video.videoWidth) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
    const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    if (!canvas.width || !canvas.height) return null;
    canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/jpeg', quality);
  } finally {
    video.pause();
    video.srcObject = null;
  }
}

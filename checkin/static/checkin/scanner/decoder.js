// The camera and the QR decoder.
//
// The phone's own BarcodeDetector is used where it reads QR codes (Android Chrome); elsewhere
// ZXing-C++ compiled to WebAssembly (zxing-wasm), loaded from our own static files. Frames are
// sampled about 8 times a second, alternating a full-resolution crop of the centre (small or
// distant codes) with the whole picture scaled down (a badge held close), so a badge held
// anywhere in view is read within a fraction of a second.

const FRAME_INTERVAL_MS = 120;
const CROP_SIZE = 720;
const FULL_WIDTH = 800;

async function nativeDecoder() {
  if (!("BarcodeDetector" in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes("qr_code")) return null;
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    return {
      name: "native",
      async decode(canvas) {
        const found = await detector.detect(canvas);
        return found.map((barcode) => barcode.rawValue).filter(Boolean);
      },
    };
  } catch {
    return null;
  }
}

async function zxingDecoder(moduleUrl, wasmUrl) {
  const zxing = await import(moduleUrl);
  // Never the library's default (a public CDN): the .wasm comes from our static files.
  await zxing.prepareZXingModule({
    overrides: {
      locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
    },
    fireImmediately: true,
  });
  const options = { formats: ["QRCode"], maxNumberOfSymbols: 1, tryHarder: true };
  return {
    name: "zxing",
    async decode(canvas, context) {
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = await zxing.readBarcodes(image, options);
      return found.filter((result) => result.isValid && result.text).map((result) => result.text);
    },
  };
}

export async function loadDecoder(urls) {
  return (await nativeDecoder()) || zxingDecoder(urls.zxing, urls.zxing_wasm);
}

export class Camera {
  constructor(video, { onCode, onFrameError }) {
    this.video = video;
    this.onCode = onCode;
    this.onFrameError = onFrameError || (() => {});
    this.canvas = document.createElement("canvas");
    this.context = this.canvas.getContext("2d", { willReadFrequently: true });
    this.stream = null;
    this.decoder = null;
    this.timer = null;
    this.frame = 0;
    this.paused = false;
  }

  get running() {
    return Boolean(this.stream);
  }

  async start(decoderPromise) {
    if (this.stream) return;
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        facingMode: { ideal: "environment" },
        width: { ideal: 1280 },
        height: { ideal: 720 },
      },
    });
    const [track] = this.stream.getVideoTracks();
    if (track && track.getCapabilities) {
      const capabilities = track.getCapabilities();
      if (capabilities.focusMode && capabilities.focusMode.includes("continuous")) {
        track.applyConstraints({ advanced: [{ focusMode: "continuous" }] }).catch(() => {});
      }
    }
    this.video.srcObject = this.stream;
    await this.video.play().catch(() => {});
    this.decoder = await decoderPromise;
    this.schedule(0);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.stream) {
      for (const track of this.stream.getTracks()) track.stop();
    }
    this.stream = null;
    this.video.srcObject = null;
  }

  schedule(delay) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delay);
  }

  grab() {
    const video = this.video;
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return false;
    this.frame += 1;
    if (this.frame % 2 === 0) {
      const side = Math.min(width, height);
      const size = Math.min(side, CROP_SIZE);
      this.canvas.width = size;
      this.canvas.height = size;
      this.context.drawImage(video, (width - side) / 2, (height - side) / 2, side, side, 0, 0, size, size);
    } else {
      const scale = Math.min(1, FULL_WIDTH / width);
      this.canvas.width = Math.round(width * scale);
      this.canvas.height = Math.round(height * scale);
      this.context.drawImage(video, 0, 0, this.canvas.width, this.canvas.height);
    }
    return true;
  }

  async tick() {
    if (!this.stream) return;
    const started = performance.now();
    try {
      if (!this.paused && this.video.readyState >= 2 && this.grab()) {
        const texts = await this.decoder.decode(this.canvas, this.context);
        if (texts.length && this.stream) this.onCode(texts[0]);
      }
    } catch (error) {
      // One bad frame must not stop the loop; the next one is 120 ms away.
      this.onFrameError(error);
    }
    const spent = performance.now() - started;
    if (this.stream) this.schedule(Math.max(20, FRAME_INTERVAL_MS - spent));
  }
}

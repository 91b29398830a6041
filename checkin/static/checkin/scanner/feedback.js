// Sound and vibration, so door staff know the answer without reading the screen.
// Browsers only let a page play sound after a tap: unlock() is called from the first one.

const TONES = {
  // Two rising notes: come in.
  ok: [
    [880, 0.11, "sine"],
    [1320, 0.16, "sine"],
  ],
  // Two level notes: already in, look at the screen.
  warn: [
    [660, 0.14, "triangle"],
    [660, 0.14, "triangle"],
  ],
  // One long low buzz: stop.
  stop: [[196, 0.55, "square"]],
};
const VIBRATIONS = { ok: [70], warn: [120, 90, 120], stop: [400, 120, 400] };

let context = null;

export function unlock() {
  const AudioContext = window.AudioContext || window.webkitAudioContext;
  if (!AudioContext) return;
  if (!context) context = new AudioContext();
  if (context.state === "suspended") context.resume().catch(() => {});
}

function play(notes) {
  if (!context || context.state !== "running") return;
  let at = context.currentTime + 0.01;
  for (const [frequency, duration, type] of notes) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = type;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(type === "square" ? 0.25 : 0.6, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + duration);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + duration + 0.02);
    at += duration + 0.05;
  }
}

export function signal(tone) {
  play(TONES[tone] || TONES.stop);
  if (navigator.vibrate) navigator.vibrate(VIBRATIONS[tone] || VIBRATIONS.stop);
}

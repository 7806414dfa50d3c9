// The live alarm stream, opened once per signed-in page with a one-minute ticket bought with the session,
// and what it tells a person who is not looking: a short beep and a count in the window's title for each
// new critical alarm that nobody has acknowledged yet. The beep can be muted; the browser remembers it.
import {api, session, t} from './core.js';

const MUTED = 'liftwatch.muted';
/** Open critical alarms still waiting for someone to acknowledge them, by id. */
const waiting = new Set();
let stream = null;
let audio = null;
let onEvent = () => {};

/** The page shown takes the stream's events (the previous page's handler is dropped). */
export function onAlarm(handler) {
  onEvent = handler;
}

export const muted = () => localStorage.getItem(MUTED) === 'yes';

export function setMuted(yes) {
  if (yes) localStorage.setItem(MUTED, 'yes'); else localStorage.removeItem(MUTED);
}

// Browsers let a page play sound only after a person's gesture: the audio context is made on the first one.
function unlock() {
  if (!audio && window.AudioContext) audio = new AudioContext();
}
document.addEventListener('pointerdown', unlock, {once: true});
document.addEventListener('keydown', unlock, {once: true});

/** Two short tones, no audio file needed; counted in body[data-beeps] so a test can see it happen. */
function beep() {
  document.body.dataset.lastAlert = muted() ? 'muted' : 'sound';
  if (muted() || !audio) return;
  const start = audio.currentTime;
  for (const [at, pitch] of [[0, 880], [0.3, 660]]) {
    const tone = audio.createOscillator(), volume = audio.createGain();
    tone.frequency.value = pitch;
    volume.gain.setValueAtTime(0.2, start + at);
    volume.gain.exponentialRampToValueAtTime(0.001, start + at + 0.25);
    tone.connect(volume).connect(audio.destination);
    tone.start(start + at);
    tone.stop(start + at + 0.25);
  }
  document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
}

function badge() {
  document.title = waiting.size ? `(${waiting.size}) ${t('app.title')}` : t('app.title');
}

/** A stream event: a new critical alarm beeps and counts; an acknowledged or cleared one stops counting. */
function notice(event) {
  if (event.severity === 'critical' && event.kind === 'raised' && !waiting.has(event.alarmId)) {
    waiting.add(event.alarmId);
    beep();
  } else if (event.kind === 'acknowledged' || event.kind === 'cleared' || event.kind === 'suppressed') {
    waiting.delete(event.alarmId);
  }
  badge();
}

/** The alarm board's open alarms as loaded: the count follows them (an alarm cleared elsewhere stops counting). */
export function sync(open) {
  waiting.clear();
  open.filter(a => a.severity === 'critical' && a.status === 'raised').forEach(a => waiting.add(a.id));
  badge();
}

/** Opens the stream once; each alarm event goes to the page shown. Reopens after an error or a closed ticket. */
export async function live() {
  if (stream) return;
  const status = document.getElementById('live');
  status.hidden = false;
  status.textContent = t('live.label');
  try {
    const {ticket} = await api('/alarms/stream/tickets', {method: 'POST'});
    stream = new EventSource('/api/v1/alarms/stream?ticket=' + encodeURIComponent(ticket));
  } catch (e) {
    status.className = 'live off';
    if (session.me) setTimeout(live, 5000);
    return;
  }
  stream.onopen = () => { status.className = 'live on'; };
  const reopen = () => { stream.close(); stream = null; status.className = 'live off'; if (session.me) setTimeout(live, 2000); };
  stream.onerror = reopen;
  stream.addEventListener('closed', reopen);
  stream.addEventListener('alarm', message => {
    let event = {};
    try {
      event = JSON.parse(message.data);
    } catch (e) {
      // an event the page cannot read still means something changed: the page reloads its list
    }
    notice(event);
    onEvent(event);
  });
}

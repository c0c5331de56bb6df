/**
 * The authorization server's own pages: sign-in and consent (with the standalone-launch patient
 * picker). Plain server-rendered HTML with labelled fields, no script, so they work in any app's
 * browser tab and with a keyboard alone; every interpolated value is escaped.
 */
import type { PickablePatient } from './patients.ts';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The API's CSP forbids everything; these pages may use their own inline styles (no scripts). */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

const STYLE = `body{font-family:system-ui,sans-serif;background:#f1f3f5;color:#1a1b1e;margin:0}
main{max-width:30rem;margin:4rem auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #868e96;border-radius:4px;font-size:1rem}
button{margin-top:1.25rem;padding:.55rem 1.2rem;font-size:1rem;border-radius:4px;border:1px solid #1864ab;background:#1864ab;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1864ab;margin-left:.5rem}ul{padding-left:1.2rem}code{font-size:.9rem}
p.error{color:#c92a2a;font-weight:600}button:focus,input:focus,select:focus{outline:3px solid #4dabf7;outline-offset:1px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)} · Lantern</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(o: { uid: string; appName: string; error?: string }): string {
  return page('Sign in', `<h1>Sign in to Lantern</h1><p><strong>${esc(o.appName)}</strong> asks to use your Lantern account.</p>
${o.error === undefined ? '' : `<p class="error" role="alert">${esc(o.error)}</p>`}
<form method="post" action="/smart/interaction/${esc(o.uid)}/login">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`);
}

export interface ConsentView {
  uid: string;
  appName: string;
  username: string;
  granted: readonly string[];
  refused: readonly string[];
  /** EHR launch: the launch's patient, already decided. */
  launchPatient: PickablePatient | null;
  /** Standalone launch asking for a patient: the picker. */
  picker: readonly PickablePatient[] | null;
  error?: string;
}

export function consentPage(v: ConsentView): string {
  const list = (xs: readonly string[]) => `<ul>${xs.map((s) => `<li><code>${esc(s)}</code></li>`).join('')}</ul>`;
  const patient = v.launchPatient !== null
    ? `<p>Patient: <strong>${esc(v.launchPatient.label)}</strong></p>`
    : v.picker === null ? ''
      : v.picker.length === 0 ? '<p class="error">You may not open any patient\'s chart, so this app cannot be given one.</p>'
        : `<label for="patient">Patient</label><select id="patient" name="patient" required><option value="">Choose a patient</option>${v.picker.map((p) => `<option value="${esc(p.id)}">${esc(p.label)}</option>`).join('')}</select>`;
  return page('Allow access', `<h1>Allow ${esc(v.appName)}?</h1>
<p>Signed in as <strong>${esc(v.username)}</strong>. The app will act as you and never see more than you may.</p>
${v.error === undefined ? '' : `<p class="error" role="alert">${esc(v.error)}</p>`}
<form method="post" action="/smart/interaction/${esc(v.uid)}/consent">
<h2>It asks for</h2>${list(v.granted)}
${v.refused.length === 0 ? '' : `<h2>Not available to your role</h2>${list(v.refused)}`}
${patient}
<button type="submit" name="decision" value="allow">Allow</button><button class="secondary" type="submit" name="decision" value="deny">Deny</button></form>`);
}

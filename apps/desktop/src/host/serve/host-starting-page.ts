/**
 * The renderer's index.html as sent while the host is still starting, for both hosts: browser mode
 * (http-server.ts) and Electron (main/workstation-startup.ts). No one can be signed in then (sessions
 * live in the host's memory and begin empty), so the page is told so and shows the sign-in form at
 * once instead of waiting for the host to answer `session.current` (renderer/main.tsx reads it).
 */

/** Put into index.html's head while the host starts. */
export const HOST_STARTING_META = '<meta name="lantern-host" content="starting">';

/** The page with HOST_STARTING_META in its head (after its tag, or else after the doctype), where the renderer finds it before it runs. */
export function withHostStartingMeta(html: string): string {
  const at = /<head[^>]*>|^<!doctype[^>]*>/i.exec(html);
  const end = at === null ? 0 : at.index + at[0].length;
  return `${html.slice(0, end)}${HOST_STARTING_META}${html.slice(end)}`;
}

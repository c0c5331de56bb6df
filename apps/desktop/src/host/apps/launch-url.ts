/**
 * The URL that opens a SMART app for an EHR launch
 * (https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch): the app's launch URL
 * with `iss` (the FHIR base of the server this workstation syncs with) and the server-minted `launch`.
 * Only http(s) launch URLs are opened: a registered URL is an administrator's, but the workstation
 * hands it to a browser or `shell.openExternal`, which must never run another scheme.
 */
import { LanternError } from '@lantern/core';

export function ehrLaunchUrl(launchUrl: string, serverUrl: string, launch: string): string {
  let url: URL;
  try {
    url = new URL(launchUrl);
  } catch {
    throw new LanternError('BAD_INPUT', 'The app\'s launch URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new LanternError('BAD_INPUT', 'The app\'s launch URL must be http or https');
  url.searchParams.set('iss', `${serverUrl.replace(/\/+$/, '')}/fhir/R4`);
  url.searchParams.set('launch', launch);
  return url.toString();
}

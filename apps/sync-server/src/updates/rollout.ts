/**
 * Staged rollout, decided on the server: a device is offered a package when its stable bucket
 * (SHA-256 of its device id, core's rolloutBucket) is below the package's percentage, so the same
 * device gets the same answer on every check and on every app server.
 */
import { createHash } from 'node:crypto';
import { inRollout, rolloutBucket } from '@lantern/core/workstation-version';

export const deviceBucket = (deviceId: string): number => rolloutBucket(createHash('sha256').update(deviceId, 'utf8').digest());

export const deviceInRollout = (deviceId: string, percentage: number): boolean => inRollout(deviceBucket(deviceId), percentage);

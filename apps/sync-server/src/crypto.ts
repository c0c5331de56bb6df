/** Node implementations of the small crypto interfaces core takes by injection. */
import { createHash, randomUUID } from 'node:crypto';
import type { Sha256Hex, UuidSource } from '@lantern/core';

export const sha256Hex: Sha256Hex = (data) => createHash('sha256').update(data, 'utf8').digest('hex');
export const uuidSource: UuidSource = { uuid: () => randomUUID() };

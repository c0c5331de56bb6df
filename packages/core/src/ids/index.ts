/**
 * Branded ids (CONVENTIONS.md #7): a PatientId cannot be passed where a DeviceId is wanted.
 * Every resource id is a UUID made on the client (ARCHITECTURE.md, Data model).
 */
import { z } from 'zod';

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type PatientId = Brand<string, 'PatientId'>;
export type ResourceId = Brand<string, 'ResourceId'>;
export type MutationId = Brand<string, 'MutationId'>;
export type DeviceId = Brand<string, 'DeviceId'>;
export type UserId = Brand<string, 'UserId'>;
export type ConflictId = Brand<string, 'ConflictId'>;

const uuid = z.string().uuid({ message: 'must be a UUID' });

export const PatientIdSchema = uuid.transform((s) => s as PatientId);
export const ResourceIdSchema = uuid.transform((s) => s as ResourceId);
export const MutationIdSchema = uuid.transform((s) => s as MutationId);
export const DeviceIdSchema = z.string().min(1).max(128).transform((s) => s as DeviceId);
export const UserIdSchema = z.string().min(1).max(128).transform((s) => s as UserId);
export const ConflictIdSchema = uuid.transform((s) => s as ConflictId);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID_RE.test(s);

/** Casts after a check; throws on a malformed id because that is a programming error. */
function brandUuid<B extends string>(kind: B) {
  return (s: string): Brand<string, B> => {
    if (!isUuid(s)) throw new Error(`${kind} must be a UUID`);
    return s as Brand<string, B>;
  };
}
export const asPatientId = brandUuid('PatientId') as (s: string) => PatientId;
export const asResourceId = brandUuid('ResourceId') as (s: string) => ResourceId;
export const asMutationId = brandUuid('MutationId') as (s: string) => MutationId;
export const asConflictId = brandUuid('ConflictId') as (s: string) => ConflictId;
export const asDeviceId = (s: string): DeviceId => s as DeviceId;
export const asUserId = (s: string): UserId => s as UserId;

/** Randomness is injected (CONVENTIONS.md #1): core never reaches for a global RNG. */
export interface UuidSource {
  uuid(): string;
}

export * from "./types.ts";
export * from './age.ts';

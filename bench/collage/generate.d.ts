// Types for generate.js (plain JS so the bench runs without a build step of its own).
export const TUNING_FAMILIES: string[];
export const HELDOUT_FAMILIES: string[];
export const LAYOUTS: string[];
export function makeScenePhoto(family: string, seed: number, options?: { width?: number; height?: number }): Promise<Buffer>;
export function makeCollagePhoto(
  cells: (string | Buffer)[],
  seed: number,
  options?: { layout?: string; width?: number; height?: number; gutter?: number; border?: boolean; gutterColor?: string },
): Promise<{ buffer: Buffer; layout: string; gutter: number; border: boolean }>;
export function sceneCases(split: 'tuning' | 'heldout', perFamily: number): { family: string; seed: number }[];

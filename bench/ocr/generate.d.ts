// Types for generate.js (plain JS so the bench runs without a build step of its own).
export type Box = [number, number, number, number];

export interface SignPhotoOptions {
  width?: number;
  height?: number;
  lines?: string[];
  font?: string;
  bold?: boolean;
  capPx?: number;
  tiltDeg?: number;
  cx?: number;
  cy?: number;
  light?: 'even' | 'uneven';
  orientation?: 1 | 3 | 6 | 8;
  seed?: number;
  quality?: number;
  paper?: string;
  ink?: string;
  grain?: number;
  overlay?: { text: string; capPx: number; cx: number; cy: number; color?: string; opacity?: number } | null;
}

export interface SignPhoto {
  buffer: Buffer;
  width: number;
  height: number;
  nameBox: Box | null;
  orientation: number;
}

export interface BenchCase {
  id: string;
  kind: 'positive' | 'negative' | 'tooSmall' | 'overlay';
  name: string;
  options: SignPhotoOptions;
}

export function rotatePoint(x: number, y: number, w: number, h: number, angleDeg: number): [number, number];
export function makeSignPhoto(options?: SignPhotoOptions): Promise<SignPhoto>;
export function iou(a: Box, b: Box): number;
export function benchCases(
  split: 'tuning' | 'heldout',
  options?: { scale?: number; positives?: number; negatives?: number; tooSmall?: number; overlays?: number },
): BenchCase[];

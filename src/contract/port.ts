/**
 * The long-lived port capture sends its batches on (zod-free: the content script imports it).
 * Each request carries a number of the content script's choosing, and the background answers
 * with the same number, so answers that cross (several batches in flight) find their batch.
 * The message inside is checked by the background like any other (`ContentMessage`).
 */
export const CAPTURE_PORT = 'leadline-capture';

export interface PortRequest {
  id: number;
  message: unknown;
}

export interface PortReply {
  id: number;
  reply: unknown;
}

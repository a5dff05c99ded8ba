import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/** Random bytes drawn from the OS a few kilobytes at a time: one system call per 256 ids, not one per id. */
const pool = Buffer.alloc(16 * 256);
let poolOffset = pool.length;

function randomInto(target: Buffer): void {
  if (poolOffset + target.length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  pool.copy(target, 0, poolOffset, poolOffset + target.length);
  // Bytes handed out are never handed out again.
  poolOffset += target.length;
}

/**
 * A UUIDv7: time-ordered, so sorting by id sorts by creation time. That lets every list page by a single
 * opaque id cursor in both store adapters. Ids made in the same millisecond by this process stay ordered
 * through a 12-bit sequence.
 */
export function newId(): string {
  const bytes = Buffer.allocUnsafe(16);
  randomInto(bytes);
  let ms = Date.now();
  if (ms <= lastMs) {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    sequence = bytes[7]! & 0x7f;
  }
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

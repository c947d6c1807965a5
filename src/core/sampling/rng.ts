import { randomInt } from "node:crypto";

/** Deterministic PRNG: the same seed always yields the same stream, on every platform. */
export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  nextUint32(): number;
  /** Unbiased integer in [0, maxExclusive); maxExclusive is an integer in [1, 2^53]. */
  nextInt(maxExclusive: number): number;
  /** Unbiased bigint in [0, maxExclusive); maxExclusive >= 1n. */
  nextBigInt(maxExclusive: bigint): bigint;
  /**
   * Independent stream derived from this generator's seed and `label` only, not from how many
   * numbers were drawn, so adding draws elsewhere never shifts a forked stream.
   */
  fork(label: string): Rng;
}

const MASK64 = (1n << 64n) - 1n;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** splitmix64 finaliser: a bijective 64-bit mixer, used both for seeding and for fork keys. */
function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** FNV-1a over the UTF-16 code units, then mixed: labels only need a stable, well-spread key. */
function hashLabel(label: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < label.length; i++) {
    h = ((h ^ BigInt(label.charCodeAt(i))) * 0x100000001b3n) & MASK64;
  }
  return mix64(h);
}

function normaliseSeed(seed: number | bigint): bigint {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`RNG seed must be a safe integer, got ${seed}`);
    }
    return BigInt.asUintN(64, BigInt(seed));
  }
  // Seeds wider than 64 bits are reduced modulo 2^64: the generator state is only 128 bits anyway.
  return BigInt.asUintN(64, seed);
}

const rotl32 = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** xoshiro128**: fast with 32-bit integer maths (no bigint per draw), period 2^128 - 1. */
class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(private readonly key: bigint) {
    let state = key;
    const words: number[] = [];
    for (let i = 0; i < 2; i++) {
      state = (state + GOLDEN_GAMMA) & MASK64;
      const out = mix64(state);
      words.push(Number(out & 0xffffffffn), Number(out >> 32n));
    }
    const [a = 0, b = 0, c = 0, d = 0] = words;
    // An all-zero state would be a fixed point; splitmix makes it practically impossible, but be sure.
    this.s0 = a === 0 && b === 0 && c === 0 && d === 0 ? 1 : a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
  }

  nextUint32(): number {
    const result = Math.imul(rotl32(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl32(this.s3, 11);
    return result;
  }

  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / TWO_POW_53;
  }

  nextInt(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > TWO_POW_53) {
      throw new Error(`nextInt bound must be an integer in [1, 2^53], got ${maxExclusive}`);
    }
    if (maxExclusive <= TWO_POW_32) {
      // Rejection keeps every residue equally likely (plain modulo would favour small values).
      const limit = TWO_POW_32 - (TWO_POW_32 % maxExclusive);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % maxExclusive;
      }
    }
    return Number(this.nextBigInt(BigInt(maxExclusive)));
  }

  nextBigInt(maxExclusive: bigint): bigint {
    if (maxExclusive < 1n) {
      throw new Error(`nextBigInt bound must be >= 1, got ${maxExclusive}`);
    }
    const bits = (maxExclusive - 1n).toString(2).length;
    const words = Math.ceil(bits / 32);
    const mask = (1n << BigInt(bits)) - 1n;
    for (;;) {
      let x = 0n;
      for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(this.nextUint32());
      x &= mask;
      if (x < maxExclusive) return x;
    }
  }

  fork(label: string): Rng {
    return new Xoshiro128(mix64(this.key ^ hashLabel(label)));
  }
}

export function createRng(seed: number | bigint): Rng {
  return new Xoshiro128(normaliseSeed(seed));
}

/** A fresh master seed from the OS CSPRNG, in [0, 2^32) so it is easy to type back in. */
export function randomMasterSeed(): number {
  return randomInt(0, TWO_POW_32);
}

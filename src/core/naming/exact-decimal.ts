/**
 * Exact decimal rendering of doubles with round-half-to-even on the exact binary value, which is
 * what Python's float formatting does. JS toFixed differs on exact ties (2.5 → "3", Python "2")
 * and gives up above 1e21, so names would not match what users expect from str.format.
 */

/** |x| as numerator / 2^shift (x finite). */
function exactFraction(x: number): { numerator: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return exponent >= 0 ? { numerator: mantissa << BigInt(exponent), shift: 0n } : { numerator: mantissa, shift: BigInt(-exponent) };
}

function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = 2n * (numerator % denominator);
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) {
    return quotient + 1n;
  }
  return quotient;
}

/** |x| rounded to `decimals` places, e.g. (2.5, 0) → "2", (0.125, 2) → "0.12". */
export function fixedDigits(x: number, decimals: number): string {
  const { numerator, shift } = exactFraction(x);
  const scaled = divideHalfEven(numerator * 10n ** BigInt(decimals), 1n << shift);
  const digits = scaled.toString().padStart(decimals + 1, "0");
  if (decimals === 0) return digits;
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** |x| rounded to 1 + `decimals` significant digits: the digit string and its decimal exponent. */
export function scientificDigits(x: number, decimals: number): { digits: string; exponent: number } {
  if (x === 0) return { digits: "0".repeat(decimals + 1), exponent: 0 };
  const { numerator, shift } = exactFraction(x);
  let exponent = Math.floor(Math.log10(Math.abs(x)));
  // log10 may be off by one near powers of ten, and rounding may carry into a new digit: retry.
  for (;;) {
    const power = decimals - exponent;
    const top = power >= 0 ? numerator * 10n ** BigInt(power) : numerator;
    const bottom = power >= 0 ? 1n << shift : (1n << shift) * 10n ** BigInt(-power);
    const digits = divideHalfEven(top, bottom).toString();
    if (digits.length === decimals + 2) exponent += 1;
    else if (digits.length === decimals) exponent -= 1;
    else return { digits, exponent };
  }
}

/** Python's exponent suffix: sign and at least two digits ("e-07", "e+16"). */
export function exponentSuffix(exponent: number, letter: "e" | "E"): string {
  const sign = exponent < 0 ? "-" : "+";
  return `${letter}${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

/** Python repr(float) of |x|: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
export function shortestRepr(x: number): string {
  const [mantissa = "0", exponentText = "0"] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0] ?? ""}.${digits.slice(1)}` : digits;
    return body + exponentSuffix(exponent, "e");
  }
  if (exponent < 0) return `0.${"0".repeat(-exponent - 1)}${digits}`;
  const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fractionPart = digits.slice(exponent + 1);
  return `${integerPart}.${fractionPart === "" ? "0" : fractionPart}`;
}

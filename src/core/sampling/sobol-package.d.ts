// Types for the untyped `sobol` package (CommonJS, Joe–Kuo direction numbers).
declare module "sobol" {
  export class SobolSequenceGenerator {
    constructor(dimensions: number);
    /** Next point in Gray-code order; the first call returns the origin. */
    nextVector(): number[];
  }
}

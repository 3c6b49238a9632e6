// Type declarations for the parts of jstat 1.9.6 that src/stats uses (the package ships no types).
// jstat is CommonJS: `import jStat from 'jstat'` yields the jStat object.
declare module 'jstat' {
  interface ContinuousDistribution {
    cdf(x: number, ...parameters: number[]): number;
    inv(p: number, ...parameters: number[]): number;
    pdf(x: number, ...parameters: number[]): number;
  }
  interface JStatStatic {
    normal: ContinuousDistribution;
    studentt: ContinuousDistribution;
    centralF: ContinuousDistribution;
    erfc(x: number): number;
  }
  const jStat: JStatStatic;
  export default jStat;
}

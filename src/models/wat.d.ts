/** `.wat` imports: the assembled WebAssembly binary (scripts/lib/wat.ts). */
declare module '*.wat' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}

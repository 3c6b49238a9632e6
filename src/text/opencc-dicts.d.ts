// opencc-js ships its character tables as plain ES modules (`export default "a b|c d"`) without
// type declarations; these are the two tables detect-language.ts reads to tell the scripts apart.
declare module 'opencc-js/dict/TSCharacters' {
  const table: string;
  export default table;
}
declare module 'opencc-js/dict/STCharacters' {
  const table: string;
  export default table;
}

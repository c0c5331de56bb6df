/** Vite's `?raw` import of a markdown file (tests compare the README with the data it states). */
declare module '*.md?raw' {
  const text: string;
  export default text;
}

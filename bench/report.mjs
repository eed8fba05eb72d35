/**
 * docs/benchmarks.md as the harness updates it: each module's figures live in a block between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, and the line of the last run between
 * `<!-- bench-run -->` and `<!-- /bench-run -->`. A run replaces only those blocks, in place;
 * everything else in the file (readings written by hand, sections of work that is not a module)
 * is kept as it is. A module without a block yet gets one at the end.
 */

export const HEADER = `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs): every figure, whether it meets its target or not.
Run one module with \`npm run bench -- NAME\` (e.g. \`npm run bench -- engine\`); its block below
is replaced and everything else in this file is kept. How to run and what each figure means:
bench/README.md.
`;

const blockPattern = (name) => {
  const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  return new RegExp(`<!-- bench:${escaped} -->[\\s\\S]*?<!-- /bench:${escaped} -->`);
};

/** Puts `block` (markers included) in place of the block of `name`, or at the end. */
function putBlock(text, name, block) {
  const pattern = blockPattern(name);
  // a function, so `$` in a figure's note is not read as a replacement pattern
  if (pattern.test(text)) return text.replace(pattern, () => block);
  return `${text.replace(/\n*$/, "\n\n")}${block}\n`;
}

const RUN_PATTERN = /<!-- bench-run -->[\s\S]*?<!-- \/bench-run -->/;

/**
 * The report after a run: `old` (the file's text, or "" when there is none) with the blocks of
 * `sections` ([name, block] pairs, block with its markers) and the last-run line replaced.
 */
export function updateReport(old, sections, lastRun) {
  const run = `<!-- bench-run -->${lastRun}<!-- /bench-run -->`;
  let text = old.trim() ? old : `${HEADER}\n${run}\n`;
  if (RUN_PATTERN.test(text)) text = text.replace(RUN_PATTERN, () => run);
  for (const [name, block] of sections) text = putBlock(text, name, block);
  return text;
}

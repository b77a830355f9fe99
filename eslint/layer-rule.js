// @ts-check
/**
 * Folder layers inside one source root, enforced with ESLint's built-in `no-restricted-imports`.
 *
 * `layers` lists the folders of `root` bottom first; folders on one row are peers. A file may import
 * its own folder and folders on LOWER rows only: never a peer, never a higher row, never the root's
 * entry files (`index.ts`, `node.ts`, `main.tsx`: they sit on top). Test files (`*.test.ts(x)`)
 * obey the same table but may also import the `testKit` folder, which is the top row.
 *
 * Each folder gets its own config block; keep them after any block that configures
 * `no-restricted-imports` for the same files (a later block replaces a rule's options).
 *
 * @param {string} root source root, e.g. `packages/sync/src`
 * @param {readonly (readonly string[])[]} layers folders, bottom row first
 * @param {{ testKit?: string }} [options]
 * @returns {import('eslint').Linter.Config[]}
 */
export function layerBlocks(root, layers, options = {}) {
  const table = layers.map((row, i) => `${i}: ${row.join(', ')}`).join('; ');
  /** @type {import('eslint').Linter.Config[]} */
  const blocks = [];
  layers.forEach((row, rank) => {
    for (const folder of row) {
      const above = layers
        .slice(rank)
        .flat()
        .filter((f) => f !== folder);
      const rule = (/** @type {string[]} */ banned) => [
        'error',
        {
          patterns: [
            ...(banned.length === 0
              ? []
              : [
                  {
                    regex: `^\\.\\./(${banned.join('|')})(/|$)`,
                    message: `${root}/${folder}/ may import only folders of lower layers (${table}).`,
                  },
                ]),
            {
              regex: '^\\.\\.(/[^/]+\\.tsx?)?/?$',
              message: `the entry files of ${root} sit above every folder; import the module itself.`,
            },
          ],
        },
      ];
      const files = [`${root}/${folder}/**/*.ts`, `${root}/${folder}/**/*.tsx`];
      const tests = [`${root}/${folder}/**/*.test.ts`, `${root}/${folder}/**/*.test.tsx`];
      blocks.push({ files, rules: { 'no-restricted-imports': rule(above) } });
      if (options.testKit !== undefined && options.testKit !== folder) {
        const kit = options.testKit;
        blocks.push({
          files: tests,
          rules: { 'no-restricted-imports': rule(above.filter((f) => f !== kit)) },
        });
      }
    }
  });
  // A folder missing from the table may import no sibling folder until it is given a row.
  blocks.push({
    files: [`${root}/*/**/*.ts`, `${root}/*/**/*.tsx`],
    ignores: layers.flat().map((f) => `${root}/${f}/**`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./',
              message: `this folder has no layer yet: add it to the layer table of ${root} in eslint.config.js.`,
            },
          ],
        },
      ],
    },
  });
  return blocks;
}

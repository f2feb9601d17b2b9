/** `npm run bench`: runs every benchmark of test/bench (or those named on the command line) and prints one table. */
import { readdir, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatMarkdown, type BenchReport, type Benchmark } from './bench-report.js';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
const resultsDirectory = join(benchDirectory, 'results');

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = (await readdir(benchDirectory))
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
    .sort();
  if (files.length === 0) {
    console.error(`bench: no benchmark matches ${wanted.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const reports: BenchReport[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(benchDirectory, file)).href)) as { default: Benchmark };
    console.error(`bench: running ${module.default.name} (${file})`);
    const report = await module.default.run();
    reports.push(report);
    console.log(formatMarkdown([report]));
  }
  const markdown = formatMarkdown(reports);
  await mkdir(resultsDirectory, { recursive: true });
  await writeFile(join(resultsDirectory, 'latest.md'), markdown);
  await writeFile(
    join(resultsDirectory, 'latest.json'),
    JSON.stringify({ measuredAt: new Date().toISOString(), reports }, null, 2) + '\n',
  );
  console.log('\nAll benchmarks, one table:\n');
  console.log(markdown);
  console.log(`bench: wrote ${join('test/bench/results', 'latest.md')} and latest.json`);
}

await main();

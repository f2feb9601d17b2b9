import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that start whole platforms or a browser take minutes; started last they would leave one
 * worker running alone at the end. They go first (largest first), then the rest in vitest's order.
 */
const LONG_RUNNING_FILES = ['test/flows/**/*.test.ts', '**/*.browser.test.ts'];
const EXCLUDED = ['**/node_modules/**', '**/dist/**', '.data/**', '.tmp/**'];

class LongRunningFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isLong = (file: TestSpecification) => file.project.name === 'flows';
    return [...sorted.filter(isLong), ...sorted.filter((file) => !isLong(file))];
  }
}

export default defineConfig({
  resolve: {
    // Workspace packages are used from source in tests (see the "tidepool-source" export condition).
    conditions: ['tidepool-source'],
  },
  ssr: {
    resolve: {
      conditions: ['tidepool-source'],
    },
  },
  test: {
    exclude: EXCLUDED,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // where most long files wait on the processes they start. Two keep both cores busy.
    maxWorkers: 2,
    sequence: { sequencer: LongRunningFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...EXCLUDED, ...LONG_RUNNING_FILES],
          // A worker runs its unit files one after another in one module graph rather than
          // importing the spec, the kit and their libraries again for each file: the unit
          // files took 330 s instead of 524 s, side by side. They leave no global state behind
          // (process.env, timers, listeners are restored by the files that change them).
          isolate: false,
        },
      },
      {
        extends: true,
        // Each in a fresh process: they set process-wide state (the time zone) and start platforms.
        test: { name: 'flows', include: LONG_RUNNING_FILES, isolate: true },
      },
    ],
  },
});

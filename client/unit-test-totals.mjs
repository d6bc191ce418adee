// A Vitest reporter (used by `ng test`, see angular.json) that ends the run with totals in the
// same form as node --test's TAP summary, so scripts/test.sh counts unit tests like the others:
//   # tests N / # pass N / # fail N / # skipped N
// A spec file that fails to load, a failing suite hook and an error outside any test each count
// as one failure: the run fails for them, so the totals say so too.

/** @typedef {import('vitest/node').TestModule} TestModule */

export default class UnitTestTotals {
  /** @param {ReadonlyArray<TestModule>} modules @param {ReadonlyArray<unknown>} unhandledErrors */
  onTestRunEnd(modules, unhandledErrors) {
    let pass = 0;
    let fail = 0;
    let skipped = 0;
    for (const module of modules) {
      if (module.errors().length > 0) fail++;
      for (const suite of module.children.allSuites()) if (suite.errors().length > 0) fail++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') pass++;
        else if (state === 'failed') fail++;
        else skipped++;
      }
    }
    fail += unhandledErrors.length;
    const lines = [`# tests ${pass + fail + skipped}`, `# pass ${pass}`, `# fail ${fail}`, `# skipped ${skipped}`];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

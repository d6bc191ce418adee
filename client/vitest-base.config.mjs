// Vitest settings the Angular unit-test builder (angular.json, test target) adds to its own:
// console output (kurento-utils logs every step) is shown only for tests that fail.
export default {
  test: {
    silent: 'passed-only',
  },
};

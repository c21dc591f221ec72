/** The test run of a draft: its button (with the drawer it opens) is all the draft page needs. */
export { TestRunButton } from './test-run-button.js';

/**
 * The portal's form renderer, for the designer's live preview and test runs: an entry point of
 * its own (beside index.ts) so that only the designer pages that render forms load it.
 */
export { FlowdeskForm, FormSkeleton, type FormView, type LoadedForm } from './src/shared/forms/flowdesk-form.js';
export { loadValidator } from './src/shared/forms/compiled-validator.js';

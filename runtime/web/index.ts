/**
 * What the web apps share with the designer (designer/ is a web app too, built apart): the API
 * client, session and language, the app frame. The form renderer the portal uses is in forms.ts,
 * the other entry point, so the designer's preview is the very form a requester will see.
 * Browser code only.
 */
export { api, apiUrl, ApiError, readAnswer, upload, type ProblemDetail, type RequestOptions } from './src/shared/api.js';
export { validatorRequire } from './src/shared/forms/ajv-runtime.js';
export { AppFrame } from './src/shared/app-frame.js';
export { mountApp } from './src/shared/app-root.js';
export { useBundleText } from './src/shared/bundle-texts.js';
export { Failure } from './src/shared/failure.js';
export { I18nProvider, LOCALES, useI18n, type Locale } from './src/shared/i18n/index.js';
export { useSession, type Session, type SessionUser } from './src/shared/session.js';
export { useApi, type Loaded } from './src/shared/use-api.js';
import './src/shared/base.css';

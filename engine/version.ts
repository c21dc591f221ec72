/** This Flowdesk's version, checked against each bundle's `flowdesk` range. Kept equal to package.json by a test. */
export const FLOWDESK_VERSION = '0.1.0';

/** Size limits applied to every bundle, whether read from a folder or an archive. */
export interface BundleLimits {
  /** Sum of all file sizes, decompressed. */
  maxBundleBytes: number;
  /** Largest single file. */
  maxFileBytes: number;
  /** Most files (archive entries) in one bundle. */
  maxEntries: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxBundleBytes: 50 * 1024 * 1024,
  maxFileBytes: 10 * 1024 * 1024,
  maxEntries: 2000,
};

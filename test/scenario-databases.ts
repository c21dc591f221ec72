import { testDialects } from './for-each-database.js';

const MYSQL_DEFAULT = 'mysql://root@127.0.0.1:3306/flowdesk_test';

/**
 * The databases scenario runs use in this test run, each as `runScenarios` takes it: no URL for a
 * temporary SQLite file per scenario, the MySQL server's URL (a database per scenario is made there).
 */
export function scenarioDatabases(): Array<{ dialect: string; databaseUrl: string | undefined }> {
  return testDialects().map((dialect) => ({ dialect, databaseUrl: dialect === 'mysql' ? process.env['FLOWDESK_TEST_MYSQL_URL'] || MYSQL_DEFAULT : undefined }));
}

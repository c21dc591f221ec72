import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { flowdeskPlugin } from './eslint-rules/room-direction.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'scratch-*', 'definitions/**/plugins/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly' } },
    plugins: { flowdesk: flowdeskPlugin },
    rules: {
      'flowdesk/room-direction': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'named exports only' },
        { selector: "CallExpression[callee.name='eval']", message: 'never eval' },
        { selector: "NewExpression[callee.name='Function']", message: 'never new Function' },
      ],
      'no-restricted-imports': ['error', { paths: [{ name: 'node:vm', message: 'bundle code runs only in isolated-vm through plugins/' }, { name: 'vm', message: 'bundle code runs only in isolated-vm through plugins/' }] }],
    },
  },
  {
    files: ['*.config.js', 'eslint.config.js', 'runtime/web/vite.config.js', 'designer/vite.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);

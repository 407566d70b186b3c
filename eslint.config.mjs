// One lint config for the extension, the webview scripts, the tests and the build scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Child processes run a fixed executable with an argument list, never through a shell.
const noShell = ['child_process', 'node:child_process'].map((name) => ({
  name,
  importNames: ['exec', 'execSync'],
  message: 'Never run a shell: use execFile with an argument list and a timeout.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': ['error', { paths: noShell }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The core must not know VS Code: it is unit-tested without it.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [...noShell, { name: 'vscode', message: 'src/core is VS Code-free.' }] },
      ],
    },
  },
  {
    // CommonJS modules that VS Code loads directly (benchmark probes, a baseline extension).
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        global: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

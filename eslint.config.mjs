import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**", "out/**", "node_modules/**", "examples/**/node_modules/**", "examples/python/**",
      "tools/**", "test/fixtures/source/**", "**/*.svelte", ".langgraph_api/**", "**/.langgraph_api/**", "test-results/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { paths: [{ name: "vscode", message: "Only src/host and src/extension.ts may import vscode." }] }],
    },
  },
  {
    files: ["src/host/**/*.ts", "src/extension.ts", "test/e2e/**"],
    rules: { "no-restricted-imports": "off" },
  },
);
